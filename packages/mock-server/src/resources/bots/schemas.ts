import * as z from 'zod';

/**
 * `POST /__mock/bots/{bot_id}/script`: how the bot's next chats go. Built on first use, like every control-API schema.
 * The typed control client takes its parameter type from it (`z.input`).
 */

/** The longest pause between streamed events a script may ask for, in ms. */
export const MAX_SCRIPT_DELAY_MS = 10_000;

const count = () => z.number().int().min(0).max(1_000_000);

export const botScriptBody = z.lazy(() =>
  z
    .object({
      /** The answer, streamed in `chunkSize` pieces (default: what the bot would answer). */
      answer: z.string().max(65_536).optional(),
      chunkSize: z.number().int().min(1).max(65_536).optional(),
      /** Real-time pause before each event after the first, in ms. */
      delayMs: z.number().int().min(0).max(MAX_SCRIPT_DELAY_MS).optional(),
      /** Function calls the chat asks for first (`requires_action`); `submit_tool_outputs` then gets the answer. */
      toolCalls: z
        .array(
          z
            .object({
              name: z.string().min(1).max(128),
              arguments: z.union([z.string().max(16_384), z.record(z.string(), z.unknown())]).optional(),
            })
            .strict(),
        )
        .min(1)
        .max(16)
        .optional(),
      usage: z.object({ token_count: count(), output_count: count(), input_count: count() }).partial().strict().optional(),
      /** The chat fails: `conversation.chat.failed` with `last_error`, or (with `event: "error"`) an `error` event. */
      failed: z
        .object({ code: z.number().int().min(1).max(2_147_483_647), msg: z.string().max(1024), event: z.enum(['failed', 'error']).default('failed') })
        .strict()
        .optional(),
      /** Cut the connection after this many events (streaming only). */
      dropAfterEvents: z.number().int().min(0).max(100_000).optional(),
      /** Stop sending after `afterEvents` events (default 2: created and in_progress) and hold the stream open. */
      hang: z.union([z.boolean(), z.object({ afterEvents: z.number().int().min(0).max(100_000) }).strict()]).optional(),
      /** Suggested follow-up questions, sent after the answer as `follow_up` messages. */
      followUps: z.array(z.string().min(1).max(1024)).max(10).optional(),
      /** How many chats the script serves (default 1); `null` until deleted. */
      times: z.number().int().min(1).max(1_000_000).nullable().default(1),
    })
    .strict(),
);

export type BotScriptInput = z.input<typeof botScriptBody>;
export type BotScript = z.output<typeof botScriptBody>;
