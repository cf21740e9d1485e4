import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckContext, type CheckContext } from '../src/checks/check.js';
import { expectNoRedirect } from '../src/checks/flows.js';
import { ENDPOINTS } from '../src/endpoints.js';
import { loadSdkFromEnv } from '../src/sdk/load-sdk.js';
import { openMockTarget } from '../src/targets/mock-target.js';
import type { Target } from '../src/targets/target.js';

/**
 * `expectNoRedirect` (checks/flows.ts) against a real mock: only a 4xx error page passes; a 500 page, a redirect and
 * a network failure each fail it (issue 8 item 9: it used to count any non-TypeError, a 500 included, as a page).
 */
let target: Target;
let ctx: CheckContext;
let authorize: (clientId: string) => string;

beforeAll(async () => {
  target = await openMockTarget();
  ctx = createCheckContext(target, await loadSdkFromEnv({}));
  const web = ctx.cred('web');
  authorize = (clientId) => `${target.baseURL}${ENDPOINTS.authorize}?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: web.redirectUri, state: 's' })}`;
}, 60_000);
afterAll(() => target?.close());

describe('expectNoRedirect', () => {
  it('passes on the 400 page of an unknown client_id', async () => {
    await expectNoRedirect(ctx, authorize('0000000000.app.coze'), 'an unknown client_id');
  });

  it('fails when authorize answers 500 (a broken server is no error page)', async () => {
    await target.injectFault({ pathPrefix: ENDPOINTS.authorize, status: 500 });
    try {
      await expect(expectNoRedirect(ctx, authorize('0000000000.app.coze'), 'an unknown client_id')).rejects.toThrow(/must end on an error page \(4xx\), but: .*HTTP 500/);
    } finally {
      await target.afterCheck();
    }
  });

  it('fails when the browser is redirected (a registered client)', async () => {
    await expect(expectNoRedirect(ctx, authorize(ctx.cred('web').clientId), 'a good client')).rejects.toThrow(/was sent to/);
  });

  it('fails on a network failure', async () => {
    await expect(expectNoRedirect(ctx, 'http://127.0.0.1:1/api/permission/oauth2/authorize', 'nothing listening')).rejects.toThrow(/must end on an error page/);
  });
});
