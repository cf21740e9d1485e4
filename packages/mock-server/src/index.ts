/**
 * @coze-mock/server: an offline mock of the Coze OAuth server.
 *
 * @example
 * import { startMockServer } from '@coze-mock/server';
 * const server = await startMockServer();
 * console.log(server.url, server.fixtures.apps.web.clientId);
 *
 * @module @coze-mock/server
 */
export { createMockApp, type MockApp, type MockOptions } from './app.js';
export { startMockServer, type RunningMockServer, type StartOptions } from './server.js';
export { createClock, type Clock, type ClockOptions } from './clock.js';
import { getConfigSchema } from './config/schema.js';
export { parseConfig, ConfigError, DEFAULT_LIFETIMES, type Lifetimes, type MockConfig } from './config/schema.js';
export { resolveOptions } from './config/resolve.js';
/** The zod schema of the config file (built here, not when the config module loads: the CLI may never need it). */
export const configSchema = getConfigSchema();
export { createFixtures, toPublicFixtures, DEFAULT_SEED, DEFAULT_REDIRECT_URIS, DEFAULT_AUDIENCES } from './fixtures/index.js';
export type * from './fixtures/types.js';
export type { FixtureWorkflow, WorkflowKind } from './resources/workflows/fixtures.js';
export type { WorkflowTimings } from './resources/workflows/store.js';
export { DEVIATIONS, type Deviation } from './deviations.js';
export { OAuthError, OpenApiError, oauthErrors, openApiErrors, OPENAPI_CODES, type OAuthErrorCode, type OAuthErrorBody } from './errors.js';
export type { JournalEntry } from './journal.js';
export type { FaultRule } from './replies/faults.js';
export type { ReplyRule } from './replies/index.js';
export { DEFAULT_BYTE_BUDGETS, estimateRetainedBytes, type BudgetKind, type ByteAccount } from './budget.js';
export type { CodeOptions, HookedTokenReply, MockContext, MockEnv, ResolvedOptions, TokenReply, TokenReplyContext, TokenReplyHook, TokenView, PatView } from './context.js';
export { authenticate, authorize, requireToken } from './auth/index.js';
export { startRecorder, type RecorderOptions, type RunningRecorder } from './record/recorder.js';
export { formatExchangeLine } from './record/print.js';
export {
  CASSETTE_FORMAT,
  parseCassette,
  readCassetteFile,
  replayCassette,
  stableJson,
  type Cassette,
  type CassetteExchange,
  type CassetteInput,
  type CassetteLoad,
  type SkippedExchange,
} from './cassettes/index.js';
export type { Caller } from './context.js';
export {
  createControlClient,
  type ControlClient,
  type SandboxHandle,
  type ConsentResult,
  type AppInput,
  type FaultInput,
  type JournalFilter,
  type PatInput,
  type ReplyRuleInput,
  type ReplyStreamInput,
  type SandboxInput,
  type UserInput,
  type BotScriptInput,
  type QueuedScript,
} from './control/client.js';
