/**
 * Authorize and consent (docs/contract.md#authorize.query; oauth_code, oauth_pkce): redirects, state echo,
 * exact redirect URI matching, the error page that never redirects, consent approve/deny, anti-forgery, escaping and
 * framing headers.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import {
  authorize,
  authorizeQuery,
  consent,
  decide,
  fixturesOf,
  LOGID,
  newMock,
  openConsent,
  pkcePair,
  postForm,
  T0,
} from './helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

const codesIssued = () => app.mock.store.codes.size;

describe('GET authorize', () => {
  it('answers 302 to the consent page on the same origin, which names the app and the signed-in user', async () => {
    const res = await authorize(app, authorizeQuery(app));
    expect(res.status).toBe(302);
    const location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/oauth\/consent\?authorize_key=[A-Za-z0-9]{32}$/);
    const page = await app.request(location);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Mock Web App');
    expect(html).toContain(app.mock.fixtures.users[0]?.nick_name);
    expect(html).toContain('All your workspaces');
  });

  it.each([
    ['a state', 'xyz-123', 'xyz-123'],
    ['an empty state (the SDK sends state=)', '', ''],
    ['a state with URL metacharacters', 'a&b=c d/é', 'a&b=c d/é'],
    ['no state at all', undefined, null],
  ])('echoes %s exactly on the redirect', async (_name, state, expected) => {
    const url = await consent(app, authorizeQuery(app, { state }));
    expect(url.searchParams.get('code')).toMatch(/^code_/);
    expect(url.searchParams.get('state')).toBe(expected);
    expect(`${url.origin}${url.pathname}`).toBe(fixturesOf(app).apps.web.redirectUris[0]);
  });

  it('keeps the redirect URI’s own query when it adds code and state', async () => {
    const uri = 'http://127.0.0.1:9000/cb?tenant=7';
    app = newMock({ config: { redirectUris: [uri] } });
    const url = await consent(app, authorizeQuery(app, { redirect_uri: uri }));
    expect(url.searchParams.get('tenant')).toBe('7');
    expect(url.searchParams.get('code')).toMatch(/^code_/);
  });

  it('accepts every registered redirect URI (exact match)', async () => {
    for (const uri of fixturesOf(app).apps.web.redirectUris) {
      const url = await consent(app, authorizeQuery(app, { redirect_uri: uri }));
      expect(url.href.startsWith(uri)).toBe(true);
    }
  });

  // The contract leaves these open; the mock's choice: an error page, never a redirect to an unverified place.
  it.each([
    ['an unknown client_id', { client_id: '000.app.coze' }, 400, 'Unknown application'],
    ['a missing client_id', { client_id: undefined }, 400, 'Invalid authorization request'],
    ['a missing redirect_uri', { redirect_uri: undefined }, 400, 'Invalid authorization request'],
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 400, 'Redirect URI not registered'],
    ['a registered URI plus a suffix (prefix match)', { redirect_uri: 'http://127.0.0.1:8080/callback/more' }, 400, 'Redirect URI not registered'],
    ['a registered URI plus a query', { redirect_uri: 'http://127.0.0.1:8080/callback?x=1' }, 400, 'Redirect URI not registered'],
    ['a registered URI on another port', { redirect_uri: 'http://127.0.0.1:8081/callback' }, 400, 'Redirect URI not registered'],
    ['a truncated registered URI', { redirect_uri: 'http://127.0.0.1:8080/callbac' }, 400, 'Redirect URI not registered'],
    ['a registered URI with different case', { redirect_uri: 'http://127.0.0.1:8080/Callback' }, 400, 'Redirect URI not registered'],
  ])('shows an error page without a Location header for %s', async (_name, overrides, status, title) => {
    const res = await authorize(app, authorizeQuery(app, overrides));
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(title);
    expect(app.mock.store.pendingAuthorizations.size).toBe(0);
  });

  it('the unregistered-redirect page names both fixes: redirectUris in the config, or POST /__mock/apps (escaped)', async () => {
    const uri = 'https://evil.example/cb?<b>x</b>';
    const page = await (await authorize(app, authorizeQuery(app, { redirect_uri: uri }))).text();
    expect(page).toContain('add it to &quot;redirectUris&quot; in the mock&#39;s config file');
    expect(page).toContain('POST /__mock/apps {&quot;type&quot;: &quot;web&quot;, &quot;redirectUris&quot;: [&quot;https://evil.example/cb?&lt;b&gt;x&lt;/b&gt;&quot;]}');
    expect(page).not.toContain('<b>x</b>');
  });

  it('shows an error page for an app type that has no browser flow (device, JWT)', async () => {
    const f = fixturesOf(app);
    for (const clientId of [f.apps.device.clientId, f.apps.jwt.appId]) {
      const res = await authorize(app, authorizeQuery(app, { client_id: clientId }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Invalid app type');
    }
  });

  it('shows a 403 page for a deactivated app (oauth_code: access_deny)', async () => {
    app = newMock({ config: { apps: [{ type: 'web', name: 'Off', clientId: 'off.app.coze', redirectUris: ['http://127.0.0.1:8080/callback'], disabled: true }] } });
    const res = await authorize(app, authorizeQuery(app, { client_id: 'off.app.coze' }));
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('app: Off is currently deactivated by the owner');
  });

  // Once the client and its redirect URI are trusted, other mistakes go back to the client (RFC 6749 §4.1.2.1).
  it.each([
    ['a missing response_type', 'web', { response_type: undefined }, 'unsupported_response_type'],
    ['response_type=token', 'web', { response_type: 'token' }, 'unsupported_response_type'],
    ['a PKCE app without code_challenge', 'pkce', {}, 'invalid_request'],
    ['a PKCE app with code_challenge_method=S512', 'pkce', { code_challenge: 'abc', code_challenge_method: 'S512' }, 'invalid_request'],
    ['a code_challenge_method without code_challenge', 'web', { code_challenge_method: 'S256' }, 'invalid_request'],
    ['a lower-case method (s256)', 'pkce', { code_challenge: 'abc', code_challenge_method: 's256' }, 'invalid_request'],
  ] as const)('redirects %s back with error=%s and the state', async (_name, which, overrides, error) => {
    const query = authorizeQuery(app, { state: 'keep-me', ...overrides }, which);
    const res = await authorize(app, query);
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location') as string);
    expect(`${url.origin}${url.pathname}`).toBe(query.redirect_uri);
    expect(url.searchParams.get('error')).toBe(error);
    expect(url.searchParams.get('error_description')).toEqual(expect.any(String));
    expect(url.searchParams.get('state')).toBe('keep-me');
    expect(url.searchParams.get('code')).toBeNull();
  });

  it('accepts a PKCE app with S256 or plain, and plain by default when no method is given (oauth_pkce)', async () => {
    for (const overrides of [
      { code_challenge: pkcePair('S256').challenge, code_challenge_method: 'S256' },
      { code_challenge: 'plain-verifier', code_challenge_method: 'plain' },
      { code_challenge: 'plain-verifier' },
    ]) {
      const page = await openConsent(app, authorizeQuery(app, overrides, 'pkce'));
      const pending = app.mock.store.pendingAuthorizations.get(page.key);
      expect(pending?.codeChallengeMethod).toBe(overrides.code_challenge_method ?? 'plain');
    }
  });
});

describe('workspace variant', () => {
  it('names the workspace on the consent page and carries it into the code', async () => {
    const workspace = fixturesOf(app).workspaces[1] as { id: string; name: string };
    const page = await openConsent(app, authorizeQuery(app), workspace.id);
    expect(page.html).toContain(`Workspace <strong>${workspace.name}</strong>`);
    const res = await decide(app, page);
    const code = new URL(res.headers.get('location') as string).searchParams.get('code') as string;
    expect(app.mock.store.codes.get(code)?.workspaceId).toBe(workspace.id);
  });

  it('redirects an unknown workspace back with error=invalid_request', async () => {
    const res = await authorize(app, authorizeQuery(app), '999');
    const url = new URL(res.headers.get('location') as string);
    expect(url.searchParams.get('error')).toBe('invalid_request');
    expect(url.searchParams.get('error_description')).toContain('workspace_id');
  });
});

describe('consent decision', () => {
  it('deny redirects with error=access_denied and the state, and issues no code', async () => {
    const url = await consent(app, authorizeQuery(app, { state: 's-deny' }), 'deny');
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('s-deny');
    expect(url.searchParams.get('code')).toBeNull();
    expect(codesIssued()).toBe(0);
  });

  it('deny with an empty state still echoes state=', async () => {
    const url = await consent(app, authorizeQuery(app, { state: '' }), 'deny');
    expect(url.search).toMatch(/[?&]state=(&|$)/);
  });

  it('a consent can be decided once', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    expect((await decide(app, page)).status).toBe(302);
    const again = await openConsent(app, authorizeQuery(app));
    // A fresh anti-forgery token of another request does not reopen the decided one.
    const replay = await decide(app, { ...again, key: page.key });
    expect(replay.status).toBe(403);
    expect(codesIssued()).toBe(1);
  });

  it('an expired consent request shows 410 and issues no code', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    app.mock.clock.advance(app.mock.lifetimes.consentSeconds);
    expect((await app.request(`/oauth/consent?authorize_key=${page.key}`)).status).toBe(410);
    const res = await decide(app, page);
    expect(res.status).toBe(410);
    expect(codesIssued()).toBe(0);
  });

  it('an unknown authorize_key shows 410', async () => {
    const res = await app.request('/oauth/consent?authorize_key=nope');
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('expired');
  });

  it('refuses a decision other than approve or deny', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    const res = await postForm(app, '/oauth/consent', { authorize_key: page.key, csrf_token: page.csrf, decision: 'maybe' }, { cookie: page.cookie });
    expect(res.status).toBe(400);
    expect(codesIssued()).toBe(0);
  });

  it('codes last 5 minutes by the mock clock', async () => {
    const url = await consent(app, authorizeQuery(app));
    const record = app.mock.store.codes.get(url.searchParams.get('code') as string);
    expect(record?.expiresAtMs).toBe(T0 + 300_000);
  });
});

describe('anti-forgery on the consent form', () => {
  it.each([
    ['without the anti-forgery token', (p: Awaited<ReturnType<typeof openConsent>>) => ({ ...p, csrf: '' }), {}],
    ['with a wrong token', (p: Awaited<ReturnType<typeof openConsent>>) => ({ ...p, csrf: 'x'.repeat(40) }), {}],
    ['without the cookie', (p: Awaited<ReturnType<typeof openConsent>>) => ({ ...p, cookie: '' }), {}],
    ['with another browser’s cookie', (p: Awaited<ReturnType<typeof openConsent>>) => ({ ...p, cookie: `coze_mock_form=${'A'.repeat(32)}` }), {}],
    ['from a cross-site Origin', (p: Awaited<ReturnType<typeof openConsent>>) => p, { origin: 'https://evil.example' }],
    ['with Sec-Fetch-Site: cross-site', (p: Awaited<ReturnType<typeof openConsent>>) => p, { 'sec-fetch-site': 'cross-site' }],
    ['with Sec-Fetch-Site: same-site', (p: Awaited<ReturnType<typeof openConsent>>) => p, { 'sec-fetch-site': 'same-site' }],
  ])('refuses a POST %s with 403 and issues no code', async (_name, forge, headers) => {
    const page = await openConsent(app, authorizeQuery(app));
    const res = await decide(app, forge(page), 'approve', headers);
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('could not be verified');
    expect(codesIssued()).toBe(0);
    // The request itself is intact: the genuine form still works afterwards.
    expect((await decide(app, page)).status).toBe(302);
    expect(codesIssued()).toBe(1);
  });

  it('a token is single use and bound to its consent request', async () => {
    const first = await openConsent(app, authorizeQuery(app));
    const second = await openConsent(app, authorizeQuery(app, { state: 'two' }));
    // first's token on second's request: refused.
    expect((await decide(app, { ...second, csrf: first.csrf })).status).toBe(403);
    expect((await decide(app, first)).status).toBe(302);
    expect((await decide(app, first)).status).toBe(403);
  });

  it('refuses a form posted with a JSON content type (4xx, Coze-shaped)', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    const res = await app.request('/oauth/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: page.cookie },
      body: JSON.stringify({ authorize_key: page.key, csrf_token: page.csrf, decision: 'approve' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', error_code: 'invalid_request' });
    expect(codesIssued()).toBe(0);
  });

  it('sets the form cookie HttpOnly, SameSite=Lax, scoped to /oauth', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    expect(page.res.headers.get('set-cookie')).toMatch(/^coze_mock_form=[A-Za-z0-9]{32}; .*Path=\/oauth/);
    expect(page.res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(page.res.headers.get('set-cookie')).toMatch(/SameSite=Lax/);
  });
});

describe('pages are safe to show', () => {
  const evil = '<script>alert(1)</script>';

  it('never reflects a state with <script> raw (error page and redirect)', async () => {
    const bad = await authorize(app, authorizeQuery(app, { state: evil, redirect_uri: `https://evil.example/${evil}` }));
    const html = await bad.text();
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    const url = await consent(app, authorizeQuery(app, { state: evil }));
    expect(url.searchParams.get('state')).toBe(evil);
    expect(url.search).not.toContain('<');
  });

  it('never reflects an app name with <script> raw (consent page, error page)', async () => {
    app = newMock({
      config: {
        apps: [
          { type: 'web', name: evil, clientId: 'evil.app.coze', redirectUris: ['http://127.0.0.1:8080/callback'] },
          { type: 'device', name: `${evil}2`, clientId: 'evil-device' },
        ],
      },
    });
    const page = await openConsent(app, authorizeQuery(app, { client_id: 'evil.app.coze' }));
    expect(page.html).not.toContain('<script');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const wrongType = await authorize(app, authorizeQuery(app, { client_id: 'evil-device' }));
    expect(await wrongType.text()).not.toContain('<script');
  });

  it('carries CSP frame-ancestors none, X-Frame-Options DENY, no-store and a form-action limited to self and the client', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    const csp = page.res.headers.get('content-security-policy') as string;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:8080");
    expect(csp).not.toContain('script-src');
    expect(page.res.headers.get('x-frame-options')).toBe('DENY');
    expect(page.res.headers.get('cache-control')).toBe('no-store');
    expect(page.res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('error pages carry the same framing headers and a log id', async () => {
    const res = await authorize(app, authorizeQuery(app, { client_id: 'nope' }));
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-tt-logid')).toMatch(LOGID);
  });
});
