import { CozeAPI } from '@coze/api';
import { expect, it } from 'vitest';
import { useCozeMockSandbox } from '../src/vitest.js';

// `useCozeMockSandbox({ resetEachTest: true })`: the file's sandbox is reset before each test, as the cozeMock fixture
// resets its mock (the tests below run in order: the second sees what the first left, or not).
const sandbox = await useCozeMockSandbox({ resetEachTest: true });
let pat = '';

it('a test moves the sandbox clock a day ahead and adds a PAT', async () => {
  expect((await sandbox.control.advanceClock(86_400)).nowSeconds - Date.now() / 1000).toBeGreaterThan(86_000);
  pat = (await sandbox.control.addPat({ permissions: ['getUserProfile'] })).token;
  expect((await new CozeAPI({ token: pat, baseURL: sandbox.baseURL }).users.me()).user_id).toBe(sandbox.fixtures.user.user_id);
});

it('the next test starts on a reset sandbox: clock at now, the PAT gone', async () => {
  expect(pat).not.toBe('');
  expect(Math.abs((await sandbox.control.clock()).nowSeconds - Date.now() / 1000)).toBeLessThan(60);
  await expect(new CozeAPI({ token: pat, baseURL: sandbox.baseURL }).users.me()).rejects.toMatchObject({ code: 4100 });
});
