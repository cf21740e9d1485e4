import { estimateRetainedBytes, type ByteAccount } from '../budget.js';
import type { ReplyRuleSpec } from '../control/schemas.js';
import { isControlPath } from '../endpoints.js';
import { oauthErrors } from '../errors.js';
import { createWaits, type WaitOutcome } from '../state/waits.js';
import { bodyMatches, queryMatches } from './match.js';

export type { WaitOutcome } from '../state/waits.js';

/**
 * Scripted replies (`/__mock/replies`): rules that answer matching requests instead of the mock's routes, with a
 * canned reply, a dropped connection or a hung one. Pure bookkeeping: the middleware in `middleware/replies/`
 * decides what a served rule does to the request.
 *
 * - Each rule is served `times` times (default 1; `null` until deleted), then disappears.
 * - The newest matching rule wins, so a test can shadow an earlier rule for one call.
 * - A rule may match on the JSON body's `grant_type` and `client_id`, on query parameters and on the JSON body itself
 *   (replies/match.ts); the body is read only when some live rule asks.
 * - Requests to the control API (`/__mock…`) never match, or a test could lock itself out.
 */

/** A request as the rules see it; body facts are read lazily. */
export interface ReplyRequest {
  method: string;
  path: string;
  grantType(): Promise<string | undefined>;
  clientId(): Promise<string | undefined>;
  /** The query parameters. */
  query(): URLSearchParams;
  /** The parsed JSON body; undefined when the body is not JSON. */
  json(): Promise<unknown>;
}

/** Where a rule came from: `POST /__mock/replies`, the `POST /__mock/faults` shorthand, or a replayed cassette. */
export type ReplySource = 'replies' | 'faults' | 'cassettes';

/** A stored rule: the validated spec plus its id and how often it may still be served. */
export interface ReplyRule extends ReplyRuleSpec {
  id: string;
  source: ReplySource;
  /** Servings left; `null` means until deleted. */
  remaining: number | null;
  served: number;
}

/**
 * @example
 * const book = createReplyBook();
 * const rule = book.add({ match: { path: '/api/permission/oauth2/token' }, reply: { status: 200, body: {} }, times: 1, delayMs: 0 });
 * const hit = await book.find(request);
 * if (hit && book.consume(hit)) answerWith(hit.reply);
 */
export interface ReplyBook {
  /** Adds a rule; throws a 429 error when `capacity` rules are live or its bytes would not fit the mock's budget. */
  add(spec: ReplyRuleSpec, source?: ReplySource): ReplyRule;
  list(source?: ReplySource): ReplyRule[];
  /** Whether any rule is live (the request path skips everything else when none is). */
  planned(): boolean;
  /** Deletes a live rule and lets go of the requests it holds (a used-up rule's too); false if neither was there. */
  delete(id: string): boolean;
  /** Without a source: every rule, and every pending wait is released. */
  clear(source?: ReplySource): void;
  /** The newest live rule matching the request, not yet counted as served. */
  find(request: ReplyRequest): Promise<ReplyRule | undefined>;
  /** Counts one serving; false if the rule ran out or was deleted meanwhile (then look again). */
  consume(rule: ReplyRule): boolean;
  /** Waits `ms` (a rule's delay, hang or stream), ending early on clear/close, on deleting `rule`, or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal, rule?: ReplyRule): Promise<WaitOutcome>;
  /** Releases every pending wait and refuses new ones (server shutdown). */
  close(): void;
}

function matchesSync(rule: ReplyRule, request: ReplyRequest): boolean {
  const { match } = rule;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (match.path !== undefined && match.path !== request.path) return false;
  if (match.pathPrefix !== undefined && !request.path.startsWith(match.pathPrefix)) return false;
  // The query is parsed only for rules that look at it.
  return (match.query === undefined && !match.exact) || queryMatches(match, request.query());
}

/** What a stored rule costs besides its spec (the rule object, its id, the list slot), in bytes. */
const RULE_OVERHEAD_BYTES = 256;

/**
 * @param options.budget the mock's byte account: each rule is charged its estimated heap while it is live
 *   (`limits.replyBytes`); without one, only `capacity` bounds the book.
 */
export function createReplyBook(options: { capacity?: number; budget?: ByteAccount } = {}): ReplyBook {
  const capacity = options.capacity ?? 1000;
  const { budget } = options;
  let rules: ReplyRule[] = [];
  // What each live rule was charged.
  const costs = new Map<ReplyRule, number>();
  let nextId = 1;
  // Delays and hangs: a clear (reset, `DELETE /__mock/replies`) or close (shutdown) lets them go.
  const waits = createWaits();
  /** Drops rules from the book, giving their bytes back; answers how many went. */
  const drop = (leaving: (rule: ReplyRule) => boolean): number => {
    const before = rules.length;
    rules = rules.filter((rule) => {
      if (!leaving(rule)) return true;
      budget?.release('replies', costs.get(rule) ?? 0);
      costs.delete(rule);
      return false;
    });
    return before - rules.length;
  };

  return {
    add(spec, source = 'replies') {
      if (rules.length >= capacity) throw oauthErrors.capacity(`scripted replies (at most ${capacity} live)`);
      const cost = RULE_OVERHEAD_BYTES + estimateRetainedBytes(spec);
      budget?.charge('replies', cost);
      const rule: ReplyRule = { ...spec, id: `reply_${nextId++}`, source, remaining: spec.times, served: 0 };
      rules.push(rule);
      costs.set(rule, cost);
      return rule;
    },
    list: (source) => rules.filter((r) => source === undefined || r.source === source).map((r) => ({ ...r })),
    planned: () => rules.length > 0,
    delete(id) {
      const holding = waits.pending;
      const dropped = drop((r) => r.id === id);
      waits.release(id);
      return dropped > 0 || waits.pending < holding;
    },
    clear(source) {
      drop((r) => source === undefined || r.source === source);
      if (source === undefined) waits.releaseAll();
    },
    async find(request) {
      if (isControlPath(request.path)) return undefined;
      const candidates = rules.filter((r) => matchesSync(r, request));
      if (!candidates.length) return undefined;
      const needsGrant = candidates.some((r) => r.match.grantType !== undefined);
      const needsClient = candidates.some((r) => r.match.clientId !== undefined);
      const grantType = needsGrant ? await request.grantType() : undefined;
      const clientId = needsClient ? await request.clientId() : undefined;
      const body = candidates.some((r) => r.match.body !== undefined) ? await request.json() : undefined;
      // Newest first; re-read `rules` after the awaits so a rule deleted meanwhile is not served.
      for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i] as ReplyRule;
        if (!candidates.includes(rule)) continue;
        if (rule.match.grantType !== undefined && rule.match.grantType !== grantType) continue;
        if (rule.match.clientId !== undefined && rule.match.clientId !== clientId) continue;
        if (!bodyMatches(rule.match, body)) continue;
        return rule;
      }
      return undefined;
    },
    consume(rule) {
      if (!rules.includes(rule)) return false;
      rule.served++;
      if (rule.remaining !== null) {
        rule.remaining--;
        if (rule.remaining <= 0) drop((r) => r === rule);
      }
      return true;
    },
    wait: (ms, signal, rule) => waits.wait(ms, signal, rule?.id),
    close: () => waits.close(),
  };
}
