/**
 * The root README's "Point the SDK at the mock" snippet, run as written against a mock on port 0 (only its baseURL
 * line changed): every flow in it must end with a token, so the snippet a new user copies keeps working.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { runReadmeSnippet } from './readme-support.js';

let server: RunningMockServer;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(() => server.close());

it('the README snippet gets a token in every flow (web, refresh, PKCE, device, JWT) and reads users.me', async () => {
  const ran = await runReadmeSnippet<Record<string, { access_token: string }>>(server, 'import { CozeAPI', ['token', 'next', 'pkceToken', 'deviceToken', 'jwtToken']);
  expect(Object.keys(ran).sort()).toEqual(['deviceToken', 'jwtToken', 'next', 'pkceToken', 'token']);
  for (const [name, reply] of Object.entries(ran)) expect(reply.access_token, name).toMatch(/^cz[us]_/);
});
