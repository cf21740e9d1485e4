import type { MockContext } from '../../context.js';

/**
 * The config file's chat and upload options with their defaults, read in one place (config/schema.ts documents them).
 */

/** Default largest upload: 10 MiB, plenty for a test fixture (Coze itself takes up to 512 MB). */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** How chats run: when a `stream: false` chat completes, and how streams are paced. */
export interface ChatSettings {
  completeAfterRetrievals: number;
  completeAfterMs: number;
  eventDelayMs: number;
  chunkSize: number;
}

const CHAT_DEFAULTS: ChatSettings = { completeAfterRetrievals: 1, completeAfterMs: 1000, eventDelayMs: 0, chunkSize: 4 };

/**
 * @example
 * chatSettings(mock).completeAfterRetrievals; // 1 unless the config says otherwise
 */
export const chatSettings = (mock: MockContext): ChatSettings => ({ ...CHAT_DEFAULTS, ...mock.options.config.chat });

/**
 * @example
 * uploadLimitBytes(mock); // 10485760 unless the config says otherwise
 */
export const uploadLimitBytes = (mock: MockContext): number => mock.options.config.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
