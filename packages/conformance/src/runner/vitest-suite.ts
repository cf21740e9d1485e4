import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { createCheckContext, NotApplicable, unmetReason, type Check } from '../checks/check.js';
import type { SdkAdapter } from '../sdk/adapter.js';
import { loadSdkFromEnv } from '../sdk/load-sdk.js';
import { planTarget } from '../targets/select-target.js';
import type { Target } from '../targets/target.js';
import { restoreRealTimers } from './long-timers.js';
import { timeoutOf } from './run-checks.js';

type Env = Record<string, string | undefined>;

/** Prefixes a failure with the check id, its source and the contract rows, so the report says which promise broke. */
function blame(check: Check, error: unknown): unknown {
  if (error instanceof Error) {
    error.message = `[${check.id}] broke: ${check.title}\n  source: ${check.source}\n  contract: ${check.covers.join(', ')}\n${error.message}`;
  }
  return error;
}

/**
 * Registers checks as vitest tests against the target chosen by `COZE_TARGET` (one target per file, opened in
 * `beforeAll`) and the SDK chosen by `COZE_SDK`. A check the target cannot run is registered as skipped, with the
 * reason in its name.
 *
 * @example
 * // test/web-code.test.ts
 * registerChecks('web apps: authorization code (oauth_code)', CHECK_GROUPS.web);
 */
export function registerChecks(title: string, checks: readonly Check[], env: Env = process.env): void {
  const plan = planTarget(env);
  describe(`${title} [target: ${plan.kind}]`, () => {
    let target: Target | undefined;
    let sdk: SdkAdapter;
    beforeAll(async () => {
      [target, sdk] = await Promise.all([plan.open(), loadSdkFromEnv(env)]);
    }, 60_000);
    afterAll(async () => target?.close());
    afterEach(async () => {
      restoreRealTimers();
      await target?.afterCheck();
    });
    for (const check of checks) {
      const name = `${check.id}: ${check.title}`;
      const reason = unmetReason(check, plan.unmet);
      if (reason) {
        it.skip(`${name} — skipped: ${reason}`, () => {});
        continue;
      }
      it(
        name,
        async (test) => {
          try {
            await check.run(createCheckContext(target as Target, sdk));
          } catch (error) {
            if (error instanceof NotApplicable) return test.skip(error.message);
            throw blame(check, error);
          }
        },
        timeoutOf(check, { kind: plan.kind }),
      );
    }
  });
}
