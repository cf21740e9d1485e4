/**
 * The typed client of the `/__mock` control API (also exported by `@coze-mock/server`).
 *
 * @module @coze-mock/server/control
 */
import type { Deviation } from '../deviations.js';
import type { AppCredentials, PersonalAccessToken, PublicFixtures, User } from '../fixtures/types.js';
import type { JournalEntry } from '../journal.js';
import type { FaultRule } from '../replies/faults.js';
import type { ReplyRule } from '../replies/index.js';
import type { QueuedScript } from '../resources/bots/scripts.js';
import type { BotScriptInput } from '../resources/bots/schemas.js';
import { completeConsent, type ConsentResult } from './consent.js';
import type { AppInput, FaultInput, JournalFilter, PatInput, ReplyRuleInput, SandboxInput, UserInput } from './schemas.js';
import { CONTROL_VERBS, type ClockView, type VerbCallArgs, type VerbName, type VerbReply } from './verbs.js';

export type { ConsentResult } from './consent.js';
export type { AppInput, FaultInput, JournalFilter, PatInput, ReplyRuleInput, ReplyStreamInput, SandboxInput, UserInput } from './schemas.js';
export type { AppCredentials } from '../fixtures/types.js';
export type { ClockView, VerbCallInput, VerbName, VerbReply } from './verbs.js';
export type { QueuedScript } from '../resources/bots/scripts.js';
export type { BotScriptInput } from '../resources/bots/schemas.js';

/** A sandbox as `POST /__mock/sandboxes` answers it, plus a control client for it. */
export interface SandboxHandle {
  id: string;
  /** Hand this to the SDK as `baseURL`: every flow, the consent and device pages included, works under it. */
  baseURL: string;
  fixtures: PublicFixtures;
  /** The sandbox's own control API (`${baseURL}/__mock/…`). */
  control: ControlClient;
}

/**
 * One method per verb of the control API (control/verbs.ts), generated from its declaration: the input is the verb's
 * body or query plus its path parameters, the reply what the verb answers.
 *
 * @example
 * await control.verbs.moveClock({ advanceSeconds: 60 });
 * await control.verbs.deleteReply({ id: 'reply_1' });
 */
export type ControlVerbs = { [K in VerbName]: (...args: VerbCallArgs<K>) => Promise<VerbReply<K>> };

/**
 * A typed client for the `/__mock` control API, usable from any test runner (it only needs `fetch`). `verbs` has a
 * method for every call of the API; the others are shorthands over them (and `completeConsent`, which plays the
 * person at the consent page).
 */
export interface ControlClient {
  /** Every control verb, generated from the verb table. */
  verbs: ControlVerbs;
  /** `GET /__mock/fixtures`: credentials per flow, and the fixture `workflows` (`kind: 'echo' | 'question'`). */
  fixtures(): Promise<PublicFixtures>;
  /** `POST /__mock/reset`: state, clock, replies and run-time fixtures go; seeded fixtures stay. */
  reset(): Promise<void>;
  clock(): Promise<ClockView>;
  advanceClock(seconds: number): Promise<ClockView>;
  setClock(instant: number | Date): Promise<ClockView>;
  /** Drops every `advanceClock`/`setClock`: back to the wall clock (or the frozen start). */
  resetClock(): Promise<ClockView>;
  approveDevice(userCode: string): Promise<void>;
  denyDevice(userCode: string): Promise<void>;
  /** `GET /__mock/journal`: requests the mock answered, oldest first; `since` is the `seq` of an earlier entry. */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** `GET /__mock/journal?wait=`: the first entry matching, waiting for it up to `timeoutMs` (default 10 s, at most 30 s). */
  waitForRequest(filter: JournalFilter & { timeoutMs?: number }): Promise<JournalEntry>;
  /**
   * `POST /__mock/replies`: a scripted reply, dropped or hung connection for the matching requests. `reply.headers`
   * are sent as given (`content-type` included); a string `reply.body` goes out as it is, anything else as JSON.
   * `stream` answers server-sent events in Coze's framing, then ends, drops or hangs:
   *
   * @example
   * await control.addReply({
   *   match: { method: 'POST', path: '/v3/chat' },
   *   stream: { events: [{ event: 'conversation.message.delta', data: { content: 'Hi' } }, { event: 'done', data: '[DONE]', delayMs: 50 }], then: 'end' },
   * });
   */
  addReply(rule: ReplyRuleInput): Promise<ReplyRule>;
  /** `GET /__mock/replies`. */
  replies(): Promise<ReplyRule[]>;
  /** `DELETE /__mock/replies/{id}`. */
  deleteReply(id: string): Promise<void>;
  /** `DELETE /__mock/replies`: every rule, and every hung request is let go. */
  clearReplies(): Promise<void>;
  /**
   * `POST /__mock/bots/{bot_id}/script`: how the bot's next chats go (answer, chunking, pauses, tool calls, usage, a
   * failure, a dropped or hung stream); `times` defaults to 1. Scripts queue up and are served oldest first.
   */
  setBotScript(botId: string, script: BotScriptInput): Promise<QueuedScript>;
  /** `GET /__mock/bots/{bot_id}/script`: the bot's queued scripts. */
  botScripts(botId: string): Promise<QueuedScript[]>;
  /** `DELETE /__mock/bots/{bot_id}/script`: drops the bot's queued scripts. */
  clearBotScripts(botId: string): Promise<void>;
  /** `POST /__mock/faults`: the shorthand for a body-less error reply on a path prefix. */
  addFault(rule: FaultInput): Promise<FaultRule>;
  clearFaults(): Promise<void>;
  /** `POST /__mock/apps`: a new app and its credentials (a JWT app gets a generated private key unless given a publicKey). */
  addApp<T extends AppInput['type']>(input: AppInput & { type: T }): Promise<Extract<AppCredentials, { type: T }>>;
  /** `POST /__mock/apps/{id}/disable`: its flows answer `access_deny` until reset. */
  disableApp(clientId: string): Promise<void>;
  /** `POST /__mock/users`. */
  addUser(input?: UserInput): Promise<User>;
  /** `POST /__mock/pats`: a new personal access token. */
  addPat(input?: PatInput): Promise<PersonalAccessToken>;
  /**
   * `POST /__mock/tokens/revoke`: a PAT, access or refresh token stops working (4100 / invalid_grant). Give its value,
   * or `{ fingerprint }` as the journal shows it (`entry.tokenFingerprint`), or `{ clientId }` / `{ userId }` for every
   * access and refresh token of an app or a user. Resolves to how many tokens were revoked.
   *
   * @example
   * const [call] = await control.journal({ path: '/v1/users/me' });
   * await control.revokeToken({ fingerprint: call!.tokenFingerprint! }); // the app's next call gets 401 (4100)
   */
  revokeToken(token: string | { fingerprint: string } | { clientId: string } | { userId: string }): Promise<number>;
  /** `POST /__mock/sandboxes`: an independent mock on the same server. */
  createSandbox(input?: SandboxInput): Promise<SandboxHandle>;
  /** `DELETE /__mock/sandboxes/{id}`. */
  deleteSandbox(id: string): Promise<void>;
  setDeviations(enable: Deviation[]): Promise<void>;
  introspect(token: string): Promise<{ active: boolean; [key: string]: unknown }>;
  /**
   * Plays the person at the consent page over plain HTTP, as a browser would: follows the authorize URL to the
   * consent page, keeps its cookie, and posts the form with Authorize or Deny.
   */
  completeConsent(authorizeUrl: string, decision?: 'approve' | 'deny'): Promise<ConsentResult>;
}

async function call<T>(baseURL: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseURL}/__mock${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`coze-mock control ${method} ${path} failed: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Fills a verb's `:name` path segments from the input; the rest is the body (or, for a query verb, the query). */
function request(spec: (typeof CONTROL_VERBS)[VerbName], input: Record<string, unknown> = {}): { path: string; body?: unknown } {
  const rest = { ...input };
  const path = spec.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  if ('query' in spec) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(rest)) if (value !== undefined) query.set(name, String(value));
    const text = query.toString();
    return { path: text ? `${path}?${text}` : path };
  }
  return 'body' in spec ? { path, body: rest } : { path };
}

/** The generated half of the client: a method per verb. */
function verbsClient(base: string): ControlVerbs {
  const verbs: Record<string, (input?: Record<string, unknown>) => Promise<unknown>> = {};
  for (const [name, spec] of Object.entries(CONTROL_VERBS)) {
    verbs[name] = (input) => {
      const { path, body } = request(spec, input);
      return call(base, spec.method, path, body);
    };
  }
  return verbs as unknown as ControlVerbs;
}

/**
 * @example
 * const control = createControlClient(server.url);
 * await control.addReply({ match: { path: '/api/permission/oauth2/token' }, reply: { status: 503 } });
 * const { code } = await control.completeConsent(url);
 */
export function createControlClient(baseURL: string): ControlClient {
  const base = baseURL.replace(/\/+$/, '');
  const verbs = verbsClient(base);
  const entries = async (filter: JournalFilter & { wait?: number }) => (await verbs.journal(filter)).entries;
  return {
    verbs,
    fixtures: () => verbs.fixtures(),
    reset: async () => void (await verbs.reset()),
    clock: () => verbs.clock(),
    advanceClock: (seconds) => verbs.moveClock({ advanceSeconds: seconds }),
    setClock: (instant) => verbs.moveClock({ set: instant instanceof Date ? instant.getTime() : instant }),
    resetClock: () => verbs.moveClock({ reset: true }),
    approveDevice: async (userCode) => void (await verbs.approveDevice({ user_code: userCode })),
    denyDevice: async (userCode) => void (await verbs.denyDevice({ user_code: userCode })),
    journal: (filter = {}) => entries(filter),
    async waitForRequest({ timeoutMs = 10_000, ...filter }) {
      const [first] = await entries({ ...filter, wait: Math.min(Math.max(timeoutMs, 0), 30_000) });
      if (!first) throw new Error(`coze-mock: no request matching ${JSON.stringify(filter)} within ${timeoutMs} ms`);
      return first;
    },
    addReply: (rule) => verbs.addReply(rule),
    replies: async () => (await verbs.replies()).replies,
    deleteReply: async (id) => void (await verbs.deleteReply({ id })),
    clearReplies: async () => void (await verbs.clearReplies()),
    addFault: async (rule) => (await verbs.addFault(rule)).fault,
    clearFaults: async () => void (await verbs.clearFaults()),
    addApp: (input) => verbs.addApp(input) as never,
    disableApp: async (clientId) => void (await verbs.disableApp({ id: clientId })),
    addUser: (input = {}) => verbs.addUser(input),
    addPat: (input = {}) => verbs.addPat(input),
    revokeToken: async (token) => (await verbs.revokeToken(typeof token === 'string' ? { token } : token)).count,
    setBotScript: (botId, script) => verbs.setBotScript({ ...script, bot_id: botId }),
    botScripts: async (botId) => (await verbs.botScripts({ bot_id: botId })).scripts,
    clearBotScripts: async (botId) => void (await verbs.clearBotScripts({ bot_id: botId })),
    async createSandbox(input = {}) {
      const sandbox = await verbs.createSandbox(input);
      return { ...sandbox, control: createControlClient(sandbox.baseURL) };
    },
    deleteSandbox: async (id) => void (await verbs.deleteSandbox({ id })),
    setDeviations: async (enable) => void (await verbs.setDeviations({ enable })),
    introspect: (token) => verbs.introspect({ token }) as Promise<{ active: boolean; [key: string]: unknown }>,
    completeConsent,
  };
}
