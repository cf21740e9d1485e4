import { oauthErrors } from '../../errors.js';
import type { BotScript } from './schemas.js';

/** A queued script and how many chats it may still serve (`null`: until deleted). */
export interface QueuedScript {
  id: string;
  botId: string;
  script: Omit<BotScript, 'times'>;
  remaining: number | null;
}

/**
 * Most scripts queued at once per mock. Each is at most one request body (`bodyLimitBytes`), so this bounds their
 * memory until the per-mock byte budget of the control API replaces it.
 */
export const MAX_QUEUED_SCRIPTS = 1000;

/**
 * The scripts of each bot's next chats (`POST /__mock/bots/{bot_id}/script`), first in, first served: a chat with
 * the bot takes the oldest script with uses left. Per mock (so per sandbox); gone on reset.
 *
 * @example
 * scripts.add('7380…', { answer: 'Hi', times: 1 });
 * scripts.take('7380…'); // { answer: 'Hi' }, then undefined
 */
export class BotScripts {
  private queue: QueuedScript[] = [];
  private nextId = 1;

  add(botId: string, { times, ...script }: BotScript): QueuedScript {
    if (this.queue.length >= MAX_QUEUED_SCRIPTS) throw oauthErrors.capacity(`bot scripts (at most ${MAX_QUEUED_SCRIPTS} queued)`);
    const queued: QueuedScript = { id: `script_${this.nextId++}`, botId, script, remaining: times };
    this.queue.push(queued);
    return queued;
  }

  /** The script the bot's next chat would take, without using it up. */
  peek(botId: string): Omit<BotScript, 'times'> | undefined {
    return this.queue.find((q) => q.botId === botId)?.script;
  }

  /** Uses up one serving of the bot's oldest script; undefined when none is queued. */
  take(botId: string): Omit<BotScript, 'times'> | undefined {
    const queued = this.queue.find((q) => q.botId === botId);
    if (!queued) return undefined;
    if (queued.remaining !== null && --queued.remaining <= 0) this.queue = this.queue.filter((q) => q !== queued);
    return queued.script;
  }

  list(botId?: string): QueuedScript[] {
    return this.queue.filter((q) => botId === undefined || q.botId === botId).map((q) => ({ ...q }));
  }

  /** Drops the bot's scripts (every bot's without an id); how many went. */
  clear(botId?: string): number {
    const before = this.queue.length;
    this.queue = botId === undefined ? [] : this.queue.filter((q) => q.botId !== botId);
    return before - this.queue.length;
  }

  reset(): void {
    this.queue = [];
  }
}
