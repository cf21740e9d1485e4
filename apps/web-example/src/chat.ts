import { ChatEventType, RoleType, type CozeAPI } from '@coze/api';
import { describeCozeError } from './errors.js';
import type { Session } from './session.js';

/** The longest message the form takes (the page's `maxlength`, checked again here). */
export const MAX_QUESTION_LENGTH = 2000;

/**
 * Sends `question` to the bot with `chat.stream` and waits for the whole answer: the page is rendered once it is
 * complete (a server could forward the deltas to the browser as they come; this example keeps the page plain HTML).
 * A failed chat (`conversation.chat.failed`, an `error` event, or an SDK error) comes back as `failure`.
 *
 * @example
 * session.lastChat = await askBot(new CozeAPI({ token, baseURL }), botId, 'Hello');
 */
export async function askBot(client: CozeAPI, botId: string, question: string): Promise<NonNullable<Session['lastChat']>> {
  let answer = '';
  try {
    const stream = client.chat.stream({ bot_id: botId, additional_messages: [{ role: RoleType.User, content: question, content_type: 'text' }] });
    for await (const event of stream) {
      if (event.event === ChatEventType.CONVERSATION_MESSAGE_DELTA) answer += event.data.content;
      else if (event.event === ChatEventType.CONVERSATION_CHAT_FAILED) return { question, answer, failure: event.data.last_error?.msg ?? 'the chat failed' };
      else if (event.event === ChatEventType.ERROR) return { question, answer, failure: event.data.msg };
    }
    return { question, answer };
  } catch (failure) {
    return { question, answer, failure: describeCozeError(failure) };
  }
}
