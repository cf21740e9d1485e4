import { createLiveTarget, type LiveTargetOptions } from './live-target.js';
import { openMockTarget } from './mock-target.js';
import { unmetFrom, type Requirement, type Target } from './target.js';
import { openUrlTarget } from './url-target.js';

/** A target chosen from the environment: known synchronously (to decide skips), opened later. */
export interface TargetPlan {
  kind: Target['kind'];
  /** Same as `Target.unmet`, available before the target is opened. */
  unmet(requirement: Requirement): string | undefined;
  open(): Promise<Target>;
}

type Env = Record<string, string | undefined>;

/**
 * Picks the target from `COZE_TARGET` (`mock`, the default; `url` with `COZE_MOCK_URL`; `live`). `COZE_LIVE=1` alone
 * also selects `live`.
 *
 * @example
 * const plan = planTarget(process.env);
 * if (!plan.unmet('clock')) { const target = await plan.open(); … }
 */
export function planTarget(env: Env = process.env, liveOptions: LiveTargetOptions = {}): TargetPlan {
  const kind = env.COZE_TARGET || (env.COZE_LIVE === '1' ? 'live' : 'mock');
  if (kind === 'mock') return { kind, unmet: unmetFrom({}), open: () => openMockTarget() };
  if (kind === 'url') {
    const url = env.COZE_MOCK_URL;
    if (!url) throw new Error('COZE_TARGET=url needs COZE_MOCK_URL, e.g. http://127.0.0.1:8787 (start one with `pnpm start`)');
    return { kind, unmet: unmetFrom({}), open: () => openUrlTarget(url) };
  }
  if (kind === 'live') {
    const target = createLiveTarget(env, liveOptions);
    return { kind, unmet: target.unmet, open: async () => target };
  }
  throw new Error(`COZE_TARGET must be mock, url or live, not ${kind}`);
}
