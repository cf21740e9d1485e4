/**
 * The root README's "Point the SDK at the mock" snippet, run as written against a mock on port 0 (only its baseURL
 * line changed): every flow in it must end with a token, so the snippet a new user copies keeps working.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/server.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
// Under test-results/ (the test task's output folder): neither lint nor the typecheck nor turbo's inputs read it.
const module = fileURLToPath(new URL(`../test-results/readme-snippet-${process.pid}.ts`, import.meta.url));
let server: RunningMockServer;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(async () => {
  rmSync(module, { force: true });
  await server.close();
});

it('the README snippet gets a token in every flow (web, refresh, PKCE, device, JWT) and reads users.me', async () => {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf("```ts\nimport { CozeAPI");
  expect(start, 'the snippet is in the README').toBeGreaterThan(0);
  const snippet = readme.slice(start + '```ts\n'.length, readme.indexOf('```', start + 5));
  const baseUrlLine = "const baseURL = 'http://127.0.0.1:8787';";
  expect(snippet).toContain(baseUrlLine);
  mkdirSync(dirname(module), { recursive: true });
  writeFileSync(
    module,
    `${snippet.replace(baseUrlLine, `const baseURL = ${JSON.stringify(server.url)};`)}\nexport { token, next, pkceToken, deviceToken, jwtToken };\n`,
  );
  const ran = (await import(module)) as Record<string, { access_token: string }>;
  expect(Object.keys(ran).sort()).toEqual(['deviceToken', 'jwtToken', 'next', 'pkceToken', 'token']);
  for (const [name, reply] of Object.entries(ran)) expect(reply.access_token, name).toMatch(/^cz[us]_/);
});
