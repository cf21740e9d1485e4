import { assert } from './assert.js';
import { defineChecks } from './check.js';
import { playPollingLoop } from './replay/wire.js';

/** The device polling interval's ceiling, which every official SDK's loop relies on. */
export const deviceCapChecks = defineChecks('device', [
  {
    id: 'device.slow-down-capped',
    title: 'slow_down stops growing the interval at 30 s: a client polling every 30 s gets past slow_down',
    source: '@coze/api getDeviceToken (MAX_POLL_INTERVAL 30000); coze-py/coze-go/coze-java device loops (+5 s while < 30)',
    covers: ['device.slow-down-cap', 'device.sdk-polling'],
    needs: ['device', 'clock'],
    async run(ctx) {
      // Seven early polls would push an uncapped interval to 40 s; the SDKs stay at 30 s.
      const { lateErrors } = await playPollingLoop(ctx, { cap: 30, earlyPolls: 7, latePolls: 1 });
      assert.deepEqual(lateErrors, ['authorization_pending'], 'a poll 30 s after the last must not get slow_down');
    },
  },
]);
