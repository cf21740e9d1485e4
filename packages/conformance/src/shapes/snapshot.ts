import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../paths.js';
import { compareReplyShapes, type ReplyShape } from './shape.js';

/**
 * Contract snapshots: the reply shapes of a target at a moment, as JSON under packages/conformance/snapshots/.
 * The first one is built from the official docs' examples; each live run adds one; mock runs compare with the latest.
 */

/** A snapshot file. */
export interface ContractSnapshot {
  /** ISO date (or date-time) of the recording: the latest snapshot is the one with the greatest value. */
  recordedAt: string;
  /** `docs` (built from the official docs' examples) or `live` (recorded against Coze). */
  origin: 'docs' | 'live';
  /** The API host recorded, e.g. `api.coze.cn` (never a credential). */
  host?: string;
  note?: string;
  probes: Record<string, ReplyShape>;
}

/** Where snapshots live. */
export const SNAPSHOT_DIR = join(CONFORMANCE_DIR, 'snapshots');

/**
 * The most recent snapshot in `dir` (by `recordedAt`), with its file name.
 *
 * @example
 * const { snapshot, file } = latestSnapshot();
 */
export function latestSnapshot(dir = SNAPSHOT_DIR): { snapshot: ContractSnapshot; file: string } {
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  const loaded = files.map((file) => ({ file, snapshot: JSON.parse(readFileSync(join(dir, file), 'utf8')) as ContractSnapshot }));
  loaded.sort((a, b) => a.snapshot.recordedAt.localeCompare(b.snapshot.recordedAt));
  const latest = loaded.at(-1);
  if (!latest) throw new Error(`no contract snapshot in ${dir}`);
  return latest;
}

/**
 * Writes a live snapshot as `live-<date>.json` and returns its path.
 *
 * @example
 * writeSnapshot({ recordedAt: new Date().toISOString(), origin: 'live', host: 'api.coze.cn', probes });
 */
export function writeSnapshot(snapshot: ContractSnapshot, dir = SNAPSHOT_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${snapshot.origin}-${snapshot.recordedAt.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
  return file;
}

/**
 * Per-probe comparison of observed shapes with a snapshot. Probes the snapshot lacks are listed as `unrecorded`.
 *
 * @example
 * const { drift } = compareWithSnapshot(latestSnapshot().snapshot, await probeShapes(baseURL, credentials));
 */
export function compareWithSnapshot(snapshot: ContractSnapshot, observed: Record<string, ReplyShape>) {
  const drift: string[] = [];
  const extra: string[] = [];
  const unrecorded: string[] = [];
  for (const [id, shape] of Object.entries(observed)) {
    const recorded = snapshot.probes[id];
    if (!recorded) {
      unrecorded.push(id);
      continue;
    }
    const result = compareReplyShapes(recorded, shape);
    drift.push(...result.drift.map((line) => `${id} ${line}`));
    extra.push(...result.extra.map((line) => `${id} ${line}`));
  }
  return { drift, extra, unrecorded };
}
