import type { Target } from '../targets/target.js';
import { probeShapes } from './probes.js';
import { writeSnapshot, type ContractSnapshot } from './snapshot.js';

/**
 * Records the reply shapes of a live target into a new snapshot file (`live-<date>.json`). Shapes only: statuses,
 * field names, JSON types, token prefixes and header presence; never a token, secret or id.
 *
 * @example
 * const file = await recordLiveSnapshot(createLiveTarget(process.env));
 */
export async function recordLiveSnapshot(target: Target, dir?: string): Promise<string> {
  const snapshot: ContractSnapshot = {
    recordedAt: new Date().toISOString(),
    origin: 'live',
    host: new URL(target.baseURL).host,
    note: 'Recorded by the live conformance run (test/live-snapshot.test.ts): reply shapes only.',
    probes: await probeShapes(target.baseURL, target.credentials),
  };
  return writeSnapshot(snapshot, dir);
}
