import { describe, expect, it } from 'vitest';
import { replyRuleBody, type ReplyRuleInput } from '../control/schemas.js';
import { createByteAccount } from '../budget.js';
import { OAuthError } from '../errors.js';
import { createReplyBook, type ReplyRequest } from './index.js';

const spec = (input: ReplyRuleInput) => replyRuleBody.parse(input);
const ok = (body: unknown = {}) => ({ status: 200, body });

function request(path: string, body: { grant_type?: string; client_id?: string; [member: string]: unknown } = {}, method = 'POST', query = '') {
  let reads = 0;
  const req: ReplyRequest & { reads(): number } = {
    method,
    path,
    grantType: async () => (reads++, body.grant_type),
    clientId: async () => (reads++, body.client_id),
    query: () => new URLSearchParams(query),
    json: async () => (reads++, body),
    reads: () => reads,
  };
  return req;
}

describe('reply book', () => {
  it('serves a rule once by default, then no more', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { path: '/t' }, reply: ok() }));
    const first = await book.find(request('/t'));
    expect(first && book.consume(first)).toBe(true);
    expect(await book.find(request('/t'))).toBeUndefined();
  });

  it('serves `times: 3` three times and `times: null` until deleted', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { path: '/three' }, reply: ok(), times: 3 }));
    const forever = book.add(spec({ match: { path: '/forever' }, reply: ok(), times: null }));
    let served = 0;
    for (let i = 0; i < 5; i++) {
      const rule = await book.find(request('/three'));
      if (rule && book.consume(rule)) served++;
    }
    expect(served).toBe(3);
    for (let i = 0; i < 20; i++) {
      const rule = await book.find(request('/forever'));
      expect(rule && book.consume(rule)).toBe(true);
    }
    expect(book.list()[0]).toMatchObject({ id: forever.id, remaining: null, served: 20 });
    expect(book.delete(forever.id)).toBe(true);
    expect(await book.find(request('/forever'))).toBeUndefined();
  });

  it('lets the newest matching rule win', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { pathPrefix: '/api' }, reply: ok('old'), times: null }));
    const newer = book.add(spec({ match: { pathPrefix: '/api/x' }, reply: ok('new') }));
    expect((await book.find(request('/api/x/y')))?.id).toBe(newer.id);
    expect((await book.find(request('/api/z')))?.reply?.body).toBe('old');
  });

  it('matches method, path, prefix, grant type and client id', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { method: 'get', path: '/a' }, reply: ok('get') }));
    book.add(spec({ match: { grantType: 'refresh_token', clientId: 'c1' }, reply: ok('refresh') }));
    expect(await book.find(request('/a', {}, 'POST'))).toBeUndefined();
    expect((await book.find(request('/a', {}, 'GET')))?.reply?.body).toBe('get');
    expect(await book.find(request('/token', { grant_type: 'refresh_token', client_id: 'c2' }))).toBeUndefined();
    expect((await book.find(request('/token', { grant_type: 'refresh_token', client_id: 'c1' })))?.reply?.body).toBe('refresh');
  });

  it('reads the body only when a candidate rule needs it', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { path: '/plain' }, reply: ok() }));
    book.add(spec({ match: { path: '/token', grantType: 'x' }, reply: ok() }));
    const plain = request('/plain');
    await book.find(plain);
    expect(plain.reads()).toBe(0);
    const token = request('/token', { grant_type: 'x' });
    await book.find(token);
    expect(token.reads()).toBe(1);
  });

  it('never matches the control API', async () => {
    const book = createReplyBook();
    book.add(spec({ reply: { status: 500 }, times: null }));
    expect(await book.find(request('/__mock/reset'))).toBeUndefined();
    expect(await book.find(request('/__mock'))).toBeUndefined();
    expect(await book.find(request('/__mockery'))).toBeDefined();
  });

  it('does not serve a rule twice when two requests found it before either consumed it', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { path: '/t' }, reply: ok() }));
    const [a, b] = await Promise.all([book.find(request('/t')), book.find(request('/t'))]);
    expect(a && b && [book.consume(a), book.consume(b)]).toEqual([true, false]);
  });

  it('keeps fault-shorthand rules apart from replies when clearing one source', async () => {
    const book = createReplyBook();
    book.add(spec({ reply: { status: 503 } }), 'faults');
    book.add(spec({ reply: ok() }));
    book.clear('faults');
    expect(book.list().map((r) => r.source)).toEqual(['replies']);
    expect(book.list('faults')).toEqual([]);
  });

  it('refuses with 429 when full', () => {
    const book = createReplyBook({ capacity: 2 });
    book.add(spec({ reply: ok() }));
    book.add(spec({ reply: ok() }));
    expect(() => book.add(spec({ reply: ok() }))).toThrow(OAuthError);
    try {
      book.add(spec({ reply: ok() }));
    } catch (error) {
      expect((error as OAuthError).status).toBe(429);
    }
  });

  it('releases waits on clear and close, and on abort', async () => {
    const book = createReplyBook();
    const held = book.wait(60_000);
    book.clear('faults');
    const cleared = book.wait(60_000);
    book.clear();
    expect(await Promise.all([held, cleared])).toEqual(['released', 'released']);
    const controller = new AbortController();
    const aborted = book.wait(60_000, controller.signal);
    controller.abort();
    expect(await aborted).toBe('aborted');
    expect(await book.wait(0)).toBe('elapsed');
    const pending = book.wait(60_000);
    book.close();
    expect(await pending).toBe('released');
    expect(await book.wait(60_000)).toBe('released');
  });
});

describe('reply book: query and body matching', () => {
  it('serves a rule only to requests whose query and JSON body match, reading the body only when a rule asks', async () => {
    const book = createReplyBook();
    const rule = book.add(spec({ match: { path: '/v3/chat', query: { conversation_id: 'c1' }, body: { bot_id: '7' } }, reply: ok('chat'), times: null }));
    const plain = request('/v3/chat', { bot_id: '7' }, 'POST', 'conversation_id=c2');
    expect(await book.find(plain)).toBeUndefined();
    expect(plain.reads()).toBe(0);
    expect((await book.find(request('/v3/chat', { bot_id: '7', stream: true }, 'POST', 'conversation_id=c1')))?.id).toBe(rule.id);
    expect(await book.find(request('/v3/chat', { bot_id: '8' }, 'POST', 'conversation_id=c1'))).toBeUndefined();
  });

  it('lets an exact rule step aside for a request with more in it', async () => {
    const book = createReplyBook();
    book.add(spec({ match: { path: '/v1/bots', query: { page: '1' }, exact: true }, reply: ok('one'), times: null }));
    expect((await book.find(request('/v1/bots', {}, 'GET', 'page=1')))?.reply?.body).toBe('one');
    expect(await book.find(request('/v1/bots', {}, 'GET', 'page=1&size=5'))).toBeUndefined();
  });
});

describe('reply book: bytes and held requests of one rule', () => {
  it('charges each live rule to the byte account and gives it back when the rule is used up, deleted or cleared', async () => {
    const budget = createByteAccount({ replies: 4096, scripts: 0 });
    const book = createReplyBook({ budget });
    const once = book.add(spec({ match: { path: '/once' }, reply: ok('x'.repeat(100)) }));
    const kept = book.add(spec({ match: { path: '/kept' }, reply: ok(), times: null }));
    const charged = budget.usage().replies.bytes;
    expect(charged).toBeGreaterThan(2 * 256);
    expect(() => book.add(spec({ reply: ok('y'.repeat(2000)) }))).toThrow(OAuthError);
    expect(budget.usage().replies.bytes).toBe(charged);
    expect(book.consume((await book.find(request('/once'))) ?? once)).toBe(true);
    expect(budget.usage().replies.bytes).toBeLessThan(charged);
    expect(book.delete(kept.id)).toBe(true);
    expect(budget.usage().replies.bytes).toBe(0);
    book.add(spec({ reply: ok() }));
    book.clear();
    expect(budget.usage().replies.bytes).toBe(0);
  });

  it('deleting a rule lets go of its held requests only, even once it is used up; an unknown id is false', async () => {
    const book = createReplyBook();
    const rule = book.add(spec({ match: { path: '/h' }, action: 'hang' }));
    const other = book.add(spec({ match: { path: '/o' }, action: 'hang', times: null }));
    expect(book.consume(rule)).toBe(true);
    const held = book.wait(60_000, undefined, rule);
    const otherHeld = book.wait(60_000, undefined, other);
    expect(book.delete(rule.id)).toBe(true);
    expect(await held).toBe('released');
    expect(book.delete(rule.id)).toBe(false);
    expect(book.delete('reply_999')).toBe(false);
    book.close();
    expect(await otherHeld).toBe('released');
  });
});

describe('reply rule schema', () => {
  it('defaults times to 1 and delayMs to 0, and wants exactly one of reply and action', () => {
    expect(spec({ reply: ok() })).toMatchObject({ times: 1, delayMs: 0, match: {} });
    expect(replyRuleBody.safeParse({ match: {} }).success).toBe(false);
    expect(replyRuleBody.safeParse({ reply: ok(), action: 'drop' }).success).toBe(false);
    expect(replyRuleBody.safeParse({ action: 'hang', times: null }).success).toBe(true);
  });

  it('refuses headers a Response could not carry', () => {
    expect(replyRuleBody.safeParse({ reply: { status: 200, headers: { 'x-ok': 'a' } } }).success).toBe(true);
    expect(replyRuleBody.safeParse({ reply: { status: 200, headers: { 'bad name': 'a' } } }).success).toBe(false);
    expect(replyRuleBody.safeParse({ reply: { status: 200, headers: { 'x-a': 'a\r\nb' } } }).success).toBe(false);
    expect(replyRuleBody.safeParse({ reply: { status: 200, headers: { 'x-a': 'a\tb "c"' } } }).success).toBe(true);
    expect(replyRuleBody.safeParse({ reply: { status: 200, headers: { 'x-a': 'caf\u00e9' } } }).success).toBe(false);
    expect(replyRuleBody.safeParse({ reply: { status: 200, headers: { 'X-Upgrade-Note': 'a', 'Content-Type': 'text/x' } } }).success).toBe(true);
    const framing = replyRuleBody.safeParse({ reply: { status: 200, headers: { 'Content-Length': '1', te: 'trailers', 'x-a': 'a' } } });
    expect(framing.error?.issues[0]?.message).toBe("Content-Length, te: framing headers are the server's to set");
  });
});
