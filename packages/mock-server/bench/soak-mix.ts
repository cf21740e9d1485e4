/**
 * The operations of the soak (bench/soak.ts), each against one target: the root mock or one of its sandboxes (a
 * `/__sandbox/{id}` prefix). Besides the OAuth and API traffic, scripted replies (used once, some heavy enough to
 * meet the byte budget) and journal waits. Every target keeps a ledger of grants it holds back, unexchanged codes
 * and live refresh tokens, redeemed (and replaced) as it goes and all of them at the end.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import type { PublicFixtures } from '../src/fixtures/types.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}
export type Send = (method: string, path: string, headers?: Record<string, string>, body?: string) => Promise<Reply>;

/** A grant held back, and when it was issued (ms, this process's clock). */
interface Held {
  value: string;
  issuedAt: number;
}

/** Grants a target holds back, to redeem later (each must still work while it is live). */
export interface Ledger {
  codes: Held[];
  refreshTokens: Held[];
  /** Live grants that did not redeem (each a short description): must stay empty. */
  lost: string[];
  redeemed: number;
  /** Grants that had outlived their lifetime when they were redeemed (refused, as they should be). */
  expired: number;
  /** Redemptions refused because a table was full of live records (429): the grant lives on, nothing was forgotten. */
  refusedFull: number;
}

export interface Target {
  /** `''` for the root, `/__sandbox/{id}` for a sandbox. */
  base: string;
  ledger: Ledger;
  /** Scripted replies added, and refused with 429 (the byte budget). */
  replies: { added: number; refused: number };
  waits: { answered: number; refused: number };
  /** Paths of heavy rules still live, oldest first. */
  heavyLive: string[];
}

const TOKEN = '/api/permission/oauth2/token';
const MAX_CODES = 10;
const MAX_REFRESH_TOKENS = 50;
/** Heavy rules left live per target: more than the default 4 MiB reply budget holds. */
const MAX_HEAVY_LIVE = 8;
const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

/**
 * @example
 * const mix = createMix(send, fixtures, url, { jwts: 2000 });
 * await mix.pick()(target);
 */
export function createMix(send: Send, fixtures: PublicFixtures, url: string, options: { jwts: number; lifetimes: { codeSeconds: number; refreshTokenSeconds: number } }) {
  const web = fixtures.apps.web;
  const secret = { authorization: `Bearer ${web.clientSecret}` };
  const pat = { authorization: `Bearer ${fixtures.pat}` };
  const jwtKey = createPrivateKey(fixtures.apps.jwt.privateKey);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const nowSeconds = Math.floor(Date.now() / 1000);
  const jwtPool = Array.from({ length: options.jwts }, () => {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: fixtures.apps.jwt.keyId })}.${b64({ iss: fixtures.apps.jwt.appId, aud: 'api.coze.cn', iat: nowSeconds, exp: nowSeconds + 3600, jti: randomUUID() })}`;
    return `${input}.${sign('sha256', Buffer.from(input), jwtKey).toString('base64url')}`;
  });
  let jwtNext = 0;
  let serial = 0;
  const heavyBody = Array.from({ length: 5000 }, (_, i) => ({ i }));

  /**
   * Counts a redemption: redeemed, refused for a full table (429), expired (refused after its lifetime, with a second
   * of margin for the clocks), or lost (a live grant refused: must not happen).
   */
  function tally(target: Target, res: Reply, what: string, grant: Held, lifetimeSeconds: number): void {
    const { ledger } = target;
    if (res.status === 200) ledger.redeemed++;
    else if (res.status === 429) ledger.refusedFull++;
    else if (performance.now() - grant.issuedAt > lifetimeSeconds * 1000 - 1000) ledger.expired++;
    else ledger.lost.push(`${what} → ${res.status} ${res.text.slice(0, 120)}`);
  }

  /** Redeems a code; the refresh token it gave, when it did. */
  async function exchangeCode(target: Target, code: Held): Promise<Held | undefined> {
    const r = json({ grant_type: 'authorization_code', client_id: web.clientId, redirect_uri: web.redirectUris[0], code: code.value });
    const sentAt = performance.now();
    const res = await send('POST', `${target.base}${TOKEN}`, { ...r.headers, ...secret }, r.body);
    tally(target, res, 'code', code, options.lifetimes.codeSeconds);
    return refreshTokenOf(res, sentAt);
  }

  /** Redeems a refresh token; the next one, when it did. */
  async function refresh(target: Target, token: Held): Promise<Held | undefined> {
    const r = json({ grant_type: 'refresh_token', client_id: web.clientId, refresh_token: token.value });
    const sentAt = performance.now();
    const res = await send('POST', `${target.base}${TOKEN}`, { ...r.headers, ...secret }, r.body);
    tally(target, res, 'refresh token', token, options.lifetimes.refreshTokenSeconds);
    return refreshTokenOf(res, sentAt);
  }

  const refreshTokenOf = (res: Reply, sentAt: number): Held | undefined => {
    const value = res.status === 200 ? (JSON.parse(res.text) as { refresh_token?: string }).refresh_token : undefined;
    return value === undefined ? undefined : { value, issuedAt: sentAt };
  };

  /** authorize → consent page → approve; the code, or undefined when a step was refused (a full table: 429). */
  async function consent(target: Target): Promise<Held | undefined> {
    const query = new URLSearchParams({ response_type: 'code', client_id: web.clientId, redirect_uri: web.redirectUris[0] as string, state: 'soak' });
    const start = await send('GET', `${target.base}/api/permission/oauth2/authorize?${query}`);
    const consentPath = start.headers.location;
    if (typeof consentPath !== 'string' || !consentPath.includes('/oauth/consent')) return undefined;
    const page = await send('GET', consentPath);
    const cookie = String(page.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
    const form = new URLSearchParams({ authorize_key: field('authorize_key'), csrf_token: field('csrf_token'), decision: 'approve' }).toString();
    const sentAt = performance.now();
    const decided = await send('POST', `${target.base}/oauth/consent`, { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: url, 'sec-fetch-site': 'same-origin' }, form);
    const value = new URL(String(decided.headers.location ?? 'http://x/'), url).searchParams.get('code');
    return value === null ? undefined : { value, issuedAt: sentAt };
  }

  /** A whole web flow; its code or its newest refresh token goes into the ledger, pushing the oldest out (redeemed). */
  async function webFlow(target: Target): Promise<void> {
    const code = await consent(target);
    if (!code) return;
    const { ledger } = target;
    if (serial++ % 4 === 0) {
      ledger.codes.push(code);
      if (ledger.codes.length > MAX_CODES) await exchangeCode(target, ledger.codes.shift() as Held);
      return;
    }
    const first = await exchangeCode(target, code);
    const latest = first && (await refresh(target, first));
    if (!latest) return;
    ledger.refreshTokens.push(latest);
    if (ledger.refreshTokens.length > MAX_REFRESH_TOKENS) {
      const next = await refresh(target, ledger.refreshTokens.shift() as Held);
      if (next) ledger.refreshTokens.push(next);
    }
  }

  /**
   * A rule used once: added, then served. One in ten is heavy (a 50 KB body of small objects, about 600 KB of heap)
   * and is left live until {@link MAX_HEAVY_LIVE} more are: that many exceed the reply budget, so some are refused
   * (429, nothing stored) while the budget is full.
   */
  async function scriptedReply(target: Target): Promise<void> {
    const n = serial++;
    const heavy = n % 10 === 0;
    const path = `/v1/soak/reply/${n}`;
    const rule = json({ match: { path }, reply: { status: 200, body: heavy ? heavyBody : { n } }, times: 1 });
    const added = await send('POST', `${target.base}/__mock/replies`, rule.headers, rule.body);
    if (added.status === 429) {
      target.replies.refused++;
      return;
    }
    target.replies.added++;
    if (!heavy) {
      await send('GET', `${target.base}${path}`);
      return;
    }
    target.heavyLive.push(path);
    if (target.heavyLive.length > MAX_HEAVY_LIVE) await send('GET', `${target.base}${target.heavyLive.shift()}`);
  }

  /** A journal wait answered by the request that follows it; a short one on a path nobody asks for times out. */
  async function journalWait(target: Target): Promise<void> {
    const path = `/v1/soak/waited/${serial++}`;
    const waiting = send('GET', `${target.base}/__mock/journal?wait=5000&path=${encodeURIComponent(path)}`);
    await send('GET', `${target.base}${path}`, pat);
    const [answered, expired] = await Promise.all([waiting, send('GET', `${target.base}/__mock/journal?wait=20&path=/v1/never`)]);
    for (const res of [answered, expired]) {
      if (res.status === 429) target.waits.refused++;
      else if (res.status === 200) target.waits.answered++;
    }
  }

  /** Operations and their weights (out of 100). */
  const OPERATIONS: [weight: number, run: (target: Target) => Promise<unknown>][] = [
    [30, (t) => send('GET', `${t.base}/v1/users/me`, pat)],
    [8, (t) => send('GET', `${t.base}/v1/workspaces?page_size=10`, pat)],
    [8, (t) => { const r = json({ client_id: fixtures.apps.device.clientId }); return send('POST', `${t.base}/api/permission/oauth2/device/code`, r.headers, r.body); }],
    [6, (t) => { const r = json({ grant_type: 'password' }); return send('POST', `${t.base}${TOKEN}`, r.headers, r.body); }],
    [5, (t) => send('POST', `${t.base}${TOKEN}`, { 'content-type': 'application/json' }, '{"grant_type":')],
    [5, (t) => { const r = json({ grant_type: 'refresh_token', client_id: web.clientId, refresh_token: 'x' }); return send('POST', `${t.base}${TOKEN}`, { ...r.headers, authorization: 'Bearer wrong-secret' }, r.body); }],
    [13, (t) => { const r = json({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }); return send('POST', `${t.base}${TOKEN}`, { ...r.headers, authorization: `Bearer ${jwtPool[jwtNext++ % jwtPool.length]}` }, r.body); }],
    [10, webFlow],
    [10, scriptedReply],
    [5, journalWait],
  ];
  const total = OPERATIONS.reduce((sum, [w]) => sum + w, 0);

  return {
    /** A random operation, by weight. */
    pick(): (target: Target) => Promise<unknown> {
      let roll = Math.random() * total;
      for (const [weight, run] of OPERATIONS) if ((roll -= weight) < 0) return run;
      return OPERATIONS[0]?.[1] as (target: Target) => Promise<unknown>;
    },
    /** Redeems every grant the target still holds: each code once, each refresh token once. */
    async redeemAll(target: Target): Promise<void> {
      const { ledger } = target;
      for (const code of ledger.codes.splice(0)) await exchangeCode(target, code);
      for (const token of ledger.refreshTokens.splice(0)) await refresh(target, token);
    },
  };
}

/** A fresh target. */
export const newTarget = (base: string): Target => ({ base, ledger: { codes: [], refreshTokens: [], lost: [], redeemed: 0, refusedFull: 0, expired: 0 }, replies: { added: 0, refused: 0 }, waits: { answered: 0, refused: 0 }, heavyLive: [] });
