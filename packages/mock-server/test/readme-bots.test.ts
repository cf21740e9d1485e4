/**
 * The root README's bots example ("Fixture bots and bot scripts"), run as written against a mock on port 0 (only its
 * baseURL line changed): what it promises in its comments must hold.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { runReadmeSnippet } from './readme-support.js';

let server: RunningMockServer;

beforeAll(async () => {
  server = await startMockServer({ port: 0 });
});
afterAll(() => server.close());

type Ran = {
  client: { chat: { retrieve(c: string, id: string): Promise<{ status: string }>; messages: { list(c: string, id: string): Promise<{ type: string; content: string }[]> } } };
  streamed: string;
  polled: { chat: { status: string }; messages: { type: string; content: string }[] };
  waiting: { chat: { id: string; conversation_id: string } };
  scripted: string[];
};

it('the README bots example: echo streamed and polled, the tool bot completed by its output, a scripted failure', async () => {
  const ran = await runReadmeSnippet<Ran>(server, 'import { ChatEventType, CozeAPI', ['client', 'streamed', 'polled', 'waiting', 'scripted']);
  expect(ran.streamed).toBe('Hello');
  expect(ran.polled.chat.status).toBe('completed');
  expect(ran.polled.messages.find((m) => m.type === 'answer')?.content).toBe('Hello');
  const { id, conversation_id } = ran.waiting.chat;
  expect((await ran.client.chat.retrieve(conversation_id, id)).status).toBe('completed');
  expect((await ran.client.chat.messages.list(conversation_id, id)).find((m) => m.type === 'answer')?.content).toBe('22 °C');
  expect(ran.scripted.slice(-2)).toEqual(['conversation.chat.failed', 'done']);
  expect(ran.scripted.filter((e) => e === 'conversation.message.delta')).toHaveLength(4);
});
