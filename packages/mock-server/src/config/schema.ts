import { createPublicKey } from 'node:crypto';
import * as z from 'zod';

/**
 * The config file (`coze-mock --config FILE`): everything it may add to the seeded fixtures, validated with zod so a
 * mistake is reported with the path of the bad field.
 */

/**
 * Shape of the JSON config file (every field is optional), built on first use: a start without a config file never
 * pays for its hundred zod schemas (milliseconds of every start of the CLI).
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

  const lifetimesSchema = z
    .object({
      accessTokenSeconds: z.number().int().positive(),
      refreshTokenSeconds: z.number().int().positive(),
      codeSeconds: z.number().int().positive(),
      deviceCodeSeconds: z.number().int().positive(),
      deviceIntervalSeconds: z.number().int().positive(),
      consentSeconds: z.number().int().positive(),
      jwtClockToleranceSeconds: z.number().int().nonnegative(),
      /** Inside it, a duplicate refresh of a just-rotated token gets the same new pair instead of revoking the family. */
      refreshReuseGraceSeconds: z.number().int().nonnegative().max(3600),
    })
    .partial()
    .strict();

  const appSchema = z
    .object({
      type: z.enum(['web', 'pkce', 'device', 'jwt', 'channel']),
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
    .refine((app) => app.botIdList === undefined || app.type === 'channel', {
      message: 'botIdList belongs to channel apps only (oauth_jwt_channel)',
      path: ['botIdList'],
    });

  return z
    .object({
      $schema: z.string().optional(),
      port: z.number().int().min(0).max(65535).optional(),
      host: z.string().min(1).optional(),
      seed: z.string().min(1).optional(),
      /**
       * Public URL the mock advertises (fixtures, `verification_uri`, banner) when it sits behind a proxy or in a
       * container; its host is also an accepted JWT `aud` and its origin may use the control API.
       */
      publicUrl: z.string().url().optional(),
      /** Older spelling of `publicUrl`. */
      baseURL: z.string().url().optional(),
      lifetimes: lifetimesSchema.optional(),
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
      allowRemoteControl: z.boolean().optional(),
      /** Browser origins allowed by CORS besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`). */
      corsOrigins: z.array(z.string().url()).optional(),
      /** Largest accepted request body in bytes. Default 65536. */
      bodyLimitBytes: z.number().int().min(1024).max(16 * 1024 * 1024).optional(),
      /** Largest `POST /v1/files/upload` body in bytes (the whole multipart body). Default 10485760; Coze's own limit is 512 MB. */
      uploadLimitBytes: z.number().int().min(1024).max(512 * 1024 * 1024).optional(),
      /** How chats (`POST /v3/chat`) run: when a `stream: false` chat completes, and how streams are paced. */
      chat: z
        .object({
          /** A `stream: false` chat is complete at its Nth `/v3/chat/retrieve` (a frozen clock never stalls polling). Default 1. */
          completeAfterRetrievals: z.number().int().min(1).max(1000).optional(),
          /** …or once this much mock-clock time has passed since it began. Default 1000. */
          completeAfterMs: z.number().int().min(0).max(86_400_000).optional(),
          /** Real-time pause before each streamed event, unless a bot script sets `delayMs`. Default 0. */
          eventDelayMs: z.number().int().min(0).max(10_000).optional(),
          /** Characters per `conversation.message.delta`, unless a bot script sets `chunkSize`. Default 4. */
          chunkSize: z.number().int().min(1).max(65_536).optional(),
        })
        .strict()
        .optional(),
      /** Caps on the state tables: refused with 429 when full of live records, never evicted. */
      limits: z
        .object({
          /** Most records each table holds (codes, tokens, device grants, used JWT ids …). Default 100000. */
          maxEntries: z.number().int().min(1).max(10_000_000).optional(),
        })
        .strict()
        .optional(),
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

export type MockConfig = z.infer<ReturnType<typeof buildConfigSchema>>;
export type Lifetimes = Required<NonNullable<MockConfig['lifetimes']>>;

/** Default lifetimes (oauth_code: access 15 min, refresh 30 days; oauth_device_code: 300 s and 5 s). */
export const DEFAULT_LIFETIMES: Lifetimes = {
  accessTokenSeconds: 15 * 60,
  refreshTokenSeconds: 30 * 24 * 3600,
  codeSeconds: 5 * 60,
  deviceCodeSeconds: 300,
  deviceIntervalSeconds: 5,
  consentSeconds: 10 * 60,
  jwtClockToleranceSeconds: 60,
  refreshReuseGraceSeconds: 0,
};

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
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
      .join('');
    return `  ${path || '(root)'}: ${issue.message}`;
  });
  throw new ConfigError(`${source} is not valid:\n${lines.join('\n')}`);
}
