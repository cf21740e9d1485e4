import { describe, expect, it } from 'vitest';
import { stableJson } from '../cassettes/stable-json.js';
import { redactExchange, type CapturedExchange } from './redact.js';
import { createSecrets } from './secrets.js';

/** Credentials of every kind a Coze session meets, shaped as the mock and Coze issue them. */
const PAT = `pat_${'P'.repeat(20)}0123456789abcdefghijklmnopqrstuvwxyz`;
const USER_TOKEN = `czu_${'u1'.repeat(32)}`;
const SERVICE_TOKEN = `czs_${'s2'.repeat(32)}`;
const REFRESH = 'r3'.repeat(36); // unprefixed, as Coze's
const SECRET = 'web-app-client-secret-value-42';
const VERIFIER = 'v'.repeat(20) + 'erifier-of-pkce-0123456789';
const DEVICE_CODE = 'dc'.repeat(20);
const USER_CODE = 'WDJB-MJHT';
const CODE = `code_${'c'.repeat(48)}`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64({ iss: '1234', jti: 'j-1' })}.${'sig'.repeat(30)}`;

const json = (value: unknown) => ({ text: JSON.stringify(value), contentType: 'application/json' });

const exchange = (partial: Partial<CapturedExchange>): CapturedExchange => ({
  method: 'POST',
  path: '/api/permission/oauth2/token',
  query: '',
  requestHeaders: {},
  requestBody: undefined,
  status: 200,
  responseHeaders: { 'content-type': 'application/json' },
  responseBody: undefined,
  durationMs: 12.4,
  ...partial,
});

/** Every credential above, checked against the written text. */
const leaks = (text: string) => [PAT, USER_TOKEN, SERVICE_TOKEN, REFRESH, SECRET, VERIFIER, DEVICE_CODE, USER_CODE, CODE, JWT].filter((c) => text.includes(c));

describe('redactExchange', () => {
  it('replaces every kind of credential in headers, queries, JSON and form bodies, redirects, cookies and events', () => {
    const secrets = createSecrets();
    const session = [
      exchange({
        requestHeaders: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        requestBody: json({ grant_type: 'authorization_code', code: CODE, code_verifier: VERIFIER, client_id: 'c1' }),
        responseBody: json({ access_token: USER_TOKEN, refresh_token: REFRESH, expires_in: 1767225600 }),
      }),
      exchange({ requestHeaders: { authorization: `Bearer ${JWT}` }, responseBody: json({ access_token: SERVICE_TOKEN, expires_in: 1 }) }),
      exchange({
        requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', cookie: `coze_mock_form=${'f'.repeat(32)}; theme=dark` },
        requestBody: { text: `grant_type=refresh_token&refresh_token=${REFRESH}&clientSecret=${SECRET}`, contentType: 'application/x-www-form-urlencoded' },
        responseHeaders: { location: `http://127.0.0.1:8080/callback?code=${CODE}&state=xyz`, 'set-cookie': [`sid=${'s'.repeat(24)}; Path=/; HttpOnly`] },
        status: 302,
      }),
      exchange({
        path: '/api/permission/oauth2/device/code',
        responseBody: json({ device_code: DEVICE_CODE, user_code: USER_CODE, verification_uri: 'https://www.coze.cn/oauth/device' }),
      }),
      exchange({
        method: 'GET',
        path: '/v1/users/me',
        query: `access_token=${PAT}&page=1`,
        requestHeaders: { authorization: `Bearer ${PAT}`, 'x-api-key': 'an-api-key-of-sorts' },
        responseBody: json({ code: 0, msg: `your token ${USER_TOKEN} is fine`, data: { user_id: '42' } }),
      }),
      exchange({
        path: '/v3/chat',
        events: [
          { event: 'conversation.message.delta', data: JSON.stringify({ content: `echo ${PAT}`, token: 'inner-token-value' }), delayMs: 5 },
          { data: '"[DONE]"', delayMs: 1 },
        ],
        streamEnd: 'end',
      }),
    ].map((captured) => redactExchange(captured, secrets));
    const text = stableJson(session);
    expect(leaks(text)).toEqual([]);
    expect(text).not.toContain('f'.repeat(32));
    expect(text).not.toContain('s'.repeat(24));
    expect(text).not.toContain('an-api-key-of-sorts');
    expect(text).not.toContain('inner-token-value');

    const [code, jwt, form, device, me, chat] = session;
    expect(code?.request.headers.authorization).toBe('Bearer [redacted:authorization:1]');
    expect(code?.request.body).toEqual({ grant_type: 'authorization_code', code: '[redacted:code:1]', code_verifier: '[redacted:code_verifier:1]', client_id: 'c1' });
    expect(code?.response.body).toEqual({ access_token: '[redacted:access_token:1]', refresh_token: '[redacted:refresh_token:1]', expires_in: 1767225600 });
    expect(jwt?.request.headers.authorization).toBe('Bearer [redacted:jwt:1]');
    expect(jwt?.response.body).toMatchObject({ access_token: '[redacted:access_token:2]' });
    // The same value is the same placeholder wherever it comes back.
    expect(form?.request.bodyText).toBe('grant_type=refresh_token&refresh_token=[redacted:refresh_token:1]&clientSecret=[redacted:authorization:1]');
    expect(form?.request.headers.cookie).toBe('coze_mock_form=[redacted:cookie:1]; theme=[redacted:cookie:2]');
    expect(form?.response.headers.location).toBe('http://127.0.0.1:8080/callback?code=[redacted:code:1]&state=xyz');
    expect(form?.response.headers['set-cookie']).toEqual(['sid=[redacted:cookie:3]; Path=/; HttpOnly']);
    expect(device?.response.body).toMatchObject({ device_code: '[redacted:device_code:1]', user_code: '[redacted:user_code:1]' });
    expect(me?.request.query).toEqual({ access_token: '[redacted:pat:1]', page: '1' });
    expect(me?.request.headers).toMatchObject({ authorization: 'Bearer [redacted:pat:1]', 'x-api-key': '[redacted:header:1]' });
    // Coze's envelope keeps `code: 0`; a token inside free text is found by its shape, or because it was met before.
    expect(me?.response.body).toEqual({ code: 0, msg: 'your token [redacted:access_token:1] is fine', data: { user_id: '42' } });
    expect(chat?.response.stream).toEqual({
      events: [
        { event: 'conversation.message.delta', data: '{"content":"echo [redacted:pat:1]","token":"[redacted:token:1]"}', delayMs: 5 },
        { data: '"[DONE]"', delayMs: 1 },
      ],
      then: 'end',
    });
    expect(code?.durationMs).toBe(12);
  });

  it('finds JWTs and prefixed tokens by their shape in any text, and leaves look-alikes alone', () => {
    const secrets = createSecrets();
    const entry = redactExchange(
      exchange({
        requestBody: { text: `note ${JWT} and ${SERVICE_TOKEN}; code_interpreter_tool and eyJnot.a.jwt`, contentType: 'text/plain' },
      }),
      secrets,
    );
    expect(entry.request.bodyText).toBe('note [redacted:jwt:1] and [redacted:access_token:1]; code_interpreter_tool and eyJnot.a.jwt');
  });

  it('continues the numbering of an earlier cassette, so one placeholder never stands for two values', () => {
    const secrets = createSecrets('{"a": "[redacted:access_token:4]", "b": "[redacted:pat:2]"}');
    const entry = redactExchange(exchange({ responseBody: json({ access_token: USER_TOKEN }) }), secrets);
    expect(entry.response.body).toEqual({ access_token: '[redacted:access_token:5]' });
  });

  it('keeps what is not a credential as it came: ids, other headers, non-string members under credential names', () => {
    const entry = redactExchange(
      exchange({
        requestHeaders: { 'content-type': 'application/json', 'user-agent': 'coze-js/1.3.9' },
        requestBody: json({ bot_id: '7', code: 0, token: null }),
        responseBody: json({ data: { id: 'chat_1', conversation_id: 'conv_1' } }),
      }),
      createSecrets(),
    );
    expect(entry.request).toMatchObject({ headers: { 'content-type': 'application/json', 'user-agent': 'coze-js/1.3.9' }, body: { bot_id: '7', code: 0, token: null } });
    expect(entry.response.body).toEqual({ data: { id: 'chat_1', conversation_id: 'conv_1' } });
  });
});
