import type { Context } from 'hono';
import type * as z from 'zod';
import type { MockEnv, PatView, TokenView } from '../context.js';
import type { Deviation } from '../deviations.js';
import type { AppCredentials, PersonalAccessToken, PublicFixtures, User } from '../fixtures/types.js';
import type { JournalEntry } from '../journal.js';
import type { FaultRule } from '../replies/faults.js';
import type { ReplyRule } from '../replies/index.js';
import type { CassetteLoad } from '../cassettes/index.js';
import type { ConversationView, DeviceCodeView, TokenDetail, TokenKind, TokenSummary } from './views.js';
import type { QueuedScript } from '../resources/bots/scripts.js';
import { botScriptBody } from '../resources/bots/schemas.js';
import {
  appBody,
  cassetteBody,
  clockBody,
  deviationsBody,
  deviceDecisionBody,
  faultBody,
  introspectBody,
  journalQuery,
  patBody,
  replyRuleBody,
  revokeBody,
  sandboxBody,
  userBody,
} from './schemas.js';

/**
 * Every call of the `/__mock` control API, declared once: its method, path (a Hono pattern; `:id` segments are
 * members of the input), body or query schema, the status of a success and (as a type) its reply. The server mounts
 * each verb's handler from this table (control/routes.ts), and the typed client (`control.verbs.<name>(input)`)
 * is generated from it: a new verb is its entry here and its handler, nothing else.
 */

/** What a verb is on the wire. */
export interface VerbSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** The JSON body's schema (its input type is what a caller sends). */
  readonly body?: z.ZodType;
  /** The query's schema, for GET verbs. */
  readonly query?: z.ZodType;
  /** Keep `null` members of the body (where `null` means something: a reply rule's `times: null`). */
  readonly keepNulls?: boolean;
  /** The status of a success; default 200. */
  readonly status?: 200 | 201;
  /** Only on the root server, not inside a sandbox (the sandbox verbs). */
  readonly rootOnly?: boolean;
}

/** A verb's declaration with its reply type attached (type only: nothing of it exists at run time). */
type Declared<Spec extends VerbSpec, Reply> = Spec & { readonly __reply?: Reply };

/** Declares a verb whose success answers `Reply`. */
const verb =
  <Reply>() =>
  <const Spec extends VerbSpec>(spec: Spec): Declared<Spec, Reply> =>
    spec;

/** What `GET /__mock/clock` and the clock's moves answer. */
export interface ClockView {
  now: number;
  nowSeconds: number;
  iso: string;
  frozen: boolean;
}

type Ok = { ok: true };

/**
 * @example
 * CONTROL_VERBS.addReply; // { method: 'POST', path: '/replies', body: replyRuleBody, status: 201, keepNulls: true }
 */
export const CONTROL_VERBS = {
  fixtures: verb<PublicFixtures>()({ method: 'GET', path: '/fixtures' }),
  /** State, clock, replies and run-time fixtures go; seeded fixtures stay. */
  reset: verb<Ok>()({ method: 'POST', path: '/reset' }),
  clock: verb<ClockView>()({ method: 'GET', path: '/clock' }),
  /** Exactly one of `advanceSeconds`, `set` (ms or ISO date), `reset`. */
  moveClock: verb<ClockView>()({ method: 'POST', path: '/clock', body: clockBody }),
  approveDevice: verb<{ ok: true; user_code: string; status: string }>()({ method: 'POST', path: '/device/approve', body: deviceDecisionBody }),
  denyDevice: verb<{ ok: true; user_code: string; status: string }>()({ method: 'POST', path: '/device/deny', body: deviceDecisionBody }),
  /** Requests the mock answered, oldest first; `wait` (ms) holds the call until one matches. */
  journal: verb<{ entries: JournalEntry[] }>()({ method: 'GET', path: '/journal', query: journalQuery }),
  clearJournal: verb<Ok>()({ method: 'DELETE', path: '/journal' }),
  deviations: verb<{ enabled: Deviation[]; available: Readonly<Record<Deviation, string>> }>()({ method: 'GET', path: '/deviations' }),
  setDeviations: verb<{ enabled: Deviation[] }>()({ method: 'PUT', path: '/deviations', body: deviationsBody }),
  /** What an access token or PAT stands for, or `{active: false}`. */
  introspect: verb<TokenView | PatView | { active: false }>()({ method: 'POST', path: '/introspect', body: introspectBody }),
  addReply: verb<ReplyRule>()({ method: 'POST', path: '/replies', body: replyRuleBody, keepNulls: true, status: 201 }),
  replies: verb<{ replies: ReplyRule[] }>()({ method: 'GET', path: '/replies' }),
  /** Every rule, and every request a rule holds is let go. */
  clearReplies: verb<Ok>()({ method: 'DELETE', path: '/replies' }),
  deleteReply: verb<Ok>()({ method: 'DELETE', path: '/replies/:id' }),
  /** Answers a recorded cassette's requests as scripted replies (source `cassettes`) and bot scripts, behind the mock's tokens. */
  loadCassette: verb<CassetteLoad>()({ method: 'POST', path: '/cassettes', body: cassetteBody, status: 201 }),
  /** Every scripted reply a cassette added. */
  clearCassettes: verb<Ok>()({ method: 'DELETE', path: '/cassettes' }),
  faults: verb<{ faults: FaultRule[] }>()({ method: 'GET', path: '/faults' }),
  addFault: verb<{ fault: FaultRule }>()({ method: 'POST', path: '/faults', body: faultBody }),
  clearFaults: verb<Ok>()({ method: 'DELETE', path: '/faults' }),
  /** How the bot's next chats go (answer, chunks, pauses, tool calls, usage, failure, drop, hang); `times: null` until deleted. */
  setBotScript: verb<QueuedScript>()({ method: 'POST', path: '/bots/:bot_id/script', body: botScriptBody, keepNulls: true, status: 201 }),
  botScripts: verb<{ scripts: QueuedScript[] }>()({ method: 'GET', path: '/bots/:bot_id/script' }),
  clearBotScripts: verb<{ ok: true; removed: number }>()({ method: 'DELETE', path: '/bots/:bot_id/script' }),
  addApp: verb<AppCredentials>()({ method: 'POST', path: '/apps', body: appBody, status: 201 }),
  disableApp: verb<{ ok: true; clientId: string; disabled: true }>()({ method: 'POST', path: '/apps/:id/disable' }),
  addUser: verb<User>()({ method: 'POST', path: '/users', body: userBody, status: 201 }),
  addPat: verb<PersonalAccessToken>()({ method: 'POST', path: '/pats', body: patBody, status: 201 }),
  /** Exactly one of `token`, `fingerprint` (as the journal shows it), `clientId`, `userId` (every access and refresh token of the app or user). */
  revokeToken: verb<{ ok: true; revoked: TokenKind | 'tokens'; count: number }>()({ method: 'POST', path: '/tokens/revoke', body: revokeBody }),
  /** The newest access tokens (at most 100), by fingerprint, with what each stands for on the mock's clock. */
  tokens: verb<{ tokens: TokenSummary[] }>()({ method: 'GET', path: '/tokens' }),
  /** A token (PAT, access, refresh, or revoked) by fingerprint: what it stands for and its refresh family. */
  token: verb<TokenDetail>()({ method: 'GET', path: '/tokens/:fingerprint' }),
  /** Device codes not expired yet (pending, approved, denied or consumed), newest first. */
  deviceCodes: verb<{ deviceCodes: DeviceCodeView[] }>()({ method: 'GET', path: '/device' }),
  /** The newest conversations (at most 20) with their newest messages and their chats' status. */
  conversations: verb<{ conversations: ConversationView[] }>()({ method: 'GET', path: '/conversations' }),
  createSandbox: verb<{ id: string; baseURL: string; fixtures: PublicFixtures }>()({ method: 'POST', path: '/sandboxes', body: sandboxBody, status: 201, rootOnly: true }),
  sandboxes: verb<{ sandboxes: { id: string; baseURL: string }[] }>()({ method: 'GET', path: '/sandboxes', rootOnly: true }),
  deleteSandbox: verb<Ok>()({ method: 'DELETE', path: '/sandboxes/:id', rootOnly: true }),
} as const;

type Verbs = typeof CONTROL_VERBS;

/** The name of a control verb. */
export type VerbName = keyof Verbs;

/** `/apps/:id/disable` → `{ id: string }`. */
type ParamsOf<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & ParamsOf<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : unknown;

type SchemaOf<V, Part extends 'body' | 'query'> = V extends { readonly [P in Part]: infer S extends z.ZodType } ? S : undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : unknown;
type Sent<S> = S extends z.ZodType ? z.input<S> : unknown;

/** What a verb's handler receives: the parsed body or query, and the path's parameters. */
export type VerbInput<K extends VerbName> = Parsed<SchemaOf<Verbs[K], 'body'>> & Parsed<SchemaOf<Verbs[K], 'query'>> & ParamsOf<Verbs[K]['path']>;

/** What a caller sends: the body or query as the schema takes it, and the path's parameters. */
export type VerbCallInput<K extends VerbName> = Sent<SchemaOf<Verbs[K], 'body'>> & Sent<SchemaOf<Verbs[K], 'query'>> & ParamsOf<Verbs[K]['path']>;

/** What a verb answers on success. */
export type VerbReply<K extends VerbName> = Verbs[K] extends { readonly __reply?: infer Reply } ? Reply : never;

/** A verb's handler: its parsed input (and the request, for what only it knows) → its reply. */
export type VerbHandler<K extends VerbName> = (input: VerbInput<K>, c: Context<MockEnv>) => VerbReply<K> | Promise<VerbReply<K>>;

/** Handlers of some verbs, each typed by its declaration. */
export type VerbHandlers<K extends VerbName> = { [N in K]: VerbHandler<N> };

/** The arguments of a verb's client method: none without input, optional when every member is. */
export type VerbCallArgs<K extends VerbName> = unknown extends VerbCallInput<K> ? [] : object extends VerbCallInput<K> ? [input?: VerbCallInput<K>] : [input: VerbCallInput<K>];
