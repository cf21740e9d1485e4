/**
 * What a conformance check talks to: a base URL, credentials per auth mode, and the means to play the user. The checks
 * are written against this interface only, never against the mock's internals, so the same table runs against the
 * in-process mock, an already running mock, or live Coze.
 */

/** What a target can do beyond answering HTTP. A check that needs one the target lacks is skipped, with the reason. */
export type Capability =
  /** Get a user's approval of an authorize URL or a device user code (mock: control API; live: a person). */
  | 'user'
  /** Script the user exactly: deny, approve at a chosen poll (mock only). */
  | 'scriptedUser'
  /** Move the server's clock (mock only). */
  | 'clock'
  /** Read the request journal, introspect tokens, inject faults (mock only). */
  | 'control';

/** Credentials a check may need, one key per auth mode. */
export type CredentialKind =
  | 'pat'
  | 'web'
  | 'pkce'
  | 'device'
  | 'jwt'
  | 'channel'
  | 'refreshToken'
  | 'accountId'
  | 'enterpriseId'
  | 'workspace'
  /** Bots whose answers a check can predict: the mock's fixture echo, tool and script bots. */
  | 'bots'
  /** Workflows whose runs a check can predict: the mock's fixture echo and question workflows. */
  | 'workflows';

/** Everything a check may require of its target. */
export type Requirement = Capability | CredentialKind;

/** The credentials a target holds. Live targets fill only what the environment provides. */
export interface Credentials {
  pat?: string;
  web?: { clientId: string; clientSecret: string; redirectUri: string };
  pkce?: { clientId: string; redirectUri: string };
  device?: { clientId: string };
  jwt?: { appId: string; keyId: string; privateKey: string; aud: string };
  /** A channel app (oauth_jwt_channel): a JWT app whose `scope` narrows its tokens, and bots published to its channel. */
  channel?: { appId: string; keyId: string; privateKey: string; aud: string; botIds: string[] };
  /** For `/api/permission/oauth2/account/{account_id}/token`. */
  accountId?: string;
  /** For `/api/permission/oauth2/enterprise_id/{enterprise_id}/token`. */
  enterpriseId?: string;
  /** A workspace a token may be limited to (authorize and device code `workspace_id` variants). */
  workspaceId?: string;
  /** The identity tokens of this target belong to, when known (the mock's consenting user). */
  userId?: string;
  /**
   * Published bots that answer predictably: `echo` repeats the last user message, `tool` first asks for a function
   * call and then answers the tool output, `script` follows {@link Target.scriptBot}.
   */
  bots?: { echo: string; tool: string; script: string };
  /** Published workflows: `echo` outputs its parameters, `question` interrupts with a question and ends with the answer. */
  workflows?: { echo: string; question: string };
}

/** How a scripted bot's next chat goes (the mock's `POST /__mock/bots/{bot_id}/script` body). */
export interface BotScript {
  answer?: string;
  chunkSize?: number;
  delayMs?: number;
  failed?: { code: number; msg: string; event?: 'failed' | 'error' };
  toolCalls?: { name: string; arguments?: Record<string, unknown> | string }[];
}

/** A refresh token to use, with the client it belongs to. */
export interface RefreshGrant {
  clientId: string;
  /** Web apps only; PKCE and device apps refresh without a secret. */
  clientSecret?: string;
  refreshToken: string;
  /** Called with the rotated refresh token after a successful refresh, so a live run can keep using it. */
  onRotated?(refreshToken: string): void | Promise<void>;
}

/** One request the server answered, as its journal lists it. */
export interface JournalRecord {
  /** Increasing number of the entry. */
  seq: number;
  method: string;
  path: string;
  status: number;
  userAgent?: string;
}

/** Where the browser was sent after consent (the client app's view). */
export interface ConsentOutcome {
  location: string;
  code?: string;
  state?: string;
  error?: string;
}

/** A target the checks can run against. Create one with `openTarget()` or one of the target modules. */
export interface Target {
  kind: 'mock' | 'url' | 'live';
  /** The API base URL to hand the SDK, e.g. `http://127.0.0.1:53817` or `https://api.coze.cn`. */
  baseURL: string;
  credentials: Credentials;
  /** Why a requirement cannot be met here (e.g. `COZE_JWT_APP_ID is not set`), or undefined when it can. */
  unmet(requirement: Requirement): string | undefined;
  /** Plays the user on an authorize URL and reports where the browser was sent. Needs `user` (`deny`: `scriptedUser`). */
  completeConsent(authorizeUrl: string, decision?: 'approve' | 'deny'): Promise<ConsentOutcome>;
  /** Approves (or, with `scriptedUser`, denies) a device user code. */
  decideDevice(userCode: string, verificationUri: string, decision?: 'approve' | 'deny'): Promise<void>;
  /** A refresh token to spend (mock: from a fresh web-code flow; live: COZE_REFRESH_TOKEN). Needs `refreshToken`. */
  obtainRefreshGrant(): Promise<RefreshGrant>;
  /** Moves the server clock. Needs `clock`. */
  advanceClock(seconds: number): Promise<void>;
  /** The server's time in seconds (live: this machine's clock). */
  nowSeconds(): Promise<number>;
  /** Requests the server answered (on `path`, after the entry numbered `sinceSeq`), oldest first. Needs `control`. */
  journal(filter: { path?: string; sinceSeq?: number }): Promise<JournalRecord[]>;
  /** What the server knows about an access token. Needs `control`. */
  introspect(token: string): Promise<{ active: boolean; [key: string]: unknown }>;
  /** Sets how the next chat with `botId` goes. Needs `control`. */
  scriptBot(botId: string, script: BotScript): Promise<void>;
  /** Makes the next request to `pathPrefix` fail with `status`. Needs `control`. */
  injectFault(rule: { pathPrefix: string; status: 429 | 500 | 503 }): Promise<void>;
  /** Undoes what one check did to shared state (clock, faults) before the next runs. */
  afterCheck(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds `unmet()` from a table of what is missing.
 *
 * @example
 * const unmet = unmetFrom({ clock: 'live Coze has no clock control' });
 * unmet('clock'); // 'live Coze has no clock control'
 */
export function unmetFrom(missing: Partial<Record<Requirement, string>>): (requirement: Requirement) => string | undefined {
  return (requirement) => missing[requirement];
}

/** Thrown by target methods a target cannot perform (the check should have been skipped). */
export class UnsupportedByTarget extends Error {
  constructor(kind: Target['kind'], what: string) {
    super(`the ${kind} target cannot ${what}`);
    this.name = 'UnsupportedByTarget';
  }
}
