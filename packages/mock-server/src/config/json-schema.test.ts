import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';
import { parseConfig } from './schema.js';

const root = new URL('../../../../', import.meta.url);

describe('config.schema.json', () => {
  it('is what the zod schema generates (run `pnpm --filter @coze-mock/server schema` after changing it)', () => {
    const shipped = JSON.parse(readFileSync(new URL('packages/mock-server/config.schema.json', root), 'utf8'));
    expect(shipped).toEqual(configJsonSchema());
  });

  it('describes every top-level option the config file accepts', () => {
    const properties = Object.keys((configJsonSchema() as { properties: object }).properties);
    for (const option of ['publicUrl', 'corsOrigins', 'bodyLimitBytes', 'limits', 'lifetimes', 'apps', 'audiences']) {
      expect(properties).toContain(option);
    }
  });

  it('accepts the README’s example config as written', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = readme.slice(readme.indexOf('## The config file'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    expect(() => parseConfig(JSON.parse(example as string), 'README example')).not.toThrow();
  });
});
