/**
 * Races (issue 8 "What held"): 50 parallel redemptions of one single-use credential yield exactly one success. The
 * requests overlap inside one event loop (each awaits its body and, for JWTs, WebCrypto), which is where a
 * check-then-set split across an `await` would let two through.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import {
  decide,
  deviceCode,
  exchangeWebCode,
  jwtExchange,
  newMock,
  openConsent,
  authorizeQuery,
  pollDevice,
  refresh,
  settleDevice,
  signJwt,
  webCode,
  webTokens,
} from '../helpers.js';

const PARALLEL = 50;

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

async function statuses(send: () => Response | Promise<Response>): Promise<number[]> {
  const replies = await Promise.all(Array.from({ length: PARALLEL }, send));
  return replies.map((r) => r.status);
}

const successes = (list: number[], ok = 200) => list.filter((s) => s === ok).length;

describe('50 parallel redemptions of one credential: exactly one success', () => {
  it('an authorization code', async () => {
    const code = await webCode(app);
    const list = await statuses(() => exchangeWebCode(app, code));
    expect(successes(list)).toBe(1);
    expect(list.filter((s) => s !== 200).every((s) => s === 400)).toBe(true);
  });

  it('a refresh token', async () => {
    const { refresh_token } = await webTokens(app);
    const list = await statuses(() => refresh(app, refresh_token));
    expect(successes(list)).toBe(1);
  });

  it('an approved device code', async () => {
    const dc = await deviceCode(app);
    expect((await settleDevice(app, dc.user_code)).status).toBe(200);
    app.mock.clock.advance(dc.interval);
    const list = await statuses(() => pollDevice(app, dc.device_code));
    expect(successes(list)).toBe(1);
  });

  it('a JWT (one jti)', async () => {
    const jwt = await signJwt(app);
    const list = await statuses(() => jwtExchange(app, jwt));
    expect(successes(list)).toBe(1);
    expect(list.filter((s) => s !== 200).every((s) => s === 401)).toBe(true);
  });

  it('a consent form (one anti-forgery token): one code is issued', async () => {
    const page = await openConsent(app, authorizeQuery(app));
    const replies = await Promise.all(Array.from({ length: PARALLEL }, () => decide(app, page)));
    const codes = replies.map((r) => new URL(r.headers.get('location') ?? 'http://x/').searchParams.get('code')).filter(Boolean);
    expect(codes).toHaveLength(1);
  });
});
