/**
 * Malformed-request sweep of the chat, conversation, message, file and bot endpoints (fast-check), with a valid
 * token so the requests get past authentication: random and wrong-typed bodies, nulls, random queries. Every reply
 * must be a Coze-shaped JSON error (never a 5xx, never the OAuth shape) or a success: the envelope with code 0, or a
 * chat stream in Coze's framing. Afterwards what was stored before is intact.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { LOGID, newMock } from './helpers.js';
import { api, ask, botId, chat, dataFrom, deltaText, parseChatStream, streamEvents } from './resource-helpers.js';
import { SWEEP_TEST_TIMEOUT_MS, sweepRuns } from './sweep-scale.js';

// A fixed seed in `pnpm test`; `pnpm fuzz` draws 20× as many from a fresh seed (sweep-scale.ts).
const RUNS = sweepRuns(150, 20_261_203);
const seen = new Set<number>();

/** What is wrong with a reply of these endpoints, or undefined. */
async function problem(res: Response): Promise<string | undefined> {
  seen.add(res.status);
  if (res.status >= 500) return `HTTP ${res.status}: ${await res.text()}`;
  if (!LOGID.test(res.headers.get('x-tt-logid') ?? '')) return 'no X-Tt-Logid';
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (res.status === 200 && /^text\/event-stream/.test(type)) {
    try {
      parseChatStream(text);
      return undefined;
    } catch (error) {
      return `a stream out of Coze's framing: ${(error as Error).message}`;
    }
  }
  if (!/^application\/json/.test(type)) return `content type ${type || 'none'}`;
  const body = JSON.parse(text) as { code?: unknown; msg?: unknown; detail?: { logid?: unknown } };
  if (typeof body.code !== 'number' || typeof body.msg !== 'string' || body.detail?.logid !== res.headers.get('x-tt-logid')) return `not the envelope: ${text.slice(0, 300)}`;
  if ((res.status === 200) !== (body.code === 0)) return `status ${res.status} with code ${body.code}`;
  return undefined;
}

const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noDefaultInfinity: true, noNaN: true }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '0', '__proto__', 'user', 'assistant', 'text', 'object_string', 'desc', 'asc', '[{"type":"text"}]', '[]', '7000000000000000000'),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  fields: string[];
}

describe('the resource endpoints under malformed input', { timeout: SWEEP_TEST_TIMEOUT_MS }, () => {
  let app: MockApp;
  let endpoints: Endpoint[];
  let right: fc.Arbitrary<unknown>;
  let kept: { conversation: string; chat: string };

  beforeAll(async () => {
    app = newMock();
    const started = await dataFrom<{ id: string; conversation_id: string }>(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: false, additional_messages: ask('kept') }));
    await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${started.conversation_id}&chat_id=${started.id}`);
    kept = { conversation: started.conversation_id, chat: started.id };
    const messageFields = ['role', 'content', 'content_type', 'meta_data'];
    endpoints = [
      { method: 'POST', path: '/v3/chat', fields: ['bot_id', 'user_id', 'stream', 'additional_messages', 'auto_save_history', 'meta_data', 'publish_status', 'conversation_id'] },
      { method: 'GET', path: '/v3/chat/retrieve', fields: ['conversation_id', 'chat_id'] },
      { method: 'POST', path: '/v3/chat/retrieve', fields: ['conversation_id', 'chat_id'] },
      { method: 'GET', path: '/v3/chat/message/list', fields: ['conversation_id', 'chat_id'] },
      { method: 'POST', path: '/v3/chat/cancel', fields: ['conversation_id', 'chat_id'] },
      { method: 'POST', path: '/v3/chat/submit_tool_outputs', fields: ['conversation_id', 'chat_id', 'tool_outputs', 'stream'] },
      { method: 'POST', path: '/v1/conversation/create', fields: ['bot_id', 'messages', 'meta_data', 'name', 'connector_id'] },
      { method: 'GET', path: '/v1/conversation/retrieve', fields: ['conversation_id'] },
      { method: 'GET', path: '/v1/conversations', fields: ['bot_id', 'page_num', 'page_size', 'sort_order'] },
      { method: 'POST', path: `/v1/conversations/${kept.conversation}/clear`, fields: ['x'] },
      { method: 'POST', path: '/v1/conversation/message/create', fields: ['conversation_id', ...messageFields] },
      { method: 'POST', path: '/v1/conversation/message/list', fields: ['conversation_id', 'order', 'chat_id', 'before_id', 'after_id', 'limit'] },
      { method: 'GET', path: '/v1/conversation/message/retrieve', fields: ['conversation_id', 'message_id'] },
      { method: 'POST', path: '/v1/conversation/message/modify', fields: ['conversation_id', 'message_id', 'content', 'content_type', 'meta_data'] },
      { method: 'POST', path: '/v1/conversation/message/delete', fields: ['conversation_id', 'message_id'] },
      { method: 'POST', path: '/v1/files/upload', fields: ['file'] },
      { method: 'GET', path: '/v1/files/retrieve', fields: ['file_id'] },
      { method: 'GET', path: `/v1/bots/${botId(app, 'Echo bot')}`, fields: ['is_published'] },
      { method: 'GET', path: '/v1/bot/get_online_info', fields: ['bot_id'] },
    ];
    // Right values now and then, so some requests get further than the first check.
    right = fc.constantFrom(botId(app, 'Echo bot'), botId(app, 'Tool bot'), botId(app, 'Draft bot'), kept.conversation, kept.chat, 'u', true, false, ask('hi'), [{ tool_call_id: kept.chat, output: 'x' }]);
  });

  const value = () => fc.oneof({ weight: 3, arbitrary: wrongValue }, { weight: 1, arbitrary: right });
  const fieldsOf = (e: Endpoint) => fc.dictionary(fc.constantFrom(...e.fields), value(), { maxKeys: e.fields.length });
  const query = (fields: Record<string, unknown>) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();

  it('wrong types and values in bodies and queries', async () => {
    const shaped = fc.constantFrom(...endpoints).chain((e) => fc.tuple(fc.constant(e), fieldsOf(e), fieldsOf(e)));
    await fc.assert(
      fc.asyncProperty(shaped, async ([e, body, inQuery]) => {
        const path = `${e.path}?${query(inQuery)}`;
        const res = await api(app, e.method, path, e.method === 'GET' ? undefined : body);
        expect(await problem(res), `${e.method} ${path} ${JSON.stringify(body)}`).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('random raw bodies and content types', async () => {
    const raw = fc.oneof(fc.string(), fc.json({ maxDepth: 3 }), fc.constantFrom('', '{', '[]', 'null', '"x"', '{"a":1}garbage', 'x'.repeat(70_000)));
    const type = fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints.filter((e) => e.method === 'POST')), raw, type, async (e, body, contentType) => {
        const res = await app.request(e.path, { method: 'POST', headers: { authorization: `Bearer ${app.mock.fixtures.pats[0]?.token}`, ...(contentType ? { 'content-type': contentType } : {}) }, body });
        expect(await problem(res), `POST ${e.path} ${contentType} ${body.slice(0, 100)}`).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('met more than one wall, and left what was stored intact', async () => {
    expect([...seen]).toEqual(expect.arrayContaining([200, 400, 404]));
    expect(await dataFrom(await api(app, 'GET', `/v3/chat/retrieve?conversation_id=${kept.conversation}&chat_id=${kept.chat}`))).toMatchObject({ status: 'completed' });
    const events = await streamEvents(await chat(app, { bot_id: botId(app, 'Echo bot'), stream: true, additional_messages: ask('still here') }));
    expect(deltaText(events)).toBe('still here');
  });
});
