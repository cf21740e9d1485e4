import { describe, expect, it } from 'vitest';
import { latestSnapshot } from '../src/shapes/snapshot.js';
import { recordLiveSnapshot } from '../src/shapes/record.js';
import { planTarget } from '../src/targets/select-target.js';

/**
 * On the live target (COZE_LIVE=1 with PAT, JWT and device credentials), records the reply shapes of Coze into
 * snapshots/live-<date>.json, which later mock runs compare with (check shapes.match-snapshot).
 */
const plan = planTarget(process.env);
const reason = plan.kind !== 'live' ? `target is ${plan.kind}, not live` : (['pat', 'jwt', 'device'] as const).map((r) => plan.unmet(r)).find(Boolean);

describe('contract snapshot of live Coze', () => {
  it.skipIf(reason !== undefined)(`records reply shapes into snapshots/${reason ? ` — skipped: ${reason}` : ''}`, async () => {
    const file = await recordLiveSnapshot(await plan.open());
    expect(latestSnapshot().file).toBe(file.split('/').pop());
  }, 60_000);
});
