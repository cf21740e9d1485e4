import { estimateRetainedBytes, type ByteAccount } from '../../budget.js';
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
 * Most scripts queued at once per mock. Their bytes are bounded apart: each is charged to the mock's byte account
 * (`limits.scriptBytes`, budget.ts) while it is queued.
 */
export const MAX_QUEUED_SCRIPTS = 1000;
/** What a queued script costs besides its content (the entry, its id, the queue slot), in bytes. */
const SCRIPT_OVERHEAD_BYTES = 256;

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
  /** What each queued script was charged. */
  private readonly costs = new Map<QueuedScript, number>();

  constructor(private readonly budget?: ByteAccount) {}

  /** Queues a script; the 429 capacity error when the queue is full or its bytes would not fit the mock's budget. */
  add(botId: string, { times, ...script }: BotScript): QueuedScript {
    if (this.queue.length >= MAX_QUEUED_SCRIPTS) throw oauthErrors.capacity(`bot scripts (at most ${MAX_QUEUED_SCRIPTS} queued)`);
    const cost = SCRIPT_OVERHEAD_BYTES + estimateRetainedBytes(script);
    this.budget?.charge('scripts', cost);
    const queued: QueuedScript = { id: `script_${this.nextId++}`, botId, script, remaining: times };
    this.queue.push(queued);
    this.costs.set(queued, cost);
    return queued;
  }

  /** Drops the scripts `leaving` picks, giving their bytes back; how many went. */
  private drop(leaving: (queued: QueuedScript) => boolean): number {
    const before = this.queue.length;
    this.queue = this.queue.filter((queued) => {
      if (!leaving(queued)) return true;
      this.budget?.release('scripts', this.costs.get(queued) ?? 0);
      this.costs.delete(queued);
      return false;
    });
    return before - this.queue.length;
  }

  /** The script the bot's next chat would take, without using it up. */
  peek(botId: string): Omit<BotScript, 'times'> | undefined {
    return this.queue.find((q) => q.botId === botId)?.script;
  }

  /** Uses up one serving of the bot's oldest script; undefined when none is queued. */
  take(botId: string): Omit<BotScript, 'times'> | undefined {
    const queued = this.queue.find((q) => q.botId === botId);
    if (!queued) return undefined;
    if (queued.remaining !== null && --queued.remaining <= 0) this.drop((q) => q === queued);
    return queued.script;
  }

  list(botId?: string): QueuedScript[] {
    return this.queue.filter((q) => botId === undefined || q.botId === botId).map((q) => ({ ...q }));
  }

  /** Drops one queued script; false if there is none with that id. */
  delete(id: string): boolean {
    return this.drop((q) => q.id === id) > 0;
  }

  /** Drops the bot's scripts (every bot's without an id); how many went. */
  clear(botId?: string): number {
    return this.drop((q) => botId === undefined || q.botId === botId);
  }

  reset(): void {
    this.drop(() => true);
  }
}
