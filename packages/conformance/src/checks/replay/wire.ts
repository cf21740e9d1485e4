import { randomBytes } from 'node:crypto';
import { signJwtLikeSdk } from '../../sdk/sign-jwt.js';
import { ENDPOINTS } from '../../endpoints.js';
import { assert, expectReply } from '../assert.js';
import type { CheckContext } from '../check.js';
import { raw, type RawReply } from '../flows.js';

/** Raw-HTTP building blocks shared by the replays and the fidelity checks: a JWT exchange and a device poll. */

export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A service app's signing material (the `jwt` or `channel` credential). */
export interface SigningApp {
  appId: string;
  keyId: string;
  privateKey: string;
  aud: string;
}

/** How one SDK signs its JWT (claims and header), from its source. */
export interface JwtStyle {
  aud: string;
  lifetimeSeconds: number;
  jtiHexLength: number;
  typ?: string | null;
}

/**
 * Signs a JWT in an SDK's style and posts it with `body` to `path` (default the token endpoint).
 *
 * @example
 * const reply = await exchangeJwtRaw(ctx, ctx.cred('jwt'), { aud: 'api.coze.cn', lifetimeSeconds: 3600, jtiHexLength: 16 }, { duration_seconds: 900 });
 */
export async function exchangeJwtRaw(
  ctx: CheckContext,
  app: SigningApp,
  style: JwtStyle,
  body: Record<string, unknown> | string,
  path: string = ENDPOINTS.token,
): Promise<RawReply> {
  const jwt = await signJwtLikeSdk({
    appId: app.appId,
    keyId: app.keyId,
    privateKey: app.privateKey,
    aud: style.aud,
    lifetimeSeconds: style.lifetimeSeconds,
    jti: randomBytes(Math.ceil(style.jtiHexLength / 2)).toString('hex').slice(0, style.jtiHexLength),
    ...(style.typ === undefined ? {} : { typ: style.typ }),
  });
  const headers = { authorization: `Bearer ${jwt}` };
  if (typeof body === 'string') return raw(ctx, 'POST', path, { jsonText: body, headers });
  return raw(ctx, 'POST', path, { json: { grant_type: JWT_GRANT, ...body }, headers });
}

/**
 * Asserts a token reply the way every SDK reads it: 200, a string `access_token` and an absolute `expires_in`.
 *
 * @example
 * const token = expectTokenBody(reply, 'czs_');
 */
export function expectTokenBody(reply: RawReply, prefix: 'czs_' | 'czu_'): string {
  expectReply(reply, 200);
  const token = reply.body?.access_token;
  assert.ok(typeof token === 'string' && token.startsWith(prefix), `access_token must start with ${prefix}: ${reply.text.slice(0, 200)}`);
  const expiresIn = reply.body?.expires_in;
  assert.ok(typeof expiresIn === 'number' && expiresIn > 1e9, `expires_in must be an absolute Unix time (the SDKs compare it with now), got ${String(expiresIn)}`);
  return token;
}

/**
 * Asserts an OAuth error as the Python, Go and Java SDKs read it: a 4xx, `error_code` (py, go) and `error_message`
 * (java's `CozeError`), next to the JS SDK's `error`.
 *
 * @example
 * expectOAuthErrorBody(reply, 400, 'authorization_pending');
 */
export function expectOAuthErrorBody(reply: RawReply, status: number, errorCode: string): void {
  expectReply(reply, status);
  assert.equal(reply.body?.error_code, errorCode, `error_code must be ${errorCode}: ${reply.text.slice(0, 200)}`);
  assert.equal(typeof reply.body?.error_message, 'string', 'error_message must be a string (coze-java CozeError)');
  assert.equal(reply.body?.error, errorCode, 'error must carry the same value (coze-js)');
}

/**
 * Starts a device authorization with raw HTTP.
 *
 * @example
 * const { device_code } = await deviceCodeRaw(ctx);
 */
export async function deviceCodeRaw(ctx: CheckContext): Promise<{ device_code: string; user_code: string; interval: number }> {
  const reply = await raw(ctx, 'POST', ENDPOINTS.deviceCode, { json: { client_id: ctx.cred('device').clientId } });
  expectReply(reply, 200);
  return reply.body as { device_code: string; user_code: string; interval: number };
}

/**
 * One device-token poll with raw HTTP (`authorization`: the header value to send, if any).
 *
 * @example
 * await pollDeviceRaw(ctx, code.device_code);
 */
export const pollDeviceRaw = (ctx: CheckContext, deviceCode: string, authorization?: string) =>
  raw(ctx, 'POST', ENDPOINTS.token, {
    json: { grant_type: DEVICE_GRANT, client_id: ctx.cred('device').clientId, device_code: deviceCode },
    ...(authorization === undefined ? {} : { headers: { authorization } }),
  });

/**
 * Plays an SDK's device polling loop on the mock's clock: it starts at 5 s, adds 5 s per `slow_down` up to `cap`
 * seconds, and sleeps `interval - early` seconds for the first `earlyPolls` polls (a jittery client polls a bit early),
 * then exactly `interval`. Returns the errors of the polls after the early ones.
 *
 * @example
 * const late = await playPollingLoop(ctx, { cap: 30, earlyPolls: 7, latePolls: 2 });
 */
export async function playPollingLoop(
  ctx: CheckContext,
  rules: { cap: number; earlyPolls: number; latePolls: number; authorization?: string },
): Promise<{ lateErrors: unknown[]; interval: number }> {
  const code = await deviceCodeRaw(ctx);
  let interval = 5;
  const lateErrors: unknown[] = [];
  let reply = await pollDeviceRaw(ctx, code.device_code, rules.authorization);
  for (let i = 0; i < rules.earlyPolls + rules.latePolls; i++) {
    if (reply.body?.error_code === 'slow_down' && interval < rules.cap) interval += 5;
    const early = i < rules.earlyPolls;
    await ctx.target.advanceClock(early ? interval - 1 : interval);
    reply = await pollDeviceRaw(ctx, code.device_code, rules.authorization);
    if (!early) lateErrors.push(reply.body?.error_code);
  }
  return { lateErrors, interval };
}
