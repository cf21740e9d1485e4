// A user's vitest file, installed from the packed tarballs: PAT, JWT and device flows through @coze-mock/testing/vitest.
import { CozeAPI, getDeviceCode, getDeviceToken, getJWTToken } from '@coze/api';
import { expect, test } from '@coze-mock/testing/vitest';

test('PAT: users.me returns the fixture user', async ({ cozeMock }) => {
  const client = new CozeAPI({ token: cozeMock.fixtures.pat, baseURL: cozeMock.url });
  expect((await client.users.me()).user_id).toBe(cozeMock.fixtures.user.user_id);
});

test('JWT: getJWTToken returns a service token that reads the user', async ({ cozeMock }) => {
  const { appId, keyId, privateKey } = cozeMock.fixtures.apps.jwt;
  const token = await getJWTToken({ baseURL: cozeMock.url, appId, keyid: keyId, aud: 'api.coze.cn', privateKey });
  expect(token.access_token).toMatch(/^czs_/);
  const client = new CozeAPI({ token: token.access_token, baseURL: cozeMock.url });
  expect((await client.users.me()).user_id).toBeTruthy();
});

test('device: approved through the control client, slow_down waited out with advanceClock', async ({ cozeMock }) => {
  const { clientId } = cozeMock.fixtures.apps.device;
  const code = await getDeviceCode({ baseURL: cozeMock.url, clientId });
  await expect(getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: code.device_code })).rejects.toMatchObject({
    rawError: { error: 'authorization_pending' },
  });
  await cozeMock.control.approveDevice(code.user_code);
  await cozeMock.control.advanceClock(code.interval);
  const token = await getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: code.device_code });
  const client = new CozeAPI({ token: token.access_token, baseURL: cozeMock.url });
  expect((await client.users.me()).user_id).toBe(cozeMock.fixtures.user.user_id);
});

test('device: a code left past its lifetime expires (advanceClock)', async ({ cozeMock }) => {
  const { clientId } = cozeMock.fixtures.apps.device;
  const code = await getDeviceCode({ baseURL: cozeMock.url, clientId });
  await cozeMock.control.advanceClock(code.expires_in + 1);
  await expect(getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: code.device_code })).rejects.toMatchObject({
    rawError: { error: 'expired_token' },
  });
});
