import { describe, expect, it } from 'vitest';
import { createMockApp } from './app.js';
import { estimateRetainedBytes } from './budget.js';
import { createJournal, issuedBytes, redactQuery, type JournalRecord } from './journal.js';
import { isCredentialName } from './credentials.js';

const FIELDS = ['access_token', 'refresh_token', 'client_secret', 'code', 'code_verifier', 'device_code', 'assertion', 'token'];

describe('journal redaction', () => {
  it.each(FIELDS)('redacts %s in a query string', async (field) => {
    expect(isCredentialName(field)).toBe(true);
    const app = createMockApp();
    await app.request(`/api/permission/oauth2/token?${field}=s3cret-value&state=kept`, { method: 'POST' });
    const [entry] = app.mock.journal.entries();
    expect(entry?.query).toBe(`?${field}=[redacted]&state=kept`);
    expect(JSON.stringify(entry)).not.toContain('s3cret-value');
  });

  it.each(FIELDS)('redacts %s in a JSON body', async (field) => {
    const app = createMockApp();
    await app.request('/api/permission/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', client_id: 'c', [field]: 's3cret-value' }),
    });
    const [entry] = app.mock.journal.entries();
    expect(entry?.body).toMatchObject({ grant_type: 'refresh_token', client_id: 'c', [field]: '[redacted]' });
    expect(JSON.stringify(entry)).not.toContain('s3cret-value');
  });

  it.each(FIELDS)('redacts %s in a form body', async (field) => {
    const app = createMockApp();
    await app.request('/oauth/device', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'approve', [field]: 's3cret-value' }).toString(),
    });
    const [entry] = app.mock.journal.entries();
    expect(entry?.body).toMatchObject({ decision: 'approve', [field]: '[redacted]' });
    expect(JSON.stringify(entry)).not.toContain('s3cret-value');
  });

  it('redacts the Authorization and Cookie headers, keeping the scheme and cookie names', async () => {
    const app = createMockApp();
    await app.request('/v1/users/me', { headers: { authorization: 'Bearer pat_s3cret-value', cookie: 'coze_mock_form=s3cret-value; other=s3cret-value' } });
    const [entry] = app.mock.journal.entries();
    expect(entry?.headers).toMatchObject({ authorization: 'Bearer [redacted]', cookie: 'coze_mock_form=[redacted]; other=[redacted]' });
    expect(JSON.stringify(entry)).not.toContain('s3cret-value');
  });

  it('redacts credentials in any case and at any depth of a JSON body, and in any case in a query', async () => {
    const app = createMockApp();
    await app.request('/api/permission/oauth2/token?Access_Token=s3cret-value&state=kept', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Refresh_Token: 's3cret-value', nested: { code: 's3cret-value', list: [{ token: 's3cret-value' }] }, kept: 1 }),
    });
    const [entry] = app.mock.journal.entries();
    expect(entry?.query).toBe('?Access_Token=[redacted]&state=kept');
    expect(entry?.body).toEqual({ Refresh_Token: '[redacted]', nested: { code: '[redacted]', list: [{ token: '[redacted]' }] }, kept: 1 });
    expect(JSON.stringify(entry)).not.toContain('s3cret-value');
  });

  it('keeps a query without credentials as sent', () => {
    expect(redactQuery('')).toBe('');
    expect(redactQuery('?workspace_id=1&page_num=2')).toBe('?workspace_id=1&page_num=2');
    expect(redactQuery('?code=a&code=b')).toBe('?code=[redacted]');
  });
});

describe('journal filters', () => {
  it('filters by grant type and sequence number', async () => {
    const app = createMockApp();
    const post = (body: object) =>
      app.request('/api/permission/oauth2/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post({ grant_type: 'refresh_token' });
    await post({ grant_type: 'authorization_code' });
    await post({ grant_type: 'refresh_token' });
    expect(app.mock.journal.entries({ grantType: 'refresh_token' }).map((e) => e.seq)).toEqual([1, 3]);
    expect(app.mock.journal.entries({ since: 2 }).map((e) => e.seq)).toEqual([3]);
    expect(app.mock.journal.lastSeq()).toBe(3);
  });
});

describe('journal waitFor', () => {
  const record = (path: string, grantType?: string): JournalRecord => ({
    at: 0, method: 'POST', path, query: '', status: 200, logid: 'l', grantType, clientId: undefined, error: undefined,
    authorization: undefined, contentType: undefined, cookie: undefined, userAgent: undefined, bodyText: undefined, aborted: false, durationMs: 0,
  });

  it('answers at once when a matching entry exists, else as soon as one is recorded', async () => {
    const journal = createJournal();
    journal.record(record('/a'));
    expect(await journal.waitFor({ path: '/a' }, 60_000)).toHaveLength(1);
    const waiting = journal.waitFor({ path: '/t', grantType: 'refresh_token' }, 60_000);
    journal.record(record('/t', 'authorization_code'));
    journal.record(record('/t', 'refresh_token'));
    expect((await waiting).map((e) => e.grantType)).toEqual(['refresh_token']);
  });

  it('answers empty when the time is up, the caller aborts or the journal closes', async () => {
    const journal = createJournal();
    expect(await journal.waitFor({ path: '/never' }, 1)).toEqual([]);
    const controller = new AbortController();
    const aborted = journal.waitFor({ path: '/never' }, 60_000, controller.signal);
    controller.abort();
    const closed = journal.waitFor({ path: '/never' }, 60_000);
    journal.close();
    expect(await Promise.all([aborted, closed])).toEqual([[], []]);
  });
});

describe('journal byte budget', () => {
  it('charges a token reply exactly what estimateRetainedBytes would, with and without a refresh token', () => {
    const access = { access_token: 'czu_' + 'a'.repeat(64), expires_in: 1_800_000_000 };
    const pair = { ...access, refresh_token: 'r'.repeat(72) };
    expect(issuedBytes(access)).toBe(estimateRetainedBytes(access));
    expect(issuedBytes(pair)).toBe(estimateRetainedBytes(pair));
  });

  const record = (bodyText: string | undefined, jwt?: JournalRecord['jwt']): JournalRecord => ({
    at: 0, method: 'POST', path: '/t', query: '', status: 200, logid: 'l', grantType: undefined, clientId: undefined, error: undefined,
    authorization: undefined, contentType: 'application/json', cookie: undefined, userAgent: undefined, bodyText, aborted: false, durationMs: 0, jwt,
  });

  it('counts strings, cut bodies and decoded JWTs, and lets the oldest entries go beyond maxBytes', () => {
    const journal = createJournal({ maxBytes: 64 * 1024 });
    journal.record(record('{"a":1}'));
    const small = journal.bytes();
    journal.record(record(`{"pad":"${'x'.repeat(100_000)}"}`));
    // Cut to 4 KiB: it costs about that, not 100 KB.
    expect(journal.bytes() - small).toBeLessThan(5000);
    const [, cut] = journal.entries();
    expect(cut).toMatchObject({ bodyBytes: 100_010, bodyTruncated: true });
    expect(cut?.body).toBeUndefined();
    const claims = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`c${i}`, 'v'.repeat(20)]));
    journal.record(record(undefined, { header: { alg: 'RS256' }, claims, verdict: { verified: false, reason: 'x' } }));
    expect(journal.bytes() - small).toBeGreaterThan(10_000);
    for (let i = 0; i < 100; i++) journal.record(record(`{"pad":"${'y'.repeat(3000)}"}`));
    expect(journal.bytes()).toBeLessThanOrEqual(64 * 1024);
    const kept = journal.entries();
    expect(kept.length).toBeLessThan(30);
    expect(kept.at(-1)?.seq).toBe(journal.lastSeq());
  });
});
