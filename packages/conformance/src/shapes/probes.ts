import { raw, type RawReply } from '../checks/flows.js';
import { signJwtLikeSdk } from '../sdk/sign-jwt.js';
import type { Credentials } from '../targets/target.js';
import { replyShapeOf, type ReplyShape } from './shape.js';
import { ENDPOINTS } from '../endpoints.js';

/**
 * Probes: one raw request each, chosen to show the shape of every kind of reply a client meets without a person:
 * resource success and failure, JWT token success and failure, device code, a polling error, OAuth errors.
 */

interface ProbeContext {
  baseURL: string;
  credentials: Credentials;
  /** Values a probe leaves for a later one (the JWT the replay probe reuses). */
  carry: Map<string, string>;
}

interface Probe {
  id: string;
  needs: (keyof Credentials)[];
  send(ctx: ProbeContext): Promise<RawReply>;
}

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const need = <K extends keyof Credentials>(ctx: ProbeContext, kind: K) => ctx.credentials[kind] as NonNullable<Credentials[K]>;

/** Every probe, in the order they run (the replay probe reuses the JWT of the one before). */
export const PROBES: Probe[] = [
  { id: 'openapi.workspaces', needs: ['pat'], send: (ctx) => raw(ctx, 'GET', '/v1/workspaces?page_num=1&page_size=20', { headers: bearer(need(ctx, 'pat')) }) },
  { id: 'openapi.users-me', needs: ['pat'], send: (ctx) => raw(ctx, 'GET', '/v1/users/me', { headers: bearer(need(ctx, 'pat')) }) },
  { id: 'openapi.bad-token', needs: ['pat'], send: (ctx) => raw(ctx, 'GET', '/v1/workspaces', { headers: bearer('pat_not-a-real-token') }) },
  {
    id: 'token.jwt',
    needs: ['jwt'],
    async send(ctx) {
      const jwt = need(ctx, 'jwt');
      const token = await signJwtLikeSdk({ appId: jwt.appId, keyId: jwt.keyId, privateKey: jwt.privateKey, aud: jwt.aud });
      ctx.carry.set('jwt', token);
      return raw(ctx, 'POST', ENDPOINTS.token, { json: { grant_type: JWT_GRANT, duration_seconds: 900 }, headers: bearer(token) });
    },
  },
  {
    id: 'token.jwt-replay',
    needs: ['jwt'],
    send: (ctx) => raw(ctx, 'POST', ENDPOINTS.token, { json: { grant_type: JWT_GRANT, duration_seconds: 900 }, headers: bearer(ctx.carry.get('jwt') ?? '') }),
  },
  {
    id: 'device.code',
    needs: ['device'],
    async send(ctx) {
      const reply = await raw(ctx, 'POST', ENDPOINTS.deviceCode, { json: { client_id: need(ctx, 'device').clientId } });
      if (typeof reply.body?.device_code === 'string') ctx.carry.set('device_code', reply.body.device_code);
      return reply;
    },
  },
  {
    id: 'device.pending',
    needs: ['device'],
    send: (ctx) =>
      raw(ctx, 'POST', ENDPOINTS.token, { json: { grant_type: DEVICE_GRANT, client_id: need(ctx, 'device').clientId, device_code: ctx.carry.get('device_code') ?? '' } }),
  },
  {
    id: 'token.unsupported-grant',
    needs: ['device'],
    send: (ctx) => raw(ctx, 'POST', ENDPOINTS.token, { json: { grant_type: 'password', client_id: need(ctx, 'device').clientId } }),
  },
  {
    id: 'token.refresh-unknown',
    needs: ['device'],
    send: (ctx) => raw(ctx, 'POST', ENDPOINTS.token, { json: { grant_type: 'refresh_token', client_id: need(ctx, 'device').clientId, refresh_token: 'not-a-refresh-token' } }),
  },
];

/**
 * Sends every probe the credentials allow and returns the shapes of the replies (never their values).
 *
 * @example
 * const shapes = await probeShapes(target.baseURL, target.credentials);
 * shapes['token.jwt']; // { status: 200, contentType: 'application/json', headers: { 'x-tt-logid': true }, body: {…} }
 */
export async function probeShapes(baseURL: string, credentials: Credentials): Promise<Record<string, ReplyShape>> {
  const ctx: ProbeContext = { baseURL, credentials, carry: new Map() };
  const shapes: Record<string, ReplyShape> = {};
  for (const probe of PROBES) {
    if (probe.needs.some((kind) => credentials[kind] === undefined)) continue;
    shapes[probe.id] = replyShapeOf(await probe.send(ctx));
  }
  return shapes;
}
