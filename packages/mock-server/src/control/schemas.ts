import { createPublicKey } from 'node:crypto';
import * as z from 'zod';
import { cassetteSchema } from '../cassettes/format.js';
import { APP_TYPE_NAMES, APP_TYPES } from '../fixtures/app-types.js';
import { framingHeadersIn, HEADER_NAME, HEADER_VALUE } from '../replies/headers.js';

/**
 * One zod schema per body of the `/__mock` control API. The routes validate with them and the typed control client
 * takes its parameter types from them (`z.input`), so the wire shape is written once. Each is a `z.lazy`: built on
 * its first use, not at every start of the server (dozens of zod schemas, milliseconds of the CLI's start-up).
 */

/** The range of a JavaScript Date (ECMA-262: ±8.64e15 ms). A clock beyond it breaks every reply's log id. */
export const MAX_INSTANT_MS = 8.64e15;

/** `POST /__mock/clock`: exactly one of advanceSeconds, set, reset, freeze. */
export const clockBody = z.lazy(() =>
  z
    .object({
      advanceSeconds: z.number().finite().min(-1e9).max(1e9).optional(),
      set: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]).optional(),
      reset: z.boolean().optional(),
      /** `true` stops the clock where it is; `false` lets it tick on from there. */
      freeze: z.boolean().optional(),
    })
    .refine((b) => [b.advanceSeconds, b.set, b.reset, b.freeze].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of advanceSeconds, set, reset, freeze',
    }),
);

/** `POST /__mock/device/approve` and `/deny`. */
export const deviceDecisionBody = z.lazy(() => z.object({ user_code: z.string().min(1, 'required').max(64) }));

/** `PUT /__mock/deviations`. */
export const deviationsBody = z.lazy(() => z.object({ enable: z.array(z.string()).max(50) }));

/** `POST /__mock/introspect`. */
export const introspectBody = z.lazy(() => z.object({ token: z.string().min(1, 'required').max(512) }));

/** `POST /__mock/faults`: the shorthand for a scripted error reply (see {@link replyRuleBody}). */
export const faultBody = z.lazy(() =>
  z.object({
    pathPrefix: z.string().startsWith('/').max(512).optional(),
    method: z.string().max(16).optional(),
    status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
    count: z.number().int().min(1).max(10_000).optional(),
    delayMs: z.number().int().min(0).max(10_000).optional(),
  }),
);

// A header HTTP would not let the server send is a 400 here, not a 500 on every request the rule matches.
const headerName = () => z.string().regex(HEADER_NAME, 'not a valid header name');
const headerValue = () => z.string().max(4096).regex(HEADER_VALUE, 'a header value holds only visible US-ASCII characters, spaces and tabs');
const replyHeaders = () =>
  z.record(headerName(), headerValue()).superRefine((headers, ctx) => {
    const framing = framingHeadersIn(headers);
    if (framing.length) ctx.addIssue({ code: 'custom', message: `${framing.join(', ')}: framing headers are the server's to set` });
  });

/** The longest `delayMs` of a reply, and the longest a `hang` holds a request, in ms. */
export const MAX_REPLY_DELAY_MS = 30_000;
export const MAX_HANG_MS = 60_000;

/** `POST /__mock/replies`: a scripted reply (or a dropped or hung connection) for the requests it matches. */
export const replyRuleBody = z.lazy(() =>
  z
    .object({
      match: z
        .object({
          method: z.string().min(1).max(16).optional(),
          path: z.string().startsWith('/').max(1024).optional(),
          pathPrefix: z.string().startsWith('/').max(1024).optional(),
          grantType: z.string().min(1).max(128).optional(),
          clientId: z.string().min(1).max(256).optional(),
          /** Query parameters the request must carry with these values (replies/match.ts). */
          query: z.record(z.string().min(1).max(256), z.union([z.string().max(4096), z.array(z.string().max(4096)).max(50)])).optional(),
          /** JSON the request's body must hold (objects member by member); a non-JSON body never matches. */
          body: z.unknown().optional(),
          /** Names (any depth) or dotted paths (from the root) never compared: ids, timestamps. */
          ignore: z.array(z.string().min(1).max(256)).max(100).optional(),
          /** Nothing beyond `query` and `body` may be sent (ignored names aside). */
          exact: z.boolean().optional(),
        })
        .strict()
        .default({}),
      reply: z
        .object({
          status: z.number().int().min(200).max(599),
          body: z.unknown().optional(),
          headers: replyHeaders().optional(),
        })
        .strict()
        .optional(),
      action: z.enum(['drop', 'hang']).optional(),
      stream: replyStreamBody.optional(),
      times: z.number().int().min(1).max(1_000_000).nullable().default(1),
      delayMs: z.number().int().min(0).max(MAX_REPLY_DELAY_MS).default(0),
      requireToken: z.union([z.literal(true), z.object({ permission: z.string().min(1).max(128) }).strict()]).optional(),
    })
    .strict()
    .refine((b) => (b.action === undefined) !== (b.reply === undefined && b.stream === undefined), {
      message: 'give exactly one of reply, action (a stream comes with or without reply)',
    })
    .refine((b) => b.stream === undefined || b.reply?.body === undefined, { message: 'a stream reply sends stream.events, not a body', path: ['reply', 'body'] })
    .refine((b) => b.stream === undefined || ![204, 205, 304].includes(b.reply?.status ?? 200), {
      message: 'a stream needs a status that carries a body',
      path: ['reply', 'status'],
    }),
);

const redirectUri = () =>
  z
    .string()
    .max(2048)
    .url()
    .refine((uri) => /^https?:/i.test(uri), 'redirect URIs must be http or https (oauth_code)');

/** RS256 public keys of at least 2048 bits, as the config file takes them. */
const publicKeyPem = () =>
  z
    .string()
    .max(16_384)
    .superRefine((value, ctx) => {
      try {
        const key = createPublicKey(value);
        if (key.asymmetricKeyType !== 'rsa') ctx.addIssue({ code: 'custom', message: 'an RS256 key must be RSA' });
        else if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) ctx.addIssue({ code: 'custom', message: 'an RSA key needs at least 2048 bits' });
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a PEM public key that Node can read' });
      }
    });

const permissions = () => z.array(z.string().min(1).max(128)).max(100);

/** `jwt and channel`: the app types with a trait, in words. */
const typesWith = (trait: 'signsJwt' | 'channel' | 'redirectUris') => APP_TYPE_NAMES.filter((type) => APP_TYPES[type][trait]).join(' and ');

/** `POST /__mock/apps`. */
export const appBody = z.lazy(() =>
  z
    .object({
      type: z.enum(APP_TYPE_NAMES),
      name: z.string().min(1).max(100).optional(),
      /** Channel apps: the bots published to the channel (default: every fixture bot). */
      botIdList: z.array(z.string().min(1).max(64)).max(100).optional(),
      redirectUris: z.array(redirectUri()).min(1).max(3, 'an app has at most 3 redirect URIs (oauth_code)').optional(),
      publicKey: publicKeyPem().optional(),
      permissions: permissions().optional(),
    })
    .strict()
    .superRefine((b, ctx) => {
      // Each member belongs to the app types with the trait it serves (fixtures/app-types.ts).
      const traits = APP_TYPES[b.type];
      const misplaced = (member: 'publicKey' | 'botIdList' | 'redirectUris', fits: boolean, owners: string) => {
        if (b[member] !== undefined && !fits) ctx.addIssue({ code: 'custom', message: `only ${owners} apps take ${member}`, path: [member] });
      };
      misplaced('publicKey', traits.signsJwt, typesWith('signsJwt'));
      misplaced('botIdList', traits.channel, typesWith('channel'));
      misplaced('redirectUris', traits.redirectUris, typesWith('redirectUris'));
    }),
);

/** `POST /__mock/users`: every field is optional (a fresh id and name are made up). */
export const userBody = z.lazy(() =>
  z
    .object({
      user_id: z.string().regex(/^\d{1,32}$/, 'digits only').optional(),
      user_name: z.string().min(1).max(100).optional(),
      nick_name: z.string().min(1).max(100).optional(),
      avatar_url: z.string().max(2048).optional(),
    })
    .strict(),
);

/** `POST /__mock/pats`. Default: every permission, the default user, never expires. */
export const patBody = z.lazy(() =>
  z
    .object({
      permissions: permissions().optional(),
      expiresInSeconds: z.number().int().min(1).max(10 * 365 * 86_400).optional(),
      userId: z.string().min(1).max(64).optional(),
      workspaceIds: z.array(z.string().min(1).max(64)).max(50).optional(),
    })
    .strict(),
);

/**
 * `POST /__mock/tokens/revoke`: exactly one of `token` (its value), `fingerprint` (as the journal shows it),
 * `clientId` (every access and refresh token of the app) or `userId` (every access and refresh token of the user).
 */
export const revokeBody = z.lazy(() =>
  z
    .object({
      token: z.string().min(1, 'required').max(512).optional(),
      fingerprint: z.string().regex(/^[0-9a-f]{16}$/, '16 lower-case hex digits, as the journal shows it').optional(),
      clientId: z.string().min(1).max(256).optional(),
      userId: z.string().min(1).max(64).optional(),
    })
    .strict()
    .refine((b) => [b.token, b.fingerprint, b.clientId, b.userId].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of token, fingerprint, clientId, userId',
    }),
);

/** What `POST /__mock/tokens/revoke` takes. */
export type RevokeInput = z.input<typeof revokeBody>;

/** `POST /__mock/sandboxes`. */
export const sandboxBody = z.lazy(() => z.object({ seed: z.string().min(1).max(128).optional() }).strict());

/** The fastest replay speed: recorded waits divided by 100. */
export const MAX_REPLAY_SPEED = 100;

/** `POST /__mock/cassettes`: a recorded cassette (cassettes/format.ts) to answer from, and how fast to replay its streams. */
export const cassetteBody = z.lazy(() =>
  z
    .object({
      cassette: z.lazy(() => cassetteSchema()),
      /** 1 keeps the recorded timing of streams, 2 plays them twice as fast, 0 without waits. */
      speed: z.number().min(0).max(MAX_REPLAY_SPEED).default(1),
    })
    .strict(),
);

/** `GET /__mock/journal` query: filters plus `wait`, the longest the call may wait for a first match (ms). */
export const MAX_JOURNAL_WAIT_MS = 30_000;
export const journalQuery = z.lazy(() =>
  z.object({
    path: z.string().max(1024).optional(),
    grantType: z.string().max(128).optional(),
    since: z.coerce.number().int().nonnegative().optional(),
    wait: z.coerce.number().int().min(0).max(MAX_JOURNAL_WAIT_MS).optional(),
  }),
);

/** What a caller sends for a scripted reply (defaults not yet applied). */
export type ReplyRuleInput = z.input<typeof replyRuleBody>;
/** A validated scripted reply, defaults applied. */
export type ReplyRuleSpec = z.output<typeof replyRuleBody>;
export type FaultInput = z.input<typeof faultBody>;
export type AppInput = z.input<typeof appBody>;
export type UserInput = z.input<typeof userBody>;
export type PatInput = z.input<typeof patBody>;
export type SandboxInput = z.input<typeof sandboxBody>;
export type CassetteLoadInput = z.input<typeof cassetteBody>;
export type JournalFilter = Omit<z.input<typeof journalQuery>, 'since' | 'wait'> & { since?: number };

/** Most events one scripted stream may hold. */
export const MAX_STREAM_EVENTS = 1000;

// An SSE field value on one line (a CR or LF would end the field early and corrupt the frame).
const sseField = () => z.string().min(1).max(256).regex(/^[^\r\n]*$/, 'cannot hold CR or LF');

/**
 * `stream` of a scripted reply: server-sent events in Coze's framing (`id:`, `event:`, `data:`, src/event-stream.ts),
 * each after its own `delayMs`, then the end of the body, a dropped connection or a hang. A string `data` goes out
 * as it is (several `data:` lines if it holds newlines), anything else as JSON.
 */
export const replyStreamBody = z.lazy(() =>
  z
    .object({
      events: z
        .array(
          z
            .object({
              id: z.union([sseField(), z.number().int().nonnegative()]).optional(),
              event: sseField().optional(),
              data: z.unknown(),
              delayMs: z.number().int().min(0).max(MAX_REPLY_DELAY_MS).optional(),
            })
            .strict()
            .refine((e) => e.data !== undefined, { message: 'required', path: ['data'] }),
        )
        .max(MAX_STREAM_EVENTS),
      then: z.enum(['end', 'drop', 'hang']).default('end'),
    })
    .strict(),
);

/** A scripted stream as a caller sends it (`then` defaults to `end`). */
export type ReplyStreamInput = z.input<typeof replyStreamBody>;
