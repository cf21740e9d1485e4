import { startRecorder, type CassetteExchange } from '@coze-mock/server';
import type { Target } from './target.js';

/**
 * A target whose API traffic goes through `coze-mock record` on loopback, so that every exchange the checks make is
 * kept as a cassette (credentials replaced by placeholders before they reach the disk). Everything else (the person,
 * the clock, the control API) is the target's own.
 *
 * @example
 * const target = await withRecorder(createLiveTarget(process.env), 'reports/live.cassette.json');
 * await runChecks(ALL_CHECKS, target, sdk);
 * await target.close(); // stops the recorder, then the target
 */
export async function withRecorder(target: Target, out: string, onExchange?: (exchange: CassetteExchange, index: number) => void): Promise<Target> {
  const recorder = await startRecorder({ upstream: target.baseURL, out, ...(onExchange ? { onExchange } : {}) });
  return {
    ...target,
    baseURL: recorder.url,
    close: async () => {
      await recorder.close();
      await target.close();
    },
  };
}
