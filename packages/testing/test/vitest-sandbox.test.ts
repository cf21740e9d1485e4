import { CozeAPI } from '@coze/api';
import { expect, it } from 'vitest';
import { useCozeMock, useCozeMockSandbox } from '../src/vitest.js';

it('useCozeMockSandbox gives this file its own mock on the shared server; its reset leaves the shared one alone', async () => {
  const shared = useCozeMock();
  const sandbox = await useCozeMockSandbox();
  expect(await useCozeMockSandbox()).toBe(sandbox);
  expect(sandbox.baseURL.startsWith(`${shared.url}/__sandbox/`)).toBe(true);

  const sharedPat = await shared.control.addPat({ permissions: ['getUserProfile'] });
  const ownPat = await sandbox.control.addPat({ permissions: ['getUserProfile'] });
  await sandbox.control.reset();
  // The shared mock's run-time PAT survives the sandbox's reset; the sandbox's own is gone.
  expect((await new CozeAPI({ token: sharedPat.token, baseURL: shared.url }).users.me()).user_id).toBe(shared.fixtures.user.user_id);
  await expect(new CozeAPI({ token: ownPat.token, baseURL: sandbox.baseURL }).users.me()).rejects.toMatchObject({ code: 4100 });
  // A PAT of the shared mock means nothing to the sandbox: separate run-time fixtures.
  await expect(new CozeAPI({ token: sharedPat.token, baseURL: sandbox.baseURL }).users.me()).rejects.toMatchObject({ code: 4100 });
  await shared.control.revokeToken(sharedPat.token);
});
