import { withLongTimersCaptured } from '../runner/long-timers.js';
import { assert, expectSdkError, expectTokenReply } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { newDeviceCode, deviceToken } from './device.js';
import { proveToken } from './flows.js';

/** The SDK's polling constants (`POLL_INTERVAL`, +5 s per slow_down): the SDK ignores the server's `interval`. */
const SDK_POLL_MS = 5000;
const MAX_SLEEPS = 8;

type DeviceCode = Awaited<ReturnType<typeof newDeviceCode>>;

/**
 * Runs `getDeviceToken({poll: true})` with the SDK's sleeps held (see runner/long-timers.ts). Before releasing sleep
 * number `index`, `step` plays the server side: move the mock clock, approve or deny. Real time stays in milliseconds.
 */
async function pollScripted(ctx: CheckContext, step: (index: number, sleepMs: number, code: DeviceCode) => Promise<void>) {
  const code = await newDeviceCode(ctx);
  return withLongTimersCaptured(async (capture) => {
    const settled = capture.run(() => deviceToken(ctx, code.device_code, true)).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    for (let index = 0; ; index++) {
      const sleep = await capture.next(settled);
      if (!sleep) break;
      if (index >= MAX_SLEEPS) {
        assert.fail(`the SDK was still polling after ${MAX_SLEEPS} sleeps (${capture.delays.join(', ')} ms): the server never ended the flow`);
      }
      await step(index, sleep.ms, code);
      sleep.release();
    }
    return { outcome: await settled, delays: [...capture.delays] };
  });
}

/** Unwraps a polling outcome that must have failed, for {@link expectSdkError}. */
const failureOf = (outcome: { value: unknown } | { error: unknown }) =>
  'error' in outcome ? Promise.reject(outcome.error) : Promise.resolve(outcome.value);

/** The device flow under the SDK's own polling loop, in fake time (oauth_device_code; @coze/api getDeviceToken). */
export const devicePollChecks = defineChecks('device-poll', [
  {
    id: 'device-poll.approved',
    title: 'poll:true sleeps 5 s per authorization_pending and returns the token once approved',
    source: '@coze/api getDeviceToken (POLL_INTERVAL 5000); oauth_device_code',
    covers: ['device.sdk-polling', 'device.polling-errors', 'token.device-grant'],
    needs: ['device', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { outcome, delays } = await pollScripted(ctx, async (index, ms, code) => {
        if (index === 1) await ctx.target.decideDevice(code.user_code, code.verification_uri, 'approve');
        await ctx.target.advanceClock(ms / 1000);
      });
      assert.ok('value' in outcome, `polling must end with a token, got ${String((outcome as { error: unknown }).error)}`);
      assert.deepEqual(delays, [SDK_POLL_MS, SDK_POLL_MS], 'two pending polls, 5 s apart, then the token');
      await expectTokenReply(ctx, outcome.value, { prefix: 'czu_', refresh: true, lifetimeSeconds: 900 });
      await proveToken(ctx, outcome.value.access_token);
    },
  },
  {
    id: 'device-poll.slow-down',
    title: 'polled before the interval, the server answers slow_down and the SDK waits 10 s',
    source: 'oauth_device_code (slow_down); @coze/api getDeviceToken (+5 s per slow_down)',
    covers: ['device.sdk-polling', 'device.polling-errors'],
    needs: ['device', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { outcome, delays } = await pollScripted(ctx, async (index, ms, code) => {
        if (index === 0) return ctx.target.advanceClock(2); // too early: the interval is 5 s
        await ctx.target.decideDevice(code.user_code, code.verification_uri, 'approve');
        await ctx.target.advanceClock(ms / 1000);
      });
      assert.deepEqual(delays, [SDK_POLL_MS, 2 * SDK_POLL_MS], 'after slow_down the SDK must sleep 10 s');
      assert.ok('value' in outcome, `polling must end with a token, got ${String((outcome as { error: unknown }).error)}`);
      assert.equal(typeof outcome.value.access_token, 'string');
    },
  },
  {
    id: 'device-poll.denied',
    title: 'a denied device code ends the polling with BadRequestError access_denied',
    source: 'oauth_device_code (access_denied)',
    covers: ['device.sdk-polling', 'device.polling-errors'],
    needs: ['device', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { outcome } = await pollScripted(ctx, async (_index, ms, code) => {
        await ctx.target.decideDevice(code.user_code, code.verification_uri, 'deny');
        await ctx.target.advanceClock(ms / 1000);
      });
      await expectSdkError(ctx, failureOf(outcome), 'BadRequestError', 'access_denied');
    },
  },
  {
    id: 'device-poll.expired',
    title: 'a device code past expires_in ends the polling with BadRequestError expired_token',
    source: 'oauth_device_code (expired_token; expires_in 300 s)',
    covers: ['device.sdk-polling', 'device.polling-errors'],
    needs: ['device', 'scriptedUser', 'clock'],
    async run(ctx) {
      const { outcome } = await pollScripted(ctx, async (_index, ms, code) => {
        assert.ok(code.expires_in > 0 && code.expires_in < 86_400, `expires_in must be relative seconds, got ${code.expires_in}`);
        await ctx.target.advanceClock(Math.max(ms / 1000, code.expires_in + 1));
      });
      await expectSdkError(ctx, failureOf(outcome), 'BadRequestError', 'expired_token');
    },
  },
]);
