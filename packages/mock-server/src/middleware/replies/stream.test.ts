import { CozeAPI, type WorkflowEvent } from '@coze/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../../app.js';
import { startMockServer, type RunningMockServer } from '../../server.js';

/** Scripted stream replies (`stream` of `POST /__mock/replies`) and the headers and string bodies of canned replies. */

const add = (app: MockApp, rule: object) =>
  app.request('/__mock/replies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });

const addOk = async (app: MockApp, rule: object) => {
  const res = await add(app, rule);
  expect(res.status, await res.clone().text()).toBe(201);
};

describe('a scripted stream', () => {
  it('sends its events in Coze\'s framing on any path: a string data as it is (a line per data line), anything else as JSON', async () => {
    const app = createMockApp();
    await addOk(app, {
      match: { method: 'POST', path: '/v9/anything' },
      stream: {
        events: [
          { id: 0, event: 'conversation.message.delta', data: { content: 'Hi' } },
          { event: 'note', data: 'two\nlines' },
          { data: '[DONE]', delayMs: 5 },
        ],
      },
    });
    const res = await app.request('/v9/anything', { method: 'POST' });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect(await res.text()).toBe(
      'id: 0\nevent: conversation.message.delta\ndata: {"content":"Hi"}\n\nevent: note\ndata: two\ndata: lines\n\ndata: [DONE]\n\n',
    );
  });

  it('takes its status and headers from reply, a content-type of the rule winning', async () => {
    const app = createMockApp();
    await addOk(app, { match: { path: '/v3/chat' }, reply: { status: 202, headers: { 'Content-Type': 'text/plain', 'x-stub': '1' } }, stream: { events: [{ data: 'x' }] } });
    const res = await app.request('/v3/chat', { method: 'POST' });
    expect([res.status, res.headers.get('content-type'), res.headers.get('x-stub'), await res.text()]).toEqual([202, 'text/plain', '1', 'data: x\n\n']);
  });

  it('then drop breaks the body off after the events (in-process: the reader fails)', async () => {
    const app = createMockApp();
    await addOk(app, { match: { path: '/v1/x' }, stream: { events: [{ event: 'a', data: '1' }], then: 'drop' } });
    const reader = ((await app.request('/v1/x')).body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: a\ndata: 1\n\n');
    await expect(reader.read()).rejects.toThrow(/dropped/);
  });

  it('refuses what cannot be sent: a body beside it, an action, a bodiless status, a CR in a field, no data, too many events', async () => {
    const app = createMockApp();
    const events = [{ event: 'a', data: 1 }];
    const refusals = [
      { stream: { events }, reply: { status: 200, body: 'x' } },
      { stream: { events }, action: 'drop' },
      { stream: { events }, reply: { status: 204 } },
      { stream: { events: [{ event: 'a\r\nid: 9', data: 1 }] } },
      { stream: { events: [{ event: 'a' }] } },
      { stream: { events: Array.from({ length: 1001 }, () => ({ data: 1 })) } },
      { stream: { events, then: 'explode' } },
      { stream: { events: [{ data: 1, delayMs: 30_001 }] } },
    ];
    for (const rule of refusals) {
      const res = await add(app, rule);
      expect(res.status, JSON.stringify(rule).slice(0, 80)).toBe(400);
    }
    expect(app.mock.replies.list()).toEqual([]);
  });
});

describe('a canned reply', () => {
  it('honours its content-type and sends a string body as it is, not JSON-encoded', async () => {
    const app = createMockApp();
    await addOk(app, { match: { path: '/v1/sse' }, reply: { status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'event: done\ndata: {}\n\n' } });
    await addOk(app, { match: { path: '/v1/text' }, reply: { status: 200, body: 'plain "words"' } });
    await addOk(app, { match: { path: '/v1/json' }, reply: { status: 200, headers: { 'content-type': 'application/vnd.coze+json' }, body: { a: 1 } } });
    const sse = await app.request('/v1/sse');
    expect([sse.headers.get('content-type'), await sse.text()]).toEqual(['text/event-stream', 'event: done\ndata: {}\n\n']);
    const text = await app.request('/v1/text');
    expect([text.headers.get('content-type'), await text.text()]).toEqual(['text/plain; charset=UTF-8', 'plain "words"']);
    const json = await app.request('/v1/json');
    expect([json.headers.get('content-type'), await json.text()]).toEqual(['application/vnd.coze+json', '{"a":1}']);
  });
});

describe('scripted streams over a socket', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(() => server.close());
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/__mock${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('feed @coze/api what they script: a workflow stream that fails with an Error event', async () => {
    const events = [
      { id: 0, event: 'Message', data: { content: 'partial', node_title: 'End', node_seq_id: '0', node_is_finish: false } },
      { id: 1, event: 'Error', data: { error_code: 720701013, error_message: 'workflow failed' } },
    ];
    expect((await control('POST', '/replies', { match: { path: '/v1/workflow/stream_run' }, stream: { events } })).status).toBe(201);
    const seen: WorkflowEvent[] = [];
    for await (const event of new CozeAPI({ token: server.fixtures.pat, baseURL: server.url }).workflows.runs.stream({ workflow_id: '1' })) seen.push(event);
    expect(seen.map((e) => [e.id, e.event, e.data])).toEqual(events.map((e) => [e.id, e.event, e.data]));
  });

  const open = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 1\n\n');
    return reader;
  };

  it('then drop closes the connection mid-body: the client sees a network error', async () => {
    await control('POST', '/replies', { match: { path: '/v1/dropped' }, stream: { events: [{ data: 1 }], then: 'drop' } });
    await expect((await open('/v1/dropped')).read()).rejects.toThrow();
    // The status went out before the drop: the journal records it.
    expect(server.app.mock.journal.entries({ path: '/v1/dropped' }).map((entry) => entry.status)).toEqual([200]);
  });

  it('then hang holds the body open until DELETE /__mock/replies or a reset cuts it off', async () => {
    await control('POST', '/replies', { match: { path: '/v1/held' }, stream: { events: [{ data: 1 }], then: 'hang' }, times: 2 });
    const first = await open('/v1/held');
    const pending = first.read();
    await control('DELETE', '/replies');
    await expect(pending).rejects.toThrow();
    await control('POST', '/replies', { match: { path: '/v1/held' }, stream: { events: [{ data: 1 }, { data: 2, delayMs: 30_000 }] } });
    const second = await open('/v1/held');
    await control('POST', '/reset', {});
    await expect(second.read()).rejects.toThrow();
  });
});
