import type { Hono } from 'hono';
import type { ByteAccount } from './budget.js';
import type { Clock } from './clock.js';
import type { ConfigOptions, Lifetimes, MockConfig } from './config/schema.js';
import type { Deviation } from './deviations.js';
import type { LiveFixtures } from './fixtures/runtime.js';
import type { App, Fixtures, Permission } from './fixtures/types.js';
import type { DecodedJwt, Journal } from './journal.js';
import type { Origins } from './origins.js';
import type { ReplyBook } from './replies/index.js';
import type { MockStore } from './state/index.js';

/**
 * The types every layer of the mock shares, and nothing else: this module imports only types from the layers below
 * it (state, fixtures, config schema, journal, replies) and no module it imports comes back here, so routes,
 * middleware and grants can all depend on it without a circle.
 */

/** Everything a route needs: one instance per mock server, shared by its routes and its control API. */
export interface MockContext {
  /** The resolved configuration, handed whole (config/resolve.ts). */
  options: ResolvedOptions;
  /** The seeded fixtures (never changed at run time; see `live` for what the control API adds). */
  fixtures: Fixtures;
  /** Seeded plus run-time fixtures (`/__mock/apps`, `/users`, `/pats` …): the lookups routes use. */
  live: LiveFixtures;
  clock: Clock;
  store: MockStore;
  lifetimes: Lifetimes;
  /** Departures from the contract switched on (see deviations.ts); empty in normal use. */
  deviations: Set<Deviation>;
  journal: Journal;
  /** Scripted replies and faults (`/__mock/replies`, `/__mock/faults`). */
  replies: ReplyBook;
  /**
   * This mock's byte budgets (`limits.replyBytes`, `limits.scriptBytes`): whatever a test may pile up charges it,
   * and is refused with 429 beyond it (budget.ts).
   */
  budget: ByteAccount;
  /** The mock's own origins: accepted JWT audiences, advertised URLs, control-API origins. */
  origins: Origins;
  /** Finds an app by client id (or JWT app id), seeded or added at run time. */
  findApp(clientId: string): App | undefined;
}

/** Who is calling an OpenAPI endpoint, resolved from a PAT or an OAuth access token (auth/). */
export interface Caller {
  userId: string;
  permissions: readonly Permission[];
  /** Workspaces the token may see; undefined means all of the user's. */
  workspaceIds: string[] | undefined;
  /** Bots a channel token is limited to (scope `bot_id_list`); undefined means no limit. */
  botIds?: readonly string[];
}

/** Hono environment type shared by every route. */
export interface MockEnv {
  Variables: {
    logid: string;
    /** The mock answering this request, for middleware written outside it (`requireToken`). */
    mock: MockContext;
    /** Set by `requireToken` for the handler behind it. */
    caller?: Caller;
    /** The body text once read (http.ts `readBodyText`), so a scripted-reply rule and the route can both read it. */
    bodyText?: string;
    /** Filled by the token route so the journal can record it. */
    grantType?: string;
    clientId?: string;
    errorCode?: string | number;
    /** Set by the token route: the reply it sent, for the journal's fingerprints. */
    issued?: TokenReply;
    /** Set by the JWT grant: the JWT decoded (no signature) and its verdict. */
    jwt?: DecodedJwt;
    /** The client went away before the reply. */
    aborted?: boolean;
  };
}

/** The token endpoint's success body. `expires_in` is an absolute Unix time in seconds (oauth_code, every SDK). */
export interface TokenReply {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

/** What an access token stands for, as `POST /__mock/introspect` shows it (no family links, no other tokens). */
export interface TokenView {
  active: true;
  kind: 'user' | 'service';
  /** The grant that issued it (`authorization_code`, `refresh_token`, `device_code`, `jwt_bearer`). */
  grant: string;
  clientId: string;
  userId: string;
  workspaceId: string | undefined;
  permissions: string[];
  issuedAt: number;
  expiresAtMs: number;
  expiresAt: number;
  sessionName?: string;
  accountId?: string;
  enterpriseId?: string;
}

/** What a PAT stands for, as `POST /__mock/introspect` shows it. */
export interface PatView {
  active: true;
  kind: 'pat';
  userId: string;
  permissions: string[];
  /** The workspaces it is limited to; absent when it may see all of the user's. */
  workspaceIds?: string[];
  /** Unix seconds; absent when it never expires. */
  expiresAt?: number;
}

/** What an `onTokenReply` hook learns about the reply it may change. */
export interface TokenReplyContext {
  grantType: string;
  /** The client id (JWT app id for the JWT flow). */
  clientId: string | undefined;
  /** What the access token stands for. */
  token: TokenView | undefined;
}

/** A token reply as a hook sees and returns it: the usual fields plus any it adds. */
export type HookedTokenReply = { access_token: string; expires_in: number; refresh_token?: string; [field: string]: unknown };

/**
 * `createMockApp({ onTokenReply })`: may change a token reply before it is sent (extra fields, a shorter
 * `expires_in`), like axa's `beforeTokenSigning`. Return the reply to send; the stored token keeps its own expiry.
 */
export type TokenReplyHook = (reply: HookedTokenReply, context: TokenReplyContext) => HookedTokenReply | Promise<HookedTokenReply>;

/**
 * The options that are code, not JSON, so no config file can hold them. Every other option is a member of the
 * config schema (config/schema.ts), declared there once with its default.
 */
export interface CodeOptions {
  /** Pre-built fixtures (skips seeding; `seed` and the config's fixture parts are then ignored). */
  fixtures?: Fixtures | undefined;
  /** The clock every lifetime reads. Default: the wall clock plus an offset the control API can move. */
  clock?: Clock | undefined;
  /** Your own routes (stubs of the rest of Coze's API), mounted at `/`; guard them with `requireToken()`. */
  routes?: Hono<MockEnv> | undefined;
  /** May change every token reply before it is sent (extra fields, a shorter `expires_in`). */
  onTokenReply?: TokenReplyHook | undefined;
  /** Contract deviations to switch on (meta-tests only; see deviations.ts). */
  deviations?: Deviation[] | undefined;
  /** The path prefix the app is served under (a sandbox's `/__sandbox/{id}`); its pages and links stay inside it. */
  basePath?: string | undefined;
}

/**
 * Options of `createMockApp` and `startMockServer`: any member of the config file (port, seed, lifetimes, limits,
 * apps …), the code-only options, and `config`, a whole config object whose members these override.
 * Every field is optional.
 *
 * @example
 * startMockServer({ seed: 'ci', lifetimes: { accessTokenSeconds: 60 }, config: { apps: [{ type: 'web', name: 'Mine' }] } });
 */
export type MockOptions = Omit<MockConfig, '$schema' | 'lifetimes' | 'limits'> &
  CodeOptions & {
    /** A config object (the config file's shape); the other options win over its members. */
    config?: MockConfig | undefined;
    /** Lifetimes overriding the config's and the defaults, one by one. */
    lifetimes?: Partial<Lifetimes> | undefined;
    /** Caps on the state tables, overriding the config's. */
    limits?: Partial<ConfigOptions['limits']> | undefined;
  };

/** `startMockServer`'s options: the same as {@link MockOptions} (port and host among them). */
export type StartOptions = MockOptions;

/** Every option with its final value. Built only by `resolveOptions` (config/resolve.ts). */
export type ResolvedOptions = ConfigOptions &
  Required<Pick<CodeOptions, 'deviations' | 'basePath'>> &
  Pick<CodeOptions, 'fixtures' | 'clock' | 'routes' | 'onTokenReply'> & {
    /** Marks options that went through `resolveOptions`, so they are never resolved twice. */
    readonly resolved: true;
    /** `publicUrl` (or its older spelling `baseURL`) without a trailing slash. */
    publicUrl: string | undefined;
  };
