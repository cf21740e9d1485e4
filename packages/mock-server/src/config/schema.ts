import { createPublicKey } from 'node:crypto';
import * as z from 'zod';

import { DEFAULT_BYTE_BUDGETS } from '../budget.js';
import { APP_TYPE_NAMES, APP_TYPES } from '../fixtures/app-types.js';
import { DEFAULT_MAX_ENTRIES } from '../state/index.js';

/**
 * The options of the mock, declared once: every option a config file, the CLI or a test may set is a member of the
 * zod schema below, with its default. The JSON config file (`coze-mock --config FILE`) is this schema's input, the
 * resolved options (config/resolve.ts) its output, and `config.schema.json` is generated from it. Only the options
 * that are code, not JSON (routes, hooks, a clock, pre-built fixtures), are declared beside it, in context.ts.
 */

/**
 * The options schema, built on first use: a start without a config file pays for its hundred zod schemas only once,
 * when the options are resolved.
 */
function buildConfigSchema() {
  const redirectUri = z
    .string()
    .url()
    .refine((uri) => /^https?:/i.test(uri), 'redirect URIs must be http or https (oauth_code)');

  /** RS256 keys of at least 2048 bits: smaller ones are refused by jose and by the SDK's signer alike. */
  const pem = z.string().superRefine((value, ctx) => {
    let details: { type?: string; bits?: number };
    try {
      const key = createPublicKey(value);
      details = { type: key.asymmetricKeyType, bits: key.asymmetricKeyDetails?.modulusLength };
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a PEM public key (or private key) that Node can read' });
      return;
    }
    if (details.type !== 'rsa') ctx.addIssue({ code: 'custom', message: `an RS256 key must be RSA, got ${details.type}` });
    else if ((details.bits ?? 0) < 2048) ctx.addIssue({ code: 'custom', message: `an RSA key needs at least 2048 bits, got ${details.bits}` });
  });

  const seconds = () => z.number().int().positive();
  // oauth_code: access 15 min, refresh 30 days; oauth_device_code: 300 s and 5 s; a code lives 5 min (our choice).
  const lifetimesSchema = z
    .object({
      accessTokenSeconds: seconds().default(15 * 60),
      refreshTokenSeconds: seconds().default(30 * 24 * 3600),
      codeSeconds: seconds().default(5 * 60),
      deviceCodeSeconds: seconds().default(300),
      deviceIntervalSeconds: seconds().default(5),
      consentSeconds: seconds().default(10 * 60),
      jwtClockToleranceSeconds: z.number().int().nonnegative().default(60),
      /** Inside it, a duplicate refresh of a just-rotated token gets the same new pair instead of revoking the family. */
      refreshReuseGraceSeconds: z.number().int().nonnegative().max(3600).default(0),
    })
    .strict()
    .prefault({});

  const appSchema = z
    .object({
      type: z.enum(APP_TYPE_NAMES),
      name: z.string().min(1).max(100),
      clientId: z.string().min(1).max(200).optional(),
      clientSecrets: z.array(z.string().min(8)).max(5).optional(),
      redirectUris: z.array(redirectUri).max(3, 'an app has at most 3 redirect URIs (oauth_code)').optional(),
      publicKeys: z
        .array(z.object({ publicKey: pem, keyId: z.string().min(1).optional() }).strict())
        .max(3, 'a JWT app has at most 3 keys (oauth_jwt)')
        .optional(),
      /** Channel apps: the bots published to the channel, the most a token's `bot_id_list` may name (oauth_jwt_channel). */
      botIdList: z.array(z.string().min(1).max(64)).max(100).optional(),
      permissions: z.array(z.string().min(1)).optional(),
      ownerUserId: z.string().min(1).optional(),
      disabled: z.boolean().optional(),
    })
    .strict()
    .refine((app) => app.botIdList === undefined || APP_TYPES[app.type].channel, {
      message: 'botIdList belongs to channel apps only (oauth_jwt_channel)',
      path: ['botIdList'],
    });

  return z
    .object({
      $schema: z.string().optional(),
      /** Port; 0 picks a free one (what parallel test files want). The CLI's own default is 8787. */
      port: z.number().int().min(0).max(65535).default(0),
      /** Interface to bind. Binding elsewhere does not open the control API (see allowRemoteControl). */
      host: z.string().min(1).default('127.0.0.1'),
      seed: z.string().min(1).optional(),
      /**
       * Public URL the mock advertises (fixtures, `verification_uri`, banner) when it sits behind a proxy or in a
       * container; its host is also an accepted JWT `aud` and its origin may use the control API.
       */
      publicUrl: z.string().url().optional(),
      /** Older spelling of `publicUrl`. */
      baseURL: z.string().url().optional(),
      lifetimes: lifetimesSchema,
      /** Extra JWT audiences besides the server's own host, api.coze.cn and api.coze.com. */
      audiences: z.array(z.string().min(1)).optional(),
      /** Extra redirect URIs for the ready-made web and PKCE apps (each app still holds at most 3). */
      redirectUris: z.array(redirectUri).optional(),
      /** Extra public keys for the ready-made JWT app. */
      jwtKeys: z.array(z.object({ publicKey: pem, keyId: z.string().min(1).optional() }).strict()).optional(),
      apps: z.array(appSchema).optional(),
      users: z
        .array(
          z
            .object({
              user_id: z.string().min(1),
              user_name: z.string().min(1),
              nick_name: z.string().optional(),
              avatar_url: z.string().optional(),
            })
            .strict(),
        )
        .optional(),
      workspaces: z
        .array(
          z
            .object({
              id: z.string().min(1),
              name: z.string().min(1),
              workspace_type: z.enum(['personal', 'team']).optional(),
              role_type: z.enum(['owner', 'admin', 'member']).optional(),
              enterprise_id: z.string().optional(),
              owner_uid: z.string().min(1).optional(),
              admin_uids: z.array(z.string().min(1)).optional(),
              description: z.string().max(2000).optional(),
            })
            .strict(),
        )
        .optional(),
      pats: z
        .array(
          z
            .object({
              token: z.string().regex(/^pat_[A-Za-z0-9_-]{8,}$/, 'a PAT starts with pat_ and has at least 8 more characters'),
              userId: z.string().min(1).optional(),
              permissions: z.array(z.string().min(1)).optional(),
              workspaceIds: z.array(z.string().min(1)).optional(),
              expiresAt: z.number().int().positive().optional(),
            })
            .strict(),
        )
        .optional(),
      /** Answer the control API (`/__mock`) to clients beyond loopback. Off by default. */
      allowRemoteControl: z.boolean().default(false),
      /** Browser origins allowed by CORS besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`). */
      corsOrigins: z.array(z.string().url()).default([]),
      /** Largest accepted request body in bytes (64 KiB: far above any real Coze auth request). */
      bodyLimitBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
      /** How fast workflow runs move on (resources/workflows/store.ts `WorkflowTimings`). */
      workflows: z
        .object({
          /** An async run reports `Running` until this many ms of the mock clock have passed … */
          asyncCompleteAfterMs: z.number().int().min(0).max(86_400_000).default(1000),
          /** … or its history has been read this many times, whichever comes first (a frozen clock never hangs it). */
          asyncCompleteAfterRetrievals: z.number().int().min(1).max(1000).default(2),
          /** Real time between two events of a workflow stream, in ms (0: all at once). */
          eventDelayMs: z.number().int().min(0).max(10_000).default(0),
        })
        .strict()
        .prefault({}),
      /** Largest `POST /v1/files/upload` body in bytes (the whole multipart body): 10 MiB; Coze's own limit is 512 MB. */
      uploadLimitBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(10 * 1024 * 1024),
      /** How chats run (resources/chat): when a `stream: false` chat completes, and how streams are paced. */
      chat: z
        .object({
          /** A `stream: false` chat is complete at its Nth `/v3/chat/retrieve` (a frozen clock never stalls polling) … */
          completeAfterRetrievals: z.number().int().min(1).max(1000).default(1),
          /** … or once this many ms of the mock clock have passed since it began, whichever comes first. */
          completeAfterMs: z.number().int().min(0).max(86_400_000).default(1000),
          /** Real time before each streamed event after the first, in ms, unless a bot script sets `delayMs` (0: all at once). */
          eventDelayMs: z.number().int().min(0).max(10_000).default(0),
          /** Characters per `conversation.message.delta`, unless a bot script sets `chunkSize`. */
          chunkSize: z.number().int().min(1).max(65_536).default(4),
        })
        .strict()
        .prefault({}),
      /** Caps on the state tables: refused with 429 when full of live records, never evicted. */
      limits: z
        .object({
          /** Most records each table holds (codes, tokens, device grants, used JWT ids …). */
          maxEntries: z.number().int().min(1).max(10_000_000).default(DEFAULT_MAX_ENTRIES),
          /** Bytes the scripted replies of one mock (root or sandbox) may hold, as estimated heap; more are refused with 429. */
          replyBytes: z.number().int().min(64 * 1024).max(1024 ** 3).default(DEFAULT_BYTE_BUDGETS.replyBytes),
          /** Bytes the bot scripts of one mock may hold (same accounting as replyBytes). */
          scriptBytes: z.number().int().min(64 * 1024).max(1024 ** 3).default(DEFAULT_BYTE_BUDGETS.scriptBytes),
          /** Bytes the request journal of one mock may hold; the oldest entries go first (bodies over 4 KiB are cut). */
          journalBytes: z.number().int().min(64 * 1024).max(1024 ** 3).default(DEFAULT_BYTE_BUDGETS.journalBytes),
        })
        .strict()
        .prefault({}),
      /**
       * A recorded cassette (`coze-mock record`) to answer from (`coze-mock --replay`): its exchanges become scripted
       * replies behind the mock's own tokens, loaded again after every reset. `speed` scales recorded stream timing
       * (2: twice as fast, 0: no waits).
       */
      replay: z
        .object({ cassette: z.string().min(1), speed: z.number().min(0).max(100).default(1) })
        .strict()
        .optional(),
      /** Most live sandboxes (`POST /__mock/sandboxes`); 0 turns sandboxes off. */
      maxSandboxes: z.number().int().min(0).max(1000).default(50),
    })
    .strict();
}

let configSchema: ReturnType<typeof buildConfigSchema> | undefined;

/**
 * The zod schema of the config file (the same object every call).
 *
 * @example
 * getConfigSchema().safeParse({ port: 8787 }).success; // true
 */
export function getConfigSchema() {
  configSchema ??= buildConfigSchema();
  return configSchema;
}

/** The config file as written, and the JSON-able options of `createMockApp`/`startMockServer`: every field optional. */
export type MockConfig = z.input<ReturnType<typeof buildConfigSchema>>;
/** The same with every default applied. */
export type ConfigOptions = Omit<z.output<ReturnType<typeof buildConfigSchema>>, '$schema'>;
/** Every lifetime, in seconds. */
export type Lifetimes = ConfigOptions['lifetimes'];

/**
 * Default lifetimes (oauth_code: access 15 min, refresh 30 days; oauth_device_code: 300 s and 5 s): the schema's own.
 *
 * @example
 * DEFAULT_LIFETIMES.accessTokenSeconds; // 900
 */
export const DEFAULT_LIFETIMES: Lifetimes = Object.freeze(getConfigSchema().shape.lifetimes.parse(undefined));

/** A config error with a readable message that names each bad field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates a parsed config object.
 *
 * @example
 * parseConfig({ apps: [{ type: 'web', name: 'Demo', redirectUris: ['http://localhost:3000/cb'] }] });
 * @throws ConfigError naming the path of each bad field, e.g. `apps[0].redirectUris[0]: Invalid URL`
 */
export function parseConfig(input: unknown, source = 'config'): MockConfig {
  const result = getConfigSchema().safeParse(input);
  // The input as written, not the output with defaults: a later source (flags, code) must still be able to win.
  if (result.success) return input as MockConfig;
  throw configErrorOf(result.error, source);
}

/**
 * A {@link ConfigError} naming the path of each bad field.
 *
 * @example
 * configErrorOf(zodError, 'coze-mock.json').message; // 'coze-mock.json is not valid:\n  port: …'
 */
export function configErrorOf(error: z.ZodError, source: string): ConfigError {
  const lines = error.issues.map((issue) => {
    const path = issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
      .join('');
    return `  ${path || '(root)'}: ${issue.message}`;
  });
  return new ConfigError(`${source} is not valid:\n${lines.join('\n')}`);
}
