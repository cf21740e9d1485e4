import { describe, expect, it } from 'vitest';
import { botScriptOf } from './bot-script.js';

const event = (name: string, data: unknown, delayMs = 40) => ({ event: name, data: typeof data === 'string' ? data : JSON.stringify(data), delayMs });
const delta = (content: string, delayMs = 40) => event('conversation.message.delta', { role: 'assistant', type: 'answer', content }, delayMs);

describe('botScriptOf', () => {
  it('reads the answer, its chunk size, its pace, usage and follow-ups from a recorded chat stream', () => {
    const events = [
      event('conversation.chat.created', { id: 'chat_1', status: 'created' }, 300),
      event('conversation.chat.in_progress', { id: 'chat_1', status: 'in_progress' }, 10),
      delta('Hel'),
      delta('lo w'),
      delta('orld', 60),
      event('conversation.message.completed', { type: 'answer', content: 'Hello world' }),
      event('conversation.message.completed', { type: 'follow_up', content: 'And then?' }),
      event('conversation.chat.completed', { id: 'chat_1', status: 'completed', usage: { token_count: 12, output_count: 5, input_count: 7 } }),
      event('done', '"[DONE]"', 1),
    ];
    expect(botScriptOf(events, 1)).toEqual({
      answer: 'Hello world',
      chunkSize: 3,
      delayMs: 40,
      usage: { token_count: 12, output_count: 5, input_count: 7 },
      followUps: ['And then?'],
    });
    expect(botScriptOf(events, 2).delayMs).toBe(20);
    expect(botScriptOf(events, 0).delayMs).toBe(0);
  });

  it('reads tool calls, a failed chat and an error event', () => {
    const calls = {
      status: 'requires_action',
      required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] } },
    };
    expect(botScriptOf([event('conversation.chat.requires_action', calls)], 1)).toMatchObject({ toolCalls: [{ name: 'weather', arguments: '{"city":"Paris"}' }] });
    expect(botScriptOf([event('conversation.chat.failed', { status: 'failed', last_error: { code: 4011, msg: 'quota' } })], 1)).toMatchObject({
      failed: { code: 4011, msg: 'quota', event: 'failed' },
    });
    expect(botScriptOf([event('error', { code: 0 })], 1)).toMatchObject({ failed: { code: 5000, msg: 'the recorded chat failed', event: 'error' } });
  });

  it('takes the completed answer when no delta came, and caps the pace at the script limit', () => {
    const script = botScriptOf([event('x', {}, 0), event('conversation.message.completed', { type: 'answer', content: 'whole' }, 60_000)], 1);
    expect(script).toEqual({ answer: 'whole', delayMs: 10_000 });
  });
});
