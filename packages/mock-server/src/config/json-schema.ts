import * as z from 'zod';
import { getConfigSchema } from './schema.js';

/**
 * The JSON Schema of the config file, generated from the zod schema so the two never drift. Shipped as
 * `config.schema.json` for editors: put `"$schema": "./node_modules/@coze-mock/server/config.schema.json"` in a config.
 *
 * @example
 * JSON.stringify(configJsonSchema(), null, 2);
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(getConfigSchema(), { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  return {
    ...schema,
    $id: 'https://github.com/coze-mock/coze-mock/config.schema.json',
    title: 'coze-mock configuration',
    description: 'Apps, users, workspaces, PATs, keys, lifetimes and limits added to the seeded fixtures of coze-mock.',
  };
}
