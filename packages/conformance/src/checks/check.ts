import type { ContractRow } from '../contract-rows.js';
import type { SdkAdapter } from '../sdk/adapter.js';
import type { Credentials, Requirement, Target } from '../targets/target.js';

/** The auth mode or concern a check belongs to; one module under checks/ each. */
export type CheckGroup =
  | 'pat'
  | 'web'
  | 'pkce'
  | 'refresh'
  | 'device'
  | 'device-poll'
  | 'jwt'
  | 'channel'
  | 'openapi'
  | 'errors'
  | 'shapes'
  /** Chat v3 through the SDK's `chat` resource, over the mock's predictable bots. */
  | 'chat'
  | 'conversations'
  | 'files'
  | 'bots'
  | 'workflows'
  /** Raw-HTTP replays of what coze-py, coze-go and coze-java send and read (only the JS SDK installs here). */
  | 'replay';

/** What a check receives: the target, the SDK version under test, and typed access to credentials. */
export interface CheckContext {
  target: Target;
  sdk: SdkAdapter;
  /** `target.baseURL`, the SDK's `baseURL`. */
  baseURL: string;
  /** A credential the check declared in `needs` (throws if it is absent, which `needs` prevents). */
  cred<K extends keyof Credentials>(kind: K): NonNullable<Credentials[K]>;
  /** Whether the target can do this (to add optional assertions, e.g. journal checks on a mock). */
  can(requirement: Requirement): boolean;
}

/** One promise of the contract, checked by driving the SDK (or, where the SDK has no API, raw HTTP) against a target. */
export interface Check {
  /** Stable id, `<group>.<name>`: the key of baselines and the deviation map. */
  id: string;
  group: CheckGroup;
  /** What is promised, in a few words. */
  title: string;
  /** Where the promise comes from: a doc page (`oauth_code`), an SDK file, or a row of docs/contract.md. */
  source: string;
  /** The docs/contract.md rows this check guards. */
  covers: readonly ContractRow[];
  /** Credentials and capabilities the check needs; unmet ones skip it with the target's reason. */
  needs: readonly Requirement[];
  /**
   * Short time limit for checks that may hit 1.0.14's never-settling JWT promise; applied when a run asks for a hang
   * guard (`pnpm contract`), otherwise the default limit holds.
   */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<void>;
}

/** Thrown by a check when the SDK version under test has no API for what it checks (reported as skipped). */
export class NotApplicable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotApplicable';
  }
}

/**
 * Declares the checks of one group.
 *
 * @example
 * export const patChecks = defineChecks('pat', [
 *   { id: 'pat.users-me', title: '…', source: 'list_workspace', covers: ['openapi.envelope'], needs: ['pat'], run: async (ctx) => { … } },
 * ]);
 */
export function defineChecks(group: CheckGroup, checks: Omit<Check, 'group'>[]): Check[] {
  for (const check of checks) {
    if (!check.id.startsWith(`${group}.`)) throw new Error(`check ${check.id} must be named ${group}.<name>`);
  }
  return checks.map((check) => ({ ...check, group }));
}

/**
 * The first reason a target cannot run the check, or undefined.
 *
 * @example
 * unmetReason(check, target.unmet); // 'live Coze cannot have its clock moved'
 */
export function unmetReason(check: Check, unmet: (requirement: Requirement) => string | undefined): string | undefined {
  for (const requirement of check.needs) {
    const reason = unmet(requirement);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * Builds the context a check runs with.
 *
 * @example
 * await check.run(createCheckContext(target, sdk));
 */
export function createCheckContext(target: Target, sdk: SdkAdapter): CheckContext {
  return {
    target,
    sdk,
    baseURL: target.baseURL,
    cred(kind) {
      const value = target.credentials[kind];
      if (value === undefined || value === null) throw new Error(`the ${target.kind} target has no ${kind} credential (declare it in needs)`);
      return value as NonNullable<Credentials[typeof kind]>;
    },
    can: (requirement) => !target.unmet(requirement),
  };
}
