import type { Check, CheckGroup } from './check.js';
import { botChecks } from './bots.js';
import { channelChecks } from './channel.js';
import { chatChecks } from './chat.js';
import { conversationChecks } from './conversations.js';
import { deviceChecks } from './device.js';
import { deviceCapChecks } from './device-cap.js';
import { devicePollChecks } from './device-poll.js';
import { errorChecks } from './errors.js';
import { fileChecks } from './files.js';
import { jwtChecks } from './jwt.js';
import { jwtErrorChecks } from './jwt-errors.js';
import { openApiChecks } from './openapi.js';
import { patChecks } from './pat.js';
import { pkceChecks } from './pkce.js';
import { refreshChecks } from './refresh.js';
import { replayChecks } from './replay/index.js';
import { shapeChecks } from './shapes.js';
import { webCodeChecks } from './web-code.js';
import { workflowChecks } from './workflows.js';

/** The check table, by auth mode or concern. Each test file registers one group; the meta-test and `pnpm contract` run them all. */
export const CHECK_GROUPS = {
  pat: patChecks,
  web: webCodeChecks,
  pkce: pkceChecks,
  refresh: refreshChecks,
  device: [...deviceChecks, ...deviceCapChecks],
  devicePoll: devicePollChecks,
  jwt: [...jwtChecks, ...jwtErrorChecks],
  channel: channelChecks,
  openapi: openApiChecks,
  errors: errorChecks,
  shapes: shapeChecks,
  chat: chatChecks,
  conversations: conversationChecks,
  files: fileChecks,
  bots: botChecks,
  workflows: workflowChecks,
  replay: replayChecks,
} as const satisfies Record<string, Check[]>;

/**
 * What each group covers, in a few words: the groups table of packages/conformance/README.md is generated from this,
 * the checks and their sources (`pnpm docs:write`). A new group needs its line here (the type insists).
 */
export const GROUP_SUMMARIES: Record<CheckGroup, string> = {
  pat: 'PAT on users.me and workspaces.list, unknown PAT (4100), envelope and error envelope, User-Agent, no revoke endpoint',
  web: 'authorize URL, code flow, empty state, deny, unregistered redirect, unknown client, wrong and missing secret, single use, expiry, redirect mismatch, workspace authorize',
  pkce: 'S256 flow, wrong verifier, plain challenge, 16-hex verifier, the SDK\'s "plain" that is S256, single use, workspace, refresh',
  refresh: 'supplied refresh token, rotation (old token dies), web needs its secret, unknown token, 30-day and 15-minute lifetimes',
  device: 'code reply, first poll pending, fast poll slow_down, approve then poll, single use, workspace, refresh, unknown client, wrong app type, the 30 s slow_down cap',
  'device-poll': '`getDeviceToken({poll:true})`: approved after two pendings, slow_down (5 s → 10 s), access_denied, expired_token',
  jwt: 'token, duration, maximum duration, session_name, account path (and owner UID), unknown account, scope, token expiry, unknown kid, single use, bad signature, expired JWT, empty bearer, typ, enterprise path',
  channel: 'channel apps: scope ignored on plain apps, bot-chat tokens, unpublished bots refused, bot_id_list, null scope members',
  openapi: 'published bots list, workspace fields and filters, Coze endpoints the mock lacks (token first, then 404 in the envelope)',
  errors: 'both error shapes + X-Tt-Logid, unsupported grant, JSON only, unknown and null fields, SDK logid, internal_error',
  shapes: 'reply shapes against the latest snapshot',
  chat: '`chat.stream` with the echo bot (event order, the answer in deltas, the verbose end marker, usage, `done`), the raw framing, `createAndPoll`, the tool bot through `submitToolOutputs`, 4016 then `cancel`, scripted failed and error events, JSON errors on the streaming call (bad token, unknown bot, expired token)',
  conversations: 'create, retrieve, list and clear; both turns of a chat in the message list with its cursors; message create, retrieve, update, delete; object_string naming an uploaded file',
  files: '`files.upload` and `files.retrieve`',
  bots: '`bots.retrieve` and `bots.retrieveNew`',
  workflows: '`runs.create` (the output as a string), `runs.stream` to Done, the question workflow\'s Interrupt and `runs.resume`, `runs.history` of an async run, JSON errors on the stream, `workflows.chat.stream`',
  replay: 'raw-HTTP replays of what coze-py, coze-go and coze-java send and read: JWT exchange, scopes, device polling, error fields, state; their chat and workflow requests, streams read their way (by field, or by position)',
};

/** Every check, in a stable order. */
export const ALL_CHECKS: readonly Check[] = Object.values(CHECK_GROUPS).flat();

/**
 * Finds a check by id.
 *
 * @example
 * checkById('jwt.single-use')?.source; // 'oauth_jwt (a JWT can be used only once; jti)'
 */
export const checkById = (id: string): Check | undefined => ALL_CHECKS.find((check) => check.id === id);
