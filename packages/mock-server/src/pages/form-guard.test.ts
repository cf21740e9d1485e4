import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app.js';

const COOKIE = 'coze_mock_form';

/** Opens the device page with an optional planted cookie; returns the form token and the cookie the page set. */
async function openDevicePage(app: ReturnType<typeof createMockApp>, planted?: string) {
  const res = await app.request('/oauth/device', planted ? { headers: { cookie: `${COOKIE}=${planted}` } } : {});
  const html = await res.text();
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const set = /coze_mock_form=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  return { token, set };
}

function post(app: ReturnType<typeof createMockApp>, form: Record<string, string>, headers: Record<string, string>) {
  return app.request('/oauth/device', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

describe('form guard', () => {
  it('keeps a well-formed planted cookie, and replaces one with a stray character at either end', async () => {
    const app = createMockApp();
    const good = 'A'.repeat(32);
    expect((await openDevicePage(app, good)).set).toBeUndefined();
    for (const planted of [`${good}-`, `-${good}`, 'short']) {
      const { set } = await openDevicePage(app, planted);
      expect(set, planted).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(set).not.toBe(good);
    }
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 'cross-site form submission'],
    ['a foreign Origin', { origin: 'http://evil.example' }, 'form posted from another origin'],
  ])('refuses %s, saying so on the page', async (_name, headers, why) => {
    const app = createMockApp();
    const { token, set } = await openDevicePage(app);
    const res = await post(app, { csrf_token: token, user_code: 'BCDF-GHJK', decision: 'approve' }, { cookie: `${COOKIE}=${set}`, ...headers });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`This request could not be verified: ${why}.`);
  });

  it.each([
    ['no token', () => ({}), 'missing anti-forgery token'],
    ['an unknown token', () => ({ csrf_token: 'x'.repeat(40) }), 'unknown or expired anti-forgery token'],
  ])('refuses %s', async (_name, form, why) => {
    const app = createMockApp();
    const { set } = await openDevicePage(app);
    const res = await post(app, { ...form(), user_code: 'BCDF-GHJK', decision: 'approve' }, { cookie: `${COOKIE}=${set}` });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`This request could not be verified: ${why}.`);
  });

  it('refuses a token posted without its cookie', async () => {
    const app = createMockApp();
    const { token } = await openDevicePage(app);
    const res = await post(app, { csrf_token: token, user_code: 'BCDF-GHJK', decision: 'approve' }, { cookie: `${COOKIE}=${'B'.repeat(32)}` });
    expect(await res.text()).toContain('This request could not be verified: anti-forgery cookie missing or does not match.');
  });
});
