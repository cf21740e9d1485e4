/**
 * The browser half under attack (issue 8 "What held"): open redirects through redirect_uri (at least 30 tricks),
 * forged consent POSTs (CSRF), markup injected wherever attacker input is rendered (XSS), and CR/LF in anything that
 * reaches a header. Each refusal is checked to have changed nothing: the honest approval still works afterwards.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import {
  authorize,
  authorizeQuery,
  decide,
  fixturesOf,
  newMock,
  openConsent,
  openForm,
  postForm,
  webCode,
} from '../helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const REGISTERED = 'http://127.0.0.1:8080/callback';

const redirectTricks: string[] = [
  'http://evil.example/callback',
  '//evil.example/callback',
  'https://127.0.0.1:8080/callback',
  'http://127.0.0.1:8081/callback',
  'http://127.0.0.1:8080/callback/',
  'http://127.0.0.1:8080/Callback',
  'http://127.0.0.1:8080//callback',
  'http://127.0.0.1:8080/callback/../evil',
  'http://127.0.0.1:8080/callback/..%2Fevil',
  'http://127.0.0.1:8080/callback%2F..%2Fevil',
  'http://127.0.0.1:8080/callback?next=http://evil.example',
  'http://127.0.0.1:8080/callback#@evil.example',
  'http://127.0.0.1:8080/callback;evil',
  'http://127.0.0.1:8080/callback.evil.example',
  'http://127.0.0.1:8080/callbackx',
  'http://127.0.0.1:8080@evil.example/callback',
  'http://127.0.0.1:8080\\@evil.example/callback',
  'http://evil.example#http://127.0.0.1:8080/callback',
  'http://evil.example?http://127.0.0.1:8080/callback',
  'http://evil.example/http://127.0.0.1:8080/callback',
  'HTTP://127.0.0.1:8080/callback',
  'http://127.0.0.1.:8080/callback',
  'http://127.1:8080/callback',
  'http://2130706433:8080/callback',
  'http://0x7f000001:8080/callback',
  'http://127.0.0.1:08080/callback',
  'http://[::ffff:127.0.0.1]:8080/callback',
  'http://127.0.0.1%3A8080/callback',
  ' http://127.0.0.1:8080/callback',
  'http://127.0.0.1:8080/callback ',
  'http://127.0.0.1:8080/callback\t',
  'http://127.0.0.1:8080/callback\u0000',
  'http://127.0.0.1:8080/callback\r\nLocation: http://evil.example',
  'http://127.0.0.1:8080/call%62ack',
  'http://127.0.0.1:8080/callback%00',
  'http://xn--127-0-0-1.evil.example:8080/callback',
  'http://127。0。0。1:8080/callback',
  'javascript:alert(document.cookie)//http://127.0.0.1:8080/callback',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'ftp://127.0.0.1:8080/callback',
  '',
];

describe('open redirect: redirect_uri tricks', () => {
  it('the trick list is long enough and the registered URI itself is accepted (control)', async () => {
    expect(redirectTricks.length).toBeGreaterThanOrEqual(30);
    expect(fixturesOf(app).apps.web.redirectUris).toContain(REGISTERED);
    const res = await authorize(app, authorizeQuery(app, { redirect_uri: REGISTERED }));
    expect(res.headers.get('location')).toMatch(/^\/oauth\/consent\?authorize_key=/);
  });

  it.each(redirectTricks.map((uri) => [JSON.stringify(uri), uri]))('%s: an error page, no redirect, also with a bad response_type', async (_name, uri) => {
    for (const overrides of [{ redirect_uri: uri }, { redirect_uri: uri, response_type: 'token' }]) {
      const res = await authorize(app, authorizeQuery(app, overrides));
      expect(res.headers.get('location')).toBeNull();
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('redirect_uri given twice, the second foreign: only the first counts, and it is the registered one', async () => {
    const query = `${new URLSearchParams(authorizeQuery(app))}&redirect_uri=${encodeURIComponent('http://evil.example/cb')}`;
    const start = await app.request(`/api/permission/oauth2/authorize?${query}`);
    const page = await openForm(app, start.headers.get('location') as string);
    const res = await decide(app, page);
    expect(new URL(res.headers.get('location') as string).origin + new URL(res.headers.get('location') as string).pathname).toBe(REGISTERED);
  });
});

describe('consent CSRF: a forged decision issues no code', () => {
  type Forge = [name: string, send: (page: Awaited<ReturnType<typeof openConsent>>) => Response | Promise<Response>];
  const forgeries: Forge[] = [
    ['no anti-forgery token', (p) => postForm(app, '/oauth/consent', { authorize_key: p.key, decision: 'approve' }, { cookie: p.cookie })],
    ['a made-up token', (p) => postForm(app, '/oauth/consent', { authorize_key: p.key, csrf_token: 'x'.repeat(40), decision: 'approve' }, { cookie: p.cookie })],
    ['no cookie', (p) => postForm(app, '/oauth/consent', { authorize_key: p.key, csrf_token: p.csrf, decision: 'approve' })],
    ['another browser’s cookie', (p) => decide(app, { ...p, cookie: `coze_mock_form=${'A'.repeat(32)}` })],
    ['Sec-Fetch-Site: cross-site', (p) => decide(app, p, 'approve', { 'sec-fetch-site': 'cross-site' })],
    ['Sec-Fetch-Site: same-site', (p) => decide(app, p, 'approve', { 'sec-fetch-site': 'same-site' })],
    ['a foreign Origin', (p) => decide(app, p, 'approve', { origin: 'http://evil.example' })],
    ['Origin null', (p) => decide(app, p, 'approve', { origin: 'null' })],
    ['a text/plain body', (p) => app.request('/oauth/consent', { method: 'POST', headers: { 'content-type': 'text/plain', cookie: p.cookie }, body: `authorize_key=${p.key}&csrf_token=${p.csrf}&decision=approve` })],
    ['a GET carrying the form', (p) => app.request(`/oauth/consent?authorize_key=${p.key}&csrf_token=${p.csrf}&decision=approve`, { headers: { cookie: p.cookie } })],
  ];

  it.each(forgeries)('%s', async (_name, send) => {
    const page = await openConsent(app, authorizeQuery(app));
    const res = await send(page);
    expect(res.headers.get('location') ?? '').not.toMatch(/code=/);
    expect(res.status).not.toBe(302);
    // The honest browser can still decide: the forgery consumed nothing it needs (a fresh page gives a fresh token).
    const again = await openForm(app, `/oauth/consent?authorize_key=${page.key}`, page.cookie);
    expect(new URL((await decide(app, again)).headers.get('location') as string).searchParams.get('code')).toMatch(/^code_/);
  });

  it('a token minted for one authorization does not decide another', async () => {
    const first = await openConsent(app, authorizeQuery(app));
    const second = await openConsent(app, authorizeQuery(app));
    const res = await decide(app, { ...second, csrf: first.csrf, cookie: first.cookie });
    expect(res.status).toBe(403);
  });

  it('a used token does not decide twice', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    expect((await decide(app, page)).status).toBe(302);
    expect((await decide(app, page)).status).toBeGreaterThanOrEqual(400);
  });
});

const PAYLOAD = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>';

/** The page shows the payload as text: escaped, never as markup. */
async function expectEscaped(res: Response) {
  const page = await res.text();
  expect(page).not.toContain('<script>window.__pwned');
  expect(page).not.toContain('<img src=x');
  expect(page).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
}

describe('XSS: attacker input rendered as text', () => {
  it('client_id on the unknown-application page', async () => {
    await expectEscaped(await authorize(app, authorizeQuery(app, { client_id: PAYLOAD })));
  });

  it('redirect_uri on the not-registered page', async () => {
    await expectEscaped(await authorize(app, authorizeQuery(app, { redirect_uri: `http://127.0.0.1:8080/${PAYLOAD}` })));
  });

  it('an app name from the config on the consent page', async () => {
    app = newMock({ config: { apps: [{ type: 'web', name: PAYLOAD, redirectUris: [REGISTERED] }] } });
    const evilApp = app.mock.fixtures.apps.find((a) => a.name === PAYLOAD);
    const start = await authorize(app, { response_type: 'code', client_id: evilApp?.clientId as string, redirect_uri: REGISTERED });
    await expectEscaped(await app.request(start.headers.get('location') as string));
  });

  it('a user_code typed into the device page', async () => {
    const page = await (await app.request(`/oauth/device?user_code=${encodeURIComponent(PAYLOAD)}`)).text();
    expect(page).not.toMatch(/<script>|<img src=x/i);
  });

  it('a user_code posted to the device page (shown back with the error)', async () => {
    const form = await openForm(app, '/oauth/device');
    const res = await postForm(app, '/oauth/device', { user_code: PAYLOAD, csrf_token: form.csrf, decision: 'approve' }, { cookie: form.cookie });
    expect(await res.text()).not.toMatch(/<script>|<img src=x/i);
  });
});

describe('CRLF: nothing reaches a header raw', () => {
  const crlf = 'x\r\nSet-Cookie: pwned=1\r\nX-Injected: 1';

  it('state with CR/LF comes back percent-encoded in Location, no header is injected', async () => {
    const page = await openConsent(app, authorizeQuery(app, { state: crlf }));
    const res = await decide(app, page);
    expect(res.headers.get('x-injected')).toBeNull();
    expect(res.headers.get('set-cookie') ?? '').not.toContain('pwned');
    const location = res.headers.get('location') as string;
    expect(location).not.toMatch(/[\r\n]/);
    expect(new URL(location).searchParams.get('state')).toBe(crlf);
  });

  it.each([
    ['client_id', { client_id: crlf }],
    ['redirect_uri', { redirect_uri: `${REGISTERED}${crlf}` }],
    ['response_type on a registered redirect_uri', { response_type: crlf }],
  ])('%s with CR/LF', async (_name, overrides) => {
    const res = await authorize(app, authorizeQuery(app, overrides));
    expect(res.headers.get('x-injected')).toBeNull();
    expect(res.headers.get('set-cookie') ?? '').not.toContain('pwned');
    expect(res.headers.get('location') ?? '').not.toMatch(/[\r\n]/);
  });

  it('afterwards the honest flow still works', async () => {
    expect(await webCode(app)).toMatch(/^code_/);
  });
});
