import { isPlaceholder } from '../cassettes/format.js';
import { credentialsInText } from './credentials.js';

/**
 * The credentials one recording session has met, each with its placeholder: the same value is always the same
 * placeholder (`[redacted:access_token:1]`), so an access token in a token reply and the same token in a later
 * `Authorization` header stay recognisably one, and ids that point at each other stay consistent. Held in memory
 * only; nothing of it is ever written.
 */

/** Shorter values are replaced where they stand (a named field), never hunted for inside other text. */
const MIN_SCRUB_LENGTH = 8;

/**
 * @example
 * const secrets = createSecrets();
 * secrets.placeholderOf('czu_abc…', 'access_token'); // '[redacted:access_token:1]'
 * secrets.scrub('Bearer czu_abc…'); // 'Bearer [redacted:access_token:1]'
 */
export interface Secrets {
  /** The placeholder of a credential value, learning it on first sight. */
  placeholderOf(value: string, kind: string): string;
  /** Replaces every credential met so far, and any found by its shape, inside a text. */
  scrub(text: string): string;
  /** How many distinct credentials were met. */
  size(): number;
}

/**
 * A session's credentials; `earlier` (a cassette's text) holds placeholders already taken, whose numbers this session
 * continues after, so that one placeholder never stands for two values in one cassette.
 */
export function createSecrets(earlier = ''): Secrets {
  const placeholders = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const [, kind, n] of earlier.matchAll(/\[redacted:([a-z_]+):(\d+)\]/g)) counts.set(kind as string, Math.max(counts.get(kind as string) ?? 0, Number(n)));
  // Rebuilt when a credential long enough to hunt for is learnt: one pass over a text finds every one of them.
  let hunt: RegExp | undefined;
  let stale = false;

  const placeholderOf = (value: string, kind: string): string => {
    if (isPlaceholder(value)) return value;
    const known = placeholders.get(value);
    if (known) return known;
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    const placeholder = `[redacted:${kind}:${n}]`;
    placeholders.set(value, placeholder);
    if (value.length >= MIN_SCRUB_LENGTH) stale = true;
    return placeholder;
  };

  const scrub = (text: string): string => {
    if (!text) return text;
    for (const { value, kind } of credentialsInText(text)) placeholderOf(value, kind);
    if (stale) {
      // Longest first, so a credential that contains another is replaced whole.
      const values = [...placeholders.keys()].filter((v) => v.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
      hunt = values.length ? new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
      stale = false;
    }
    return hunt ? text.replace(hunt, (found) => placeholders.get(found) ?? found) : text;
  };

  return { placeholderOf, scrub, size: () => placeholders.size };
}
