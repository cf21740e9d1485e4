// Writes config.schema.json from the zod schema (run by `pnpm --filter @coze-mock/server schema`; a test checks it).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/json-schema.js';

writeFileSync(new URL('../config.schema.json', import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
