/**
 * Each grant-level deviation switches exactly its departure on, in-process. The conformance meta-test proves that the
 * SDK-facing checks catch each one; this file keeps the switches themselves inside the unit suite, so that a switch
 * that no longer switches (a renamed deviation, a dropped condition) fails here too.
 */
import { describe, it } from 'vitest';
import type { Deviation } from '../src/deviations.js';
import {
  deviceCode,
  exchangePkceCode,
  exchangeWebCode,
  expectOAuthError,
  expectTokens,
  jwtExchange,
  newMock,
  pkceCode,
  pkcePair,
  pollDevice,
  signJwt,
  webCode,
} from './helpers.js';

const withDeviation = (deviation: Deviation) => newMock({ deviations: [deviation] });

describe('deviation switches', () => {
  it('pkce-not-verified: a PKCE code is exchanged with a wrong verifier (refused without it)', async () => {
    const pair = pkcePair();
    const app = withDeviation('pkce-not-verified');
    await expectTokens(await exchangePkceCode(app, await pkceCode(app, pair), 'wrong-verifier-'.repeat(4)));
    const strict = newMock();
    await expectOAuthError(await exchangePkceCode(strict, await pkceCode(strict, pair), 'wrong-verifier-'.repeat(4)), 400, 'invalid_grant');
  });

  it('secret-not-checked: a web app exchanges its code with a wrong secret (refused without it)', async () => {
    const app = withDeviation('secret-not-checked');
    await expectTokens(await exchangeWebCode(app, await webCode(app), {}, 'not-the-secret'));
    const strict = newMock();
    await expectOAuthError(await exchangeWebCode(strict, await webCode(strict), {}, 'not-the-secret'), 401, 'invalid_client');
  });

  it('jwt-typ-not-checked: a JWT without typ is accepted (refused without it)', async () => {
    const app = withDeviation('jwt-typ-not-checked');
    await expectTokens(await jwtExchange(app, await signJwt(app, { header: { typ: undefined } })));
    const strict = newMock();
    await expectOAuthError(await jwtExchange(strict, await signJwt(strict, { header: { typ: undefined } })), 401, 'invalid_client', 'invalid jwt: typ must be JWT');
  });

  it('jti-not-enforced: the same JWT is exchanged twice (refused the second time without it)', async () => {
    const app = withDeviation('jti-not-enforced');
    const jwt = await signJwt(app);
    await expectTokens(await jwtExchange(app, jwt));
    await expectTokens(await jwtExchange(app, jwt));
    const strict = newMock();
    const once = await signJwt(strict);
    await expectTokens(await jwtExchange(strict, once));
    await expectOAuthError(await jwtExchange(strict, once), 401, 'invalid_client', 'invalid jwt: jti has already been used');
  });

  it('device-code-never-expires: a device code polls as pending after its lifetime (expired without it)', async () => {
    const app = withDeviation('device-code-never-expires');
    const code = await deviceCode(app);
    app.mock.clock.advance(app.mock.lifetimes.deviceCodeSeconds + 60);
    await expectOAuthError(await pollDevice(app, code.device_code), 400, 'authorization_pending');
    const strict = newMock();
    const dead = await deviceCode(strict);
    strict.mock.clock.advance(strict.mock.lifetimes.deviceCodeSeconds + 60);
    await expectOAuthError(await pollDevice(strict, dead.device_code), 400, 'expired_token');
  });

  it('no-slow-down: polling too fast stays authorization_pending (slow_down without it)', async () => {
    const app = withDeviation('no-slow-down');
    const code = await deviceCode(app);
    await expectOAuthError(await pollDevice(app, code.device_code), 400, 'authorization_pending');
    await expectOAuthError(await pollDevice(app, code.device_code), 400, 'authorization_pending');
    const strict = newMock();
    const fast = await deviceCode(strict);
    await expectOAuthError(await pollDevice(strict, fast.device_code), 400, 'authorization_pending');
    await expectOAuthError(await pollDevice(strict, fast.device_code), 400, 'slow_down');
  });
});
