import type { ByteAccount } from '../budget.js';
import type { Clock } from '../clock.js';
import { BotScripts } from './bots/scripts.js';
import { ChatStore } from './chat/store.js';
import { ConversationStore } from './conversations/store.js';
import { FileStore } from './files/store.js';

/**
 * The state of the OpenAPI resources (conversations, messages, chats, files) and the bot scripts of the control API,
 * held by the mock's `MockStore` (`mock.store.resources`): capped like every state table, per sandbox since each
 * sandbox is a whole mock, emptied by `reset`.
 *
 * @example
 * const resources = new ResourceStore(clock, 100_000);
 * resources.conversations.create({ creatorId: '42' });
 * resources.reset();
 */
export class ResourceStore {
  readonly conversations: ConversationStore;
  readonly chats: ChatStore;
  readonly files: FileStore;
  readonly scripts: BotScripts;

  constructor(clock: Clock, capacity: number, budget?: ByteAccount) {
    const now = () => clock.now();
    this.scripts = new BotScripts(budget);
    this.conversations = new ConversationStore(now, capacity);
    this.chats = new ChatStore(now, capacity, this.conversations);
    this.files = new FileStore(now, capacity);
  }

  /** Ends the streams still sending (server shutdown, a sandbox deleted): no timer outlives the mock. */
  close(): void {
    this.chats.close();
  }

  /** Forgets everything; streams still sending end and their timers are cleared. */
  reset(): void {
    this.chats.reset();
    this.conversations.reset();
    this.files.reset();
    this.scripts.reset();
  }
}
