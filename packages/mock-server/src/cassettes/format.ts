import * as z from 'zod';

/**
 * The cassette: what `coze-mock record` wrote, and what `coze-mock --replay` and `POST /__mock/cassettes` read. One
 * JSON file, its keys sorted and pretty-printed (stable-json.ts), one exchange per array entry, so that a re-recording
 * reviews as a small diff. Credentials are placeholders (`[redacted:access_token:1]`), the same value always the same
 * placeholder. Written by the recorder (record/), read through {@link cassetteSchema}.
 */

/** A credential's placeholder: `[redacted:<kind>:<n>]`. */
export const PLACEHOLDER = /^\[redacted:[a-z_]+:\d+\]$/;

/**
 * Whether a value is a placeholder the recorder wrote in place of a credential.
 *
 * @example
 * isPlaceholder('[redacted:access_token:1]'); // true
 */
export const isPlaceholder = (value: string) => PLACEHOLDER.test(value);

/** The `format` member of every cassette this version writes and reads. */
export const CASSETTE_FORMAT = 'coze-mock-cassette/1';

/** Most exchanges one cassette may hold (each becomes a scripted reply; the reply book holds 1000 at once). */
export const MAX_CASSETTE_EXCHANGES = 1000;

/** Most events one recorded stream may hold when replayed (a scripted stream's limit). */
export const MAX_CASSETTE_EVENTS = 1000;

const headers = () => z.record(z.string().min(1).max(256), z.union([z.string().max(16_384), z.array(z.string().max(16_384)).max(50)]));

/** A body: JSON (`body`), text (`bodyText`), or why it was left out (`bodyOmitted`: HTML pages, binary data). */
const bodyParts = {
  body: z.unknown().optional(),
  bodyText: z.string().optional(),
  bodyOmitted: z.string().max(256).optional(),
};

/** One server-sent event as it came: its fields, and how long after the one before it (the reply's head for the first). */
const eventSchema = z
  .object({
    id: z.string().max(256).optional(),
    event: z.string().max(256).optional(),
    data: z.string(),
    delayMs: z.number().int().min(0),
  })
  .strict();

const exchangeSchema = z
  .object({
    request: z
      .object({
        method: z.string().min(1).max(16),
        path: z.string().startsWith('/').max(4096),
        query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
        headers: headers().default({}),
        ...bodyParts,
      })
      .strict(),
    response: z
      .object({
        status: z.number().int().min(100).max(599),
        headers: headers().default({}),
        ...bodyParts,
        /** A `text/event-stream` reply: its events with their timing, and how it ended (`drop`: cut off). */
        stream: z
          .object({ events: z.array(eventSchema).max(100_000), then: z.enum(['end', 'drop']).default('end') })
          .strict()
          .optional(),
      })
      .strict(),
    /** How long the upstream took for the whole reply (ms); informative, not replayed. */
    durationMs: z.number().min(0).default(0),
    /** Names or dotted paths this exchange's matching ignores, besides the cassette's. */
    ignore: z.array(z.string().min(1).max(256)).max(100).optional(),
  })
  .strict();

/** The cassette schema, built on first use (the CLI's start-up does not pay for it without `--replay`). */
const buildCassetteSchema = () =>
  z
    .object({
      format: z.literal(CASSETTE_FORMAT),
      /** Where it was recorded (no credentials: user and password are never kept). */
      upstream: z.string().max(2048).optional(),
      /** Names (any depth) or dotted paths (from the root) that request matching ignores: ids, timestamps. */
      ignore: z.array(z.string().min(1).max(256)).max(100).default([]),
      exchanges: z.array(exchangeSchema).max(MAX_CASSETTE_EXCHANGES),
    })
    .strict();

let schema: ReturnType<typeof buildCassetteSchema> | undefined;

/**
 * The zod schema of a cassette file (the same object every call).
 *
 * @example
 * cassetteSchema().parse(JSON.parse(readFileSync('chat.cassette.json', 'utf8')));
 */
export const cassetteSchema = () => (schema ??= buildCassetteSchema());

/** A cassette as read (defaults applied). */
export type Cassette = z.output<ReturnType<typeof buildCassetteSchema>>;
/** A cassette as written (what the recorder builds). */
export type CassetteInput = z.input<ReturnType<typeof buildCassetteSchema>>;
export type CassetteExchange = Cassette['exchanges'][number];
export type CassetteEvent = NonNullable<CassetteExchange['response']['stream']>['events'][number];
/** Header values: one string, or several (`set-cookie`). */
export type CassetteHeaders = Record<string, string | string[]>;
