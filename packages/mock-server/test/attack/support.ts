/**
 * Shared pieces of the attack suite: raw JWT building (any header and payload bytes, signed with any RSA key, so
 * duplicate members, padding and odd encodings can be sent), the reply checks every attack asserts, and the options
 * the lead's fixes add (issue 8) typed as the config will take them.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import type { MockConfig } from '../../src/config/schema.js';
import type { MockApp } from '../../src/app.js';
import { fixturesOf, LOGID } from '../helpers.js';

/**
 * Config fields added for issue 8 (`limits`, `publicUrl`, `lifetimes.refreshReuseGraceSeconds`). Typed apart so this
 * suite compiles before they land; once merged they are plain `MockConfig` members.
 */
export interface Issue8Config {
  limits?: { maxEntries: number };
  publicUrl?: string;
  audiences?: string[];
  lifetimes?: Record<string, number>;
}
export const issue8Config = (config: Issue8Config): MockConfig => config as unknown as MockConfig;

/** A 2048-bit RSA key the mock has never seen. */
export const attackerKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

export const b64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

const keyObjects = new Map<string, KeyObject>();
const keyObject = (pem: string): KeyObject => {
  let key = keyObjects.get(pem);
  if (!key) keyObjects.set(pem, (key = createPrivateKey(pem)));
  return key;
};

/** RS256 over `header.payload` exactly as given (raw JSON text, so duplicate members survive). */
export function rawJwt(headerJson: string, payloadJson: string, privateKeyPem: string): string {
  const input = `${b64url(headerJson)}.${b64url(payloadJson)}`;
  return `${input}.${sign('sha256', Buffer.from(input), keyObject(privateKeyPem)).toString('base64url')}`;
}

/** Signs an arbitrary signing input with RS256 (for tokens whose segments are not plain base64url JSON). */
export const rs256 = (input: string, privateKeyPem: string): string =>
  sign('sha256', Buffer.from(input), keyObject(privateKeyPem)).toString('base64url');

/** The header the JS SDK signs for the fixtures' JWT app. */
export const goodHeader = (app: MockApp): Record<string, unknown> => ({ alg: 'RS256', typ: 'JWT', kid: fixturesOf(app).apps.jwt.keyId });

/** Asserts the 401 `invalid_client` every rejected JWT gets, Coze-shaped (both spellings, X-Tt-Logid). */
export async function expectInvalidClient(res: Response, what: string): Promise<void> {
  const text = await res.text();
  expect({ what, status: res.status }).toEqual({ what, status: 401 });
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body, what).toMatchObject({ error: 'invalid_client', error_code: 'invalid_client' });
  expect(body.error_message, what).toEqual(expect.any(String));
  expect(body.error_description, what).toBe(body.error_message);
  expect(res.headers.get('x-tt-logid'), what).toMatch(LOGID);
}

/** Asserts a Coze-shaped OAuth error (any code) with the given status. */
export async function expectOAuthShape(res: Response, status: number, code?: string): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, body }).toMatchObject({ status, body: code ? { error: code, error_code: code } : {} });
  expect(body.error).toEqual(expect.any(String));
  expect(body.error_code).toBe(body.error);
  expect(body.error_message).toEqual(expect.any(String));
  expect(body.error_description).toBe(body.error_message);
  return body;
}

/** Asserts the cap's refusal: 429, whole-second `Retry-After` ≥ 1, Coze-shaped for the endpoint family. */
export async function expectCapRefusal(res: Response, family: 'oauth' | 'openapi' | 'any' = 'oauth'): Promise<void> {
  expect(res.status, await res.clone().text()).toBe(429);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  const type = res.headers.get('content-type') ?? '';
  if (family === 'oauth' || (family === 'any' && /json/.test(type))) {
    await expectOAuthShape(res, 429, 'temporarily_unavailable');
  } else if (family === 'openapi') {
    const body = (await res.json()) as { code: number; msg: string; detail: { logid: string } };
    expect(body.code).toBe(4013);
    expect(body.msg).toEqual(expect.any(String));
    expect(body.detail.logid).toBe(res.headers.get('x-tt-logid'));
  }
}

/** The machine's first non-loopback IPv4 address, or undefined (a container with loopback only). */

/**
 * Checks one reply of a sweep; returns what is wrong with it, or undefined: no 5xx, an X-Tt-Logid, and JSON with a
 * Coze-shaped error, an HTML page, or a redirect with a Location.
 */
export async function replyProblem(path: string, res: Response): Promise<string | undefined> {
  if (res.status >= 500) return `HTTP ${res.status}: ${await res.text()}`;
  if (!LOGID.test(res.headers.get('x-tt-logid') ?? '')) return 'no X-Tt-Logid';
  if (res.status >= 300 && res.status < 400) return res.headers.get('location') ? undefined : 'a redirect without Location';
  // A CORS preflight's answer.
  if (res.status === 204) return undefined;
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (/^text\/html/.test(type)) return /^<!doctype html>/i.test(text) ? undefined : 'HTML that is no page';
  if (!/^application\/json/.test(type)) return `content type ${type || 'none'}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'JSON content type but not JSON';
  }
  if (res.status < 400) {
    const isToken = typeof body.access_token === 'string' && typeof body.expires_in === 'number';
    return /\/token$/.test(path) && !isToken ? `a 200 from the token endpoint that is no token: ${text.slice(0, 200)}` : undefined;
  }
  const oauth = typeof body.error === 'string' && body.error === body.error_code && typeof body.error_message === 'string' && body.error_message === body.error_description;
  const envelope = typeof body.code === 'number' && body.code !== 0 && typeof body.msg === 'string' && (body.detail as { logid?: unknown })?.logid === res.headers.get('x-tt-logid');
  return oauth || envelope ? undefined : `not a Coze-shaped error: ${text.slice(0, 300)}`;
}

/** A raw HTTP/1.1 exchange (node:http lets a test set Host and pick its source address, which fetch does not). */
export function rawHttp(options: {
  host: string;
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return import('node:http').then(
    ({ request }) =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: options.host,
            port: options.port,
            path: options.path,
            method: options.method ?? 'GET',
            headers: options.headers ?? {},
            setHost: !Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'host'),
            ...(options.localAddress ? { localAddress: options.localAddress } : {}),
            agent: false,
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(options.body);
      }),
  );
}
