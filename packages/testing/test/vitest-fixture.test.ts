import { CozeAPI, getDeviceCode, getDeviceToken } from '@coze/api';
import { describe } from 'vitest';
import { expect, test } from '../src/vitest.js';

describe('the cozeMock fixture', () => {
  let firstUrl = '';

  test('hands over url, fixtures and a control client; the real SDK works against it', async ({ cozeMock }) => {
    firstUrl = cozeMock.url;
    expect(cozeMock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cozeMock.port).toBe(Number(new URL(cozeMock.url).port));
    const me = await new CozeAPI({ token: cozeMock.fixtures.pat, baseURL: cozeMock.url }).users.me();
    expect(me.user_id).toBe(cozeMock.fixtures.user.user_id);
  });

  test('is one mock per file, reset before each test: state and clock are fresh', async ({ cozeMock }) => {
    expect(cozeMock.url).toBe(firstUrl);
    const before = await cozeMock.control.clock();
    await cozeMock.control.advanceClock(3600);
    expect((await cozeMock.control.clock()).nowSeconds).toBeGreaterThanOrEqual(before.nowSeconds + 3600);
    await fetch(`${cozeMock.url}/v1/workspaces`);
    expect(await cozeMock.control.journal({ path: '/v1/workspaces' })).toHaveLength(1);
  });

  test('…so the next test starts at now again with an empty journal', async ({ cozeMock }) => {
    expect(Math.abs((await cozeMock.control.clock()).nowSeconds - Date.now() / 1000)).toBeLessThan(60);
    expect(await cozeMock.control.journal({ path: '/v1/workspaces' })).toEqual([]);
  });

  test('drives a device flow and a token expiry without waiting (the README example)', async ({ cozeMock }) => {
    const { clientId } = cozeMock.fixtures.apps.device;
    const code = await getDeviceCode({ baseURL: cozeMock.url, clientId });
    await cozeMock.control.approveDevice(code.user_code);
    const token = await getDeviceToken({ baseURL: cozeMock.url, clientId, deviceCode: code.device_code });
    expect(token.access_token).toMatch(/^czu_/);
    await cozeMock.control.advanceClock(15 * 60 + 1);
    await expect(new CozeAPI({ token: token.access_token, baseURL: cozeMock.url }).users.me()).rejects.toThrow();
  });
});
