import { MAX_REPLY_DELAY_MS, MAX_STREAM_EVENTS, replyRuleBody, type ReplyRuleInput, type ReplyRuleSpec } from '../control/schemas.js';
import { isControlPath, OAUTH_PREFIX, PAGES_PREFIX } from '../endpoints.js';
import { botScriptOf, type RecordedBotScript } from './bot-script.js';
import { isPlaceholder, type Cassette, type CassetteExchange } from './format.js';
import { stableJson } from './stable-json.js';

/**
 * A cassette as scripted replies: each recorded exchange becomes a rule that answers its request (method and path,
 * then the query and JSON body, exactly, less the ignored names) with the recorded reply, behind the mock's own
 * token check wherever the recording carried a token. What the mock answers itself is left out: the OAuth endpoints
 * and pages (the app's auth runs against the mock), and refused tokens (the mock's token check answers those).
 *
 * The same request recorded several times is answered in recorded order, the last reply then for good.
 */

/** A recorded exchange that does not become a rule, and why. */
export interface SkippedExchange {
  index: number;
  method: string;
  path: string;
  reason: string;
}

/** A recorded chat with a bot the replaying mock has, as that bot's script (`times`: 1, or `null` for its last chat). */
export interface CassetteScript {
  index: number;
  botId: string;
  script: RecordedBotScript & { times: number | null };
}

/** The rules of a cassette (in the order to add them: the first recorded is added last, so it is served first). */
export interface CassetteRules {
  rules: ReplyRuleSpec[];
  /** Recorded chat streams with the mock's own bots, in recorded order (a bot's scripts are served first in, first out). */
  scripts: CassetteScript[];
  skipped: SkippedExchange[];
}

/** The bot of a recorded streamed chat (`POST /v3/chat` with `stream: true`), when the replaying mock has it. */
function scriptedBot(exchange: CassetteExchange, knownBots: ReadonlySet<string>): string | undefined {
  const { request, response } = exchange;
  if (request.method !== 'POST' || request.path !== '/v3/chat' || !response.stream || response.status !== 200) return undefined;
  const botId = (request.body as { bot_id?: unknown } | undefined)?.bot_id;
  return typeof botId === 'string' && knownBots.has(botId) ? botId : undefined;
}

/** Headers the replay never sends: the connection's own, lengths and encodings of the recorded body, cookies. */
const UNREPLAYED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'date',
  'set-cookie',
  'upgrade',
  'trailer',
]);

/** Why an exchange is not replayed, or undefined. */
function skipReason(exchange: CassetteExchange): string | undefined {
  const { request, response } = exchange;
  if (isControlPath(request.path)) return 'the control API is never recorded';
  if (request.path.startsWith(OAUTH_PREFIX) || request.path.startsWith(`${PAGES_PREFIX}/`)) return 'OAuth: answered by the mock itself';
  if (response.status === 401) return 'a refused token: the mock\'s own token check answers it';
  if (response.status < 200) return `status ${response.status} cannot be scripted`;
  if (response.bodyOmitted !== undefined) return `its body was not recorded (${response.bodyOmitted})`;
  if (response.stream && response.stream.events.length > MAX_STREAM_EVENTS) return `a stream of more than ${MAX_STREAM_EVENTS} events`;
  return undefined;
}

/** Takes placeholder members out of a JSON value, noting their names so that matching ignores them. */
function withoutPlaceholders(value: unknown, ignore: Set<string>, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withoutPlaceholders(item, ignore, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    if (typeof member === 'string' && isPlaceholder(member)) ignore.add(name);
    else out[name] = withoutPlaceholders(member, ignore, depth + 1);
  }
  return out;
}

function matchOf(exchange: CassetteExchange, cassetteIgnore: readonly string[]): ReplyRuleInput['match'] {
  const { request } = exchange;
  const ignore = new Set([...cassetteIgnore, ...(exchange.ignore ?? [])]);
  const query = withoutPlaceholders(request.query, ignore) as Record<string, string | string[]>;
  for (const name of ignore) delete query[name];
  const body = request.body === undefined ? undefined : withoutPlaceholders(request.body, ignore);
  return {
    method: request.method,
    path: request.path,
    query,
    ...(body === undefined ? {} : { body }),
    ...(ignore.size ? { ignore: [...ignore].sort() } : {}),
    exact: true,
  };
}

/** The recorded reply: JSON or text body with its headers, or its stream with the recorded gaps scaled by `speed`. */
function replyOf(exchange: CassetteExchange, speed: number): Pick<ReplyRuleInput, 'reply' | 'stream'> {
  const { response } = exchange;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!UNREPLAYED_HEADERS.has(name.toLowerCase())) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (response.stream) {
    const events = response.stream.events.map(({ id, event, data, delayMs }) => ({
      ...(id ? { id } : {}),
      ...(event ? { event } : {}),
      data,
      delayMs: scaledDelay(delayMs, speed),
    }));
    return { reply: { status: response.status, headers }, stream: { events, then: response.stream.then } };
  }
  const body = response.body ?? response.bodyText;
  return { reply: { status: response.status, ...(body === undefined ? {} : { body }), headers } };
}

/**
 * The scripted replies of a cassette; `speed` scales recorded stream timing (2: twice as fast, 0: no waits). A
 * streamed chat with one of `knownBots` becomes that bot's script, so the mock's own chat plays it.
 *
 * @example
 * const { rules, scripts, skipped } = cassetteRules(cassette, { speed: 1, knownBots: new Set(['7380…']) });
 * for (const rule of rules) mock.replies.add(rule, 'cassettes');
 */
export function cassetteRules(cassette: Cassette, options: { speed: number; knownBots?: ReadonlySet<string> }): CassetteRules {
  const skipped: SkippedExchange[] = [];
  const planned: { index: number; key: string; input: ReplyRuleInput }[] = [];
  const scripts: CassetteScript[] = [];
  cassette.exchanges.forEach((exchange, index) => {
    const reason = skipReason(exchange);
    const { method, path } = exchange.request;
    if (reason) return void skipped.push({ index, method, path, reason });
    const botId = scriptedBot(exchange, options.knownBots ?? new Set());
    if (botId) return void scripts.push({ index, botId, script: { ...botScriptOf(exchange.response.stream?.events ?? [], options.speed), times: 1 } });
    const match = matchOf(exchange, cassette.ignore);
    const input: ReplyRuleInput = {
      match,
      ...replyOf(exchange, options.speed),
      ...(exchange.request.headers.authorization === undefined ? {} : { requireToken: true }),
    };
    planned.push({ index, key: stableJson(match), input });
  });
  // The last recording of each request answers for good; the earlier ones once each, in recorded order.
  const lastOfKey = new Map(planned.map((p) => [p.key, p.index]));
  const rules: ReplyRuleSpec[] = [];
  for (const { index, key, input } of planned.reverse()) {
    const parsed = replyRuleBody.safeParse({ ...input, times: lastOfKey.get(key) === index ? null : 1 });
    if (parsed.success) rules.push(parsed.data);
    else {
      const { method, path } = (cassette.exchanges[index] as CassetteExchange).request;
      skipped.push({ index, method, path, reason: `not a valid reply: ${parsed.error.issues[0]?.message}` });
    }
  }
  skipped.sort((a, b) => a.index - b.index);
  // Each bot's last recorded chat answers for good, like a rule.
  const lastOfBot = new Map(scripts.map((s) => [s.botId, s.index]));
  for (const s of scripts) if (lastOfBot.get(s.botId) === s.index) s.script.times = null;
  return { rules, scripts, skipped };
}

/**
 * A recorded delay scaled by the replay speed, within what a scripted reply may wait.
 *
 * @example
 * scaledDelay(400, 2); // 200
 * scaledDelay(400, 0); // 0
 */
export function scaledDelay(ms: number, speed: number): number {
  return speed <= 0 ? 0 : Math.min(MAX_REPLY_DELAY_MS, Math.round(ms / speed));
}
