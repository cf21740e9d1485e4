import { expect, it } from 'vitest';
import { useCozeMock } from '../src/vitest.js';

it('cozeMockGlobalSetup provides one mock for the run: url, fixtures, control client', async () => {
  const { url, fixtures, control } = useCozeMock();
  const reply = await fetch(`${url}/v1/users/me`, { headers: { authorization: `Bearer ${fixtures.pat}` } });
  expect(reply.status).toBe(200);
  expect(((await reply.json()) as { data: { user_id: string } }).data.user_id).toBe(fixtures.user.user_id);
  expect((await control.fixtures()).pat).toBe(fixtures.pat);
});
