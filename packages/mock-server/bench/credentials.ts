import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { createControlClient } from '../src/control/client.js';
import type { PublicFixtures } from '../src/fixtures/types.js';

/**
 * Single-use credentials, minted before a timed scenario so the timed part only measures the exchange: JWTs signed
 * with the fixture key (fresh `jti` each), authorization codes through the real consent form, refresh tokens from
 * exchanging such codes.
 */

export const TOKEN_PATH = '/api/permission/oauth2/token';

/** Runs `task` `count` times over `concurrency` workers. */
async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/**
 * `count` RS256 JWTs for the ready-made JWT app, each with a fresh `jti`, valid for an hour.
 *
 * @example
 * const jwts = await signJwts(fixtures, 1000);
 */
export async function signJwts(fixtures: PublicFixtures, count: number): Promise<string[]> {
  const { appId, keyId, privateKey } = fixtures.apps.jwt;
  const key = await importPKCS8(privateKey, 'RS256');
  const iat = Math.floor(Date.now() / 1000);
  return pool(count, 8, () =>
    new SignJWT({ iss: appId, aud: 'api.coze.cn', iat, exp: iat + 3600, jti: randomUUID() }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keyId }).sign(key),
  );
}

/**
 * `count` authorization codes of the web app, each through authorize → consent page → approve (as a browser does).
 *
 * @example
 * const codes = await mintCodes(url, fixtures, 500);
 */
export async function mintCodes(url: string, fixtures: PublicFixtures, count: number): Promise<string[]> {
  const { clientId, redirectUris } = fixtures.apps.web;
  const control = createControlClient(url);
  const authorize = `${url}/api/permission/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUris[0] as string, state: 'bench' })}`;
  return pool(count, 16, async () => {
    const { code } = await control.completeConsent(authorize);
    if (!code) throw new Error('the consent form gave no code');
    return code;
  });
}

/** The JSON body of a code exchange. */
export const codeExchangeBody = (fixtures: PublicFixtures, code: string) =>
  JSON.stringify({ grant_type: 'authorization_code', client_id: fixtures.apps.web.clientId, redirect_uri: fixtures.apps.web.redirectUris[0], code });

/** The JSON body of a refresh. */
export const refreshBody = (fixtures: PublicFixtures, refreshToken: string) =>
  JSON.stringify({ grant_type: 'refresh_token', client_id: fixtures.apps.web.clientId, refresh_token: refreshToken });

/**
 * `count` unused refresh tokens: codes minted and exchanged.
 *
 * @example
 * const refreshTokens = await mintRefreshTokens(url, fixtures, 500);
 */
export async function mintRefreshTokens(url: string, fixtures: PublicFixtures, count: number): Promise<string[]> {
  const codes = await mintCodes(url, fixtures, count);
  return pool(count, 16, async (i) => {
    const reply = await fetch(`${url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixtures.apps.web.clientSecret}` },
      body: codeExchangeBody(fixtures, codes[i] as string),
    });
    if (reply.status !== 200) throw new Error(`code exchange answered ${reply.status}: ${await reply.text()}`);
    return ((await reply.json()) as { refresh_token: string }).refresh_token;
  });
}
