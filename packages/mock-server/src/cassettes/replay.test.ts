import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMockApp, type MockApp } from '../app.js';
import { toPublicFixtures } from '../fixtures/index.js';
import { CASSETTE_FORMAT, type CassetteInput } from './format.js';
import { parseCassette, stableJson } from './index.js';
import { cassetteRules, scaledDelay } from './replay.js';

type Exchange = CassetteInput['exchanges'][number];

const get = (path: string, body: unknown, query: Record<string, string> = {}): Exchange => ({
  request: { method: 'GET', path, query, headers: { authorization: 'Bearer [redacted:pat:1]' } },
  response: { status: 200, headers: { 'content-type': 'application/json', 'x-tt-logid': 'L1', date: 'x' }, body },
});

const cassette = (exchanges: Exchange[], ignore: string[] = []) => parseCassette({ format: CASSETTE_FORMAT, ignore, exchanges });

const loadInto = (app: MockApp, value: unknown, speed?: number) =>
  app.request('/__mock/cassettes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cassette: value, ...(speed === undefined ? {} : { speed }) }) });

const patOf = (app: MockApp) => toPublicFixtures(app.mock.fixtures, 'http://localhost').pat;

describe('cassetteRules', () => {
  it('skips what the mock answers itself or cannot send, saying why', () => {
    const { rules, skipped } = cassetteRules(
      cassette([
        { request: { method: 'POST', path: '/api/permission/oauth2/token' }, response: { status: 200, body: {} } },
        { request: { method: 'GET', path: '/oauth/consent' }, response: { status: 200, bodyOmitted: 'text/html' } },
        { request: { method: 'GET', path: '/v1/users/me' }, response: { status: 401, body: { code: 4100 } } },
        { request: { method: 'GET', path: '/v1/files/1' }, response: { status: 200, bodyOmitted: 'image/png, 3 bytes' } },
        get('/v1/users/me', { code: 0 }),
      ]),
      { speed: 1 },
    );
    expect(rules).toHaveLength(1);
    expect(skipped.map((s) => [s.index, s.path, s.reason])).toEqual([
      [0, '/api/permission/oauth2/token', 'OAuth: answered by the mock itself'],
      [1, '/oauth/consent', 'OAuth: answered by the mock itself'],
      [2, '/v1/users/me', "a refused token: the mock's own token check answers it"],
      [3, '/v1/files/1', 'its body was not recorded (image/png, 3 bytes)'],
    ]);
  });

  it('matches exactly, less placeholders and the ignored names; needs a token where the recording sent one', () => {
    const { rules } = cassetteRules(
      cassette(
        [
          {
            request: { method: 'POST', path: '/v3/chat', query: { conversation_id: 'c1', ts: '5' }, headers: {}, body: { bot_id: '7', user_id: 'u1', token: '[redacted:token:1]' } },
            response: { status: 200, headers: { 'set-cookie': 'a=[redacted:cookie:1]' }, body: { code: 0 } },
            ignore: ['user_id'],
          },
        ],
        ['ts'],
      ),
      { speed: 1 },
    );
    expect(rules[0]).toMatchObject({
      match: { method: 'POST', path: '/v3/chat', query: { conversation_id: 'c1' }, body: { bot_id: '7' }, ignore: ['token', 'ts', 'user_id'], exact: true },
      reply: { status: 200, headers: {}, body: { code: 0 } },
      times: null,
    });
    expect(rules[0]?.requireToken).toBeUndefined();
  });

  it('answers a request recorded several times in recorded order, the last reply for good', () => {
    const { rules } = cassetteRules(cassette([get('/v1/bots', 'first'), get('/v1/bots', 'other page', { page: '2' }), get('/v1/bots', 'second')]), { speed: 1 });
    // Added in this order, the newest rule winning: the first recorded is served first.
    expect(rules.map((r) => [r.reply?.body, r.times])).toEqual([
      ['second', null],
      ['other page', null],
      ['first', 1],
    ]);
  });

  it('makes a streamed chat with a bot the mock has its script (in recorded order, the last for good), any other a stream', () => {
    const chat = (botId: string, content: string): Exchange => ({
      request: { method: 'POST', path: '/v3/chat', body: { bot_id: botId, stream: true }, headers: { authorization: 'Bearer [redacted:pat:1]' } },
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        stream: { events: [{ event: 'conversation.message.delta', data: JSON.stringify({ type: 'answer', content }), delayMs: 50 }] },
      },
    });
    const { rules, scripts } = cassetteRules(cassette([chat('known', 'one'), chat('elsewhere', 'far'), chat('known', 'two')]), { speed: 1, knownBots: new Set(['known']) });
    expect(scripts.map((s) => [s.index, s.botId, s.script.answer, s.script.times])).toEqual([
      [0, 'known', 'one', 1],
      [2, 'known', 'two', null],
    ]);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.stream?.events).toEqual([{ event: 'conversation.message.delta', data: JSON.stringify({ type: 'answer', content: 'far' }), delayMs: 50 }]);
  });

  it('scales delays by the replay speed within a scripted reply\'s limit', () => {
    expect([scaledDelay(400, 1), scaledDelay(400, 2), scaledDelay(400, 0.5), scaledDelay(400, 0), scaledDelay(100_000, 1)]).toEqual([400, 200, 800, 0, 30_000]);
  });
});

describe('POST /__mock/cassettes', () => {
  it('answers the recorded requests behind the mock\'s tokens, in order, and steps aside for anything else', async () => {
    const app = createMockApp({ seed: 'beta' });
    const res = await loadInto(app, cassette([get('/v1/bots', { code: 0, data: 'first' }, { page: '1' }), get('/v1/bots', { code: 0, data: 'again' }, { page: '1' })]));
    expect(res.status).toBe(201);
    const load = (await res.json()) as { rules: string[]; skipped: unknown[] };
    expect([load.rules.length, load.skipped]).toEqual([2, []]);
    const call = (query: string, token = patOf(app)) => app.request(`/v1/bots${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call('?page=1', 'pat_unknown')).status).toBe(401);
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push(((await (await call('?page=1')).json()) as { data: string }).data);
    expect(bodies).toEqual(['first', 'again', 'again']);
    // Not recorded (another query): the mock's own route answers.
    expect((await call('?page=1&page_size=5')).status).not.toBe(200);
    expect(app.mock.replies.list().every((r) => r.source === 'cassettes')).toBe(true);
    expect((await app.request('/__mock/cassettes', { method: 'DELETE' })).status).toBe(200);
    expect(app.mock.replies.list()).toEqual([]);
  });

  it('refuses what is not a cassette with a 400 naming the field', async () => {
    const app = createMockApp();
    const res = await loadInto(app, { format: CASSETTE_FORMAT, exchanges: [{ request: { method: 'GET', path: 'no-slash' }, response: { status: 200 } }] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('cassette.exchanges.0.request.path');
    expect((await loadInto(app, { format: 'something-else/9', exchanges: [] })).status).toBe(400);
    expect((await loadInto(app, cassette([]), -1)).status).toBe(400);
  });
});

describe('the replay option', () => {
  it('loads the cassette file at start and again after every reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coze-cassette-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, stableJson(cassette([get('/v1/bots/9', { code: 0, data: { bot_id: '9' } })])));
    const app = createMockApp({ seed: 'beta', replay: { cassette: file } });
    const call = () => app.request('/v1/bots/9', { headers: { authorization: `Bearer ${patOf(app)}` } });
    expect((await call()).status).toBe(200);
    await app.request('/__mock/reset', { method: 'POST' });
    expect(await (await call()).json()).toEqual({ code: 0, data: { bot_id: '9' } });
    expect(() => createMockApp({ replay: { cassette: join(dir, 'missing.json') } })).toThrow(/cannot read the cassette/);
  });
});
