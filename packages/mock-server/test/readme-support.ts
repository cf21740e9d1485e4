/**
 * Runs a TypeScript snippet of the root README as written against a running mock (only its `baseURL` line changed),
 * so the examples a new user copies keep working.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RunningMockServer } from '../src/server.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const BASE_URL_LINE = "const baseURL = 'http://127.0.0.1:8787';";

/**
 * The values `exported` of the README's ```ts block that begins with `opening`, run against `server`.
 *
 * @example
 * const { token } = await runReadmeSnippet(server, 'import { CozeAPI', ['token']);
 */
export async function runReadmeSnippet<T>(server: RunningMockServer, opening: string, exported: string[]): Promise<T> {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(`\`\`\`ts\n${opening}`);
  expect(start, 'the snippet is in the README').toBeGreaterThan(0);
  const snippet = readme.slice(start + '```ts\n'.length, readme.indexOf('```', start + 5));
  expect(snippet).toContain(BASE_URL_LINE);
  // Under test-results/ (the test task's output folder): neither lint nor the typecheck nor turbo's inputs read it.
  const module = fileURLToPath(new URL(`../test-results/readme-${exported[0]}-${process.pid}.ts`, import.meta.url));
  mkdirSync(dirname(module), { recursive: true });
  writeFileSync(module, `${snippet.replace(BASE_URL_LINE, `const baseURL = ${JSON.stringify(server.url)};`)}\nexport { ${exported.join(', ')} };\n`);
  try {
    return (await import(module)) as T;
  } finally {
    rmSync(module, { force: true });
  }
}
