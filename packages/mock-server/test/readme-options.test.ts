/**
 * This package's README names every option: each top-level member of the config file (config.schema.json, from the
 * zod schema) appears in its "Options:" line, so adding an option without documenting it fails here.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { configJsonSchema } from '../src/config/json-schema.js';

it('the README\'s option list names every member of the config file', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('- Options:');
  expect(start, 'the README has an "- Options:" line').toBeGreaterThan(0);
  const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
  const named = new Set([...paragraph.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]));
  const options = Object.keys((configJsonSchema() as { properties: Record<string, unknown> }).properties).filter((key) => key !== '$schema');
  expect(options.filter((option) => !named.has(option))).toEqual([]);
});
