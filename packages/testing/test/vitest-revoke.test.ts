import { CozeAPI, getDeviceCode, getDeviceToken } from '@coze/api';
import { expect, test } from '../src/vitest.js';

// A black-box test: the app under test keeps its token to itself (here a closure); the test finds that token in the
// journal by fingerprint and revokes it through the control API, as a user's test would.
test('revokes the app\'s token by the fingerprint the journal shows; the app\'s next call gets 4100', async ({ cozeMock }) => {
  const { clientId } = cozeMock.fixtures.apps.device;
  const app = await (async () => {
    const code = await getDeviceCode({ baseURL: cozeMock.url, clientId });
    await cozeMock.control.approveDevice(code.user_code);
    const { access_token } = await getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: code.device_code });
    return { me: () => new CozeAPI({ token: access_token, baseURL: cozeMock.url }).users.me() };
  })();
  await app.me();

  const [call] = await cozeMock.control.journal({ path: '/v1/users/me' });
  expect(call?.tokenFingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(await cozeMock.control.revokeToken({ fingerprint: call?.tokenFingerprint as string })).toBe(1);
  await expect(app.me()).rejects.toMatchObject({ code: 4100 });
});

test('revokes every session of an app by its client id', async ({ cozeMock }) => {
  const { clientId } = cozeMock.fixtures.apps.device;
  const tokens = [];
  for (let i = 0; i < 2; i++) {
    const code = await getDeviceCode({ baseURL: cozeMock.url, clientId });
    await cozeMock.control.approveDevice(code.user_code);
    tokens.push((await getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: code.device_code })).access_token);
  }
  expect(await cozeMock.control.revokeToken({ clientId })).toBe(4);
  for (const token of tokens) await expect(new CozeAPI({ token, baseURL: cozeMock.url }).users.me()).rejects.toMatchObject({ code: 4100 });
});
