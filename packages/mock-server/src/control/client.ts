import type { Deviation } from '../deviations.js';
import type { AppCredentials } from '../fixtures/runtime.js';
import type { PersonalAccessToken, PublicFixtures, User } from '../fixtures/types.js';
import type { JournalEntry } from '../journal.js';
import type { FaultRule } from '../replies/faults.js';
import type { ReplyRule } from '../replies/index.js';
import type { QueuedScript } from '../resources/bots/scripts.js';
import type { BotScriptInput } from '../resources/bots/schemas.js';
import { completeConsent, type ConsentResult } from './consent.js';
import type { AppInput, FaultInput, JournalFilter, PatInput, ReplyRuleInput, SandboxInput, UserInput } from './schemas.js';

export type { ConsentResult } from './consent.js';
export type { AppInput, FaultInput, JournalFilter, PatInput, ReplyRuleInput, SandboxInput, UserInput } from './schemas.js';
export type { AppCredentials } from '../fixtures/runtime.js';
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
 * A typed client for the `/__mock` control API, usable from any test runner (it only needs `fetch`). Each method is
 * one HTTP call, named in its doc; the bodies are the zod schemas of `control/schemas.ts`.
 */
export interface ControlClient {
  /** `GET /__mock/fixtures`. */
  fixtures(): Promise<PublicFixtures>;
  /** `POST /__mock/reset`: state, clock, replies and run-time fixtures go; seeded fixtures stay. */
  reset(): Promise<void>;
  clock(): Promise<{ now: number; nowSeconds: number; iso: string; frozen: boolean }>;
  advanceClock(seconds: number): Promise<{ now: number; nowSeconds: number }>;
  setClock(instant: number | Date): Promise<{ now: number; nowSeconds: number }>;
  /** Drops every `advanceClock`/`setClock`: back to the wall clock (or the frozen start). */
  resetClock(): Promise<{ now: number; nowSeconds: number }>;
  approveDevice(userCode: string): Promise<void>;
  denyDevice(userCode: string): Promise<void>;
  /** `GET /__mock/journal`: requests the mock answered, oldest first; `since` is the `seq` of an earlier entry. */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** `GET /__mock/journal?wait=`: the first entry matching, waiting for it up to `timeoutMs` (default 10 s, at most 30 s). */
  waitForRequest(filter: JournalFilter & { timeoutMs?: number }): Promise<JournalEntry>;
  /** `POST /__mock/replies`: a scripted reply, dropped or hung connection for the matching requests. */
  addReply(rule: ReplyRuleInput): Promise<{ id: string }>;
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
  /** `POST /__mock/tokens/revoke`: a PAT, access or refresh token stops working (4100 / invalid_grant). */
  revokeToken(token: string): Promise<void>;
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

function journalQuery(filter: JournalFilter & { wait?: number }): string {
  const query = new URLSearchParams();
  if (filter.path) query.set('path', filter.path);
  if (filter.grantType) query.set('grantType', filter.grantType);
  if (filter.since !== undefined) query.set('since', String(filter.since));
  if (filter.wait !== undefined) query.set('wait', String(filter.wait));
  return query.toString();
}

/**
 * @example
 * const control = createControlClient(server.url);
 * await control.addReply({ match: { path: '/api/permission/oauth2/token' }, reply: { status: 503 } });
 * const { code } = await control.completeConsent(url);
 */
export function createControlClient(baseURL: string): ControlClient {
  const base = baseURL.replace(/\/+$/, '');
  const entries = async (filter: JournalFilter & { wait?: number }) =>
    (await call<{ entries: JournalEntry[] }>(base, 'GET', `/journal?${journalQuery(filter)}`)).entries;
  return {
    fixtures: () => call(base, 'GET', '/fixtures'),
    reset: () => call(base, 'POST', '/reset'),
    clock: () => call(base, 'GET', '/clock'),
    advanceClock: (seconds) => call(base, 'POST', '/clock', { advanceSeconds: seconds }),
    setClock: (instant) => call(base, 'POST', '/clock', { set: instant instanceof Date ? instant.getTime() : instant }),
    resetClock: () => call(base, 'POST', '/clock', { reset: true }),
    approveDevice: (userCode) => call(base, 'POST', '/device/approve', { user_code: userCode }),
    denyDevice: (userCode) => call(base, 'POST', '/device/deny', { user_code: userCode }),
    journal: (filter = {}) => entries(filter),
    async waitForRequest({ timeoutMs = 10_000, ...filter }) {
      const [first] = await entries({ ...filter, wait: Math.min(Math.max(timeoutMs, 0), 30_000) });
      if (!first) throw new Error(`coze-mock: no request matching ${JSON.stringify(filter)} within ${timeoutMs} ms`);
      return first;
    },
    addReply: (rule) => call(base, 'POST', '/replies', rule),
    replies: async () => (await call<{ replies: ReplyRule[] }>(base, 'GET', '/replies')).replies,
    deleteReply: (id) => call(base, 'DELETE', `/replies/${encodeURIComponent(id)}`),
    clearReplies: () => call(base, 'DELETE', '/replies'),
    setBotScript: (botId, script) => call(base, 'POST', `/bots/${encodeURIComponent(botId)}/script`, script),
    botScripts: async (botId) => (await call<{ scripts: QueuedScript[] }>(base, 'GET', `/bots/${encodeURIComponent(botId)}/script`)).scripts,
    clearBotScripts: (botId) => call(base, 'DELETE', `/bots/${encodeURIComponent(botId)}/script`),
    addFault: async (rule) => (await call<{ fault: FaultRule }>(base, 'POST', '/faults', rule)).fault,
    clearFaults: () => call(base, 'DELETE', '/faults'),
    addApp: (input) => call(base, 'POST', '/apps', input),
    disableApp: (clientId) => call(base, 'POST', `/apps/${encodeURIComponent(clientId)}/disable`),
    addUser: (input = {}) => call(base, 'POST', '/users', input),
    addPat: (input = {}) => call(base, 'POST', '/pats', input),
    revokeToken: (token) => call(base, 'POST', '/tokens/revoke', { token }),
    async createSandbox(input = {}) {
      const sandbox = await call<Omit<SandboxHandle, 'control'>>(base, 'POST', '/sandboxes', input);
      return { ...sandbox, control: createControlClient(sandbox.baseURL) };
    },
    deleteSandbox: (id) => call(base, 'DELETE', `/sandboxes/${encodeURIComponent(id)}`),
    setDeviations: (enable) => call(base, 'PUT', '/deviations', { enable }),
    introspect: (token) => call(base, 'POST', '/introspect', { token }),
    completeConsent,
  };
}
