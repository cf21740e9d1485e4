/**
 * Helpers of the chat, conversation, message, file and bot tests: authorised requests, a strict reader of Coze's SSE
 * framing, and the fixture bots by name.
 */
import { expect } from 'vitest';
import type { MockApp } from '../src/app.js';
import { fixturesOf } from './helpers.js';

export type BotName = 'Echo bot' | 'Team echo bot' | 'Tool bot' | 'Script bot' | 'Draft bot';

/** The id of a fixture bot, by its name in `/__mock/fixtures`. */
export function botId(app: MockApp, name: BotName): string {
  const bot = fixturesOf(app).bots.find((b) => b.name === name);
  if (!bot) throw new Error(`no fixture bot ${name}`);
  return bot.id;
}

/** A request to an OpenAPI endpoint with a bearer token (the fixture PAT unless given); a JSON body when given. */
export function api(app: MockApp, method: string, path: string, body?: unknown, token: string | null = fixturesOf(app).pat) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
}

/** A user's text question, as `additional_messages` takes it. */
export const ask = (text: string) => [{ role: 'user', content: text, content_type: 'text' }];

/** `POST /v3/chat` with the fixture PAT. */
export function chat(app: MockApp, body: Record<string, unknown>, conversationId?: string, token?: string) {
  return api(app, 'POST', `/v3/chat${conversationId ? `?conversation_id=${conversationId}` : ''}`, { user_id: 'user-1', ...body }, token);
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Parses a chat stream, insisting on Coze's framing (coze-py `tests/testdata/chat_text_stream_resp.txt`): each event
 * is exactly `event:<name>` then `data:<json>` (no space after the colon), then a blank line.
 */
export function parseChatStream(text: string): SseEvent[] {
  expect(text.endsWith('\n\n'), 'a stream ends with a blank line').toBe(true);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const match = /^event:(\S+)\ndata:(.*)$/.exec(block);
      expect(match, `an event block is event:… then data:…, got ${JSON.stringify(block)}`).not.toBeNull();
      return { event: match?.[1] as string, data: JSON.parse(match?.[2] as string) as unknown };
    });
}

/** Reads a whole chat stream: asserts the SSE reply, returns its events. */
export async function streamEvents(res: Response): Promise<SseEvent[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return parseChatStream(await res.text());
}

/** The events' names, in order. */
export const names = (events: SseEvent[]) => events.map((e) => e.event);

/** The data of the first event called `name`. */
export function dataOf<T = Record<string, unknown>>(events: SseEvent[], name: string): T {
  const found = events.find((e) => e.event === name);
  expect(found, `an event ${name}`).toBeDefined();
  return found?.data as T;
}

/** The answer a stream spelled out in its deltas. */
export const deltaText = (events: SseEvent[]) =>
  events
    .filter((e) => e.event === 'conversation.message.delta')
    .map((e) => (e.data as { content: string }).content)
    .join('');

/** The `data` of a successful OpenAPI envelope (status 200, code 0), or fails. */
export async function dataFrom<T = Record<string, unknown>>(res: Response): Promise<T> {
  const body = (await res.json()) as { code: number; data: T };
  expect({ status: res.status, code: body.code }, JSON.stringify(body)).toEqual({ status: 200, code: 0 });
  return body.data;
}
