/**
 * @coze-mock/conformance: the check table that drives the real `@coze/api` against a target (the in-process mock, a
 * running mock, or live Coze), its runners, and the contract tooling behind `pnpm contract`.
 *
 * @example
 * import { ALL_CHECKS, loadSdkFromEnv, openMockTarget, runChecks } from '@coze-mock/conformance';
 * const results = await runChecks(ALL_CHECKS, await openMockTarget(), await loadSdkFromEnv());
 */
export { CONTRACT_ROWS, type ContractRow } from './contract-rows.js';
export { ALL_CHECKS, CHECK_GROUPS, checkById } from './checks/index.js';
export { NotApplicable, createCheckContext, defineChecks, unmetReason, type Check, type CheckContext, type CheckGroup } from './checks/check.js';
export { runCheck, runChecks, failingIds, type CheckResult, type CheckStatus, type RunOptions } from './runner/run-checks.js';
export { captureLongTimers, type CapturedSleep, type SleepCapture } from './runner/long-timers.js';
export { formatSkipSummary, liveRunProblem, skipsByReason } from './runner/skip-summary.js';
export type { Capability, ConsentOutcome, CredentialKind, Credentials, RefreshGrant, Requirement, Target } from './targets/target.js';
export { openMockTarget } from './targets/mock-target.js';
export { openUrlTarget } from './targets/url-target.js';
export { createLiveTarget, type LivePrompt, type LiveTargetOptions } from './targets/live-target.js';
export { LIVE_ENV, readLiveConfig, type LiveConfig } from './targets/live-config.js';
export { planTarget, type TargetPlan } from './targets/select-target.js';
export { adaptSdk, type SdkAdapter } from './sdk/adapter.js';
export { installedSdks, loadSdk, loadSdkFromEnv, type SdkLocation } from './sdk/load-sdk.js';
export { compareWithBaseline, readBaseline, type BaselineProblem, type ContractBaseline } from './contract/baseline.js';
export { probeShapes } from './shapes/probes.js';
export { compareReplyShapes, shapeOf, type ReplyShape, type Shape } from './shapes/shape.js';
export { compareWithSnapshot, latestSnapshot, type ContractSnapshot } from './shapes/snapshot.js';
export { recordLiveSnapshot } from './shapes/record.js';
