/**
 * Issue 17 finding 6 as the test that failed before its fix: caps counted entries, not bytes. A reply rule with a
 * 60 KB body held about a megabyte, and a thousand of them fit in every mock; the journal kept every raw body, so a
 * thousand unauthenticated 64 KiB requests added about 100 MiB to it. Now each mock has byte budgets: reply rules and
 * bot scripts beyond theirs get a 429 (and fit again once deleted), and the journal keeps bodies up to 4 KiB with
 * their size.
 */
import { describe, expect, it } from 'vitest';
import type { MockApp } from '../../src/app.js';
import { DEVICE_CODE_PATH, newMock, postJson } from '../helpers.js';
import { expectCapRefusal } from './support.js';

/** A rule whose reply body is about 60 KB of small objects (the case). */
const heavyRule = (path: string) => ({ match: { path }, reply: { status: 200, body: Array.from({ length: 6000 }, (_, i) => ({ i })) }, times: null });

/** Adds heavy rules to `base` until one is refused (at most `tries`); the statuses. */
async function fillReplies(app: MockApp, base: string, tries: number): Promise<Response[]> {
  const replies: Response[] = [];
  for (let i = 0; i < tries; i++) {
    const res = await postJson(app, `${base}/__mock/replies`, heavyRule(`/v1/heavy/${i}`));
    replies.push(res);
    if (res.status !== 201) break;
  }
  return replies;
}

describe('finding 6: byte budgets per mock', () => {
  it('heavy reply rules are refused with 429 long before a thousand; deleting one makes room; reset frees them all', async () => {
    const app = newMock();
    const replies = await fillReplies(app, '', 200);
    const refused = replies.at(-1) as Response;
    await expectCapRefusal(refused);
    const stored = app.mock.replies.list();
    expect(stored.length).toBe(replies.length - 1);
    expect(stored.length).toBeLessThan(100);
    // The budget's own account of it.
    expect(app.mock.budget.usage().replies.bytes).toBeLessThanOrEqual(app.mock.budget.usage().replies.limit);

    expect((await app.request(`/__mock/replies/${stored[0]?.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await postJson(app, '/__mock/replies', heavyRule('/v1/again'))).status).toBe(201);
    await app.request('/__mock/reset', { method: 'POST' });
    expect(app.mock.budget.usage().replies.bytes).toBe(0);
    expect((await fillReplies(app, '', 2)).map((res) => res.status)).toEqual([201, 201]);
  });

  it('a used-up rule gives its bytes back', async () => {
    const app = newMock();
    const res = await postJson(app, '/__mock/replies', { ...heavyRule('/v1/once'), times: 1 });
    expect(res.status).toBe(201);
    expect(app.mock.budget.usage().replies.bytes).toBeGreaterThan(0);
    expect((await app.request('/v1/once')).status).toBe(200);
    expect(app.mock.budget.usage().replies.bytes).toBe(0);
  });

  it('each sandbox has a budget of its own: filling one leaves the root and the others room', async () => {
    const app = newMock();
    const create = async () => ((await (await postJson(app, '/__mock/sandboxes', {})).json()) as { id: string }).id;
    const [a, b] = [await create(), await create()];
    const inA = await fillReplies(app, `/__sandbox/${a}`, 200);
    await expectCapRefusal(inA.at(-1) as Response);
    expect((await postJson(app, `/__sandbox/${b}/__mock/replies`, heavyRule('/v1/x'))).status).toBe(201);
    expect((await postJson(app, '/__mock/replies', heavyRule('/v1/x'))).status).toBe(201);
  });

  it('bot scripts have their own budget: heavy ones are refused with 429, a reset frees them', async () => {
    const app = newMock();
    const botId = app.mock.fixtures.bots[0]?.id as string;
    const script = { answer: 'a'.repeat(60_000), times: null };
    const statuses: number[] = [];
    for (let i = 0; i < 200 && statuses.at(-1) !== 429; i++) {
      const res = await postJson(app, `/__mock/bots/${botId}/script`, script);
      statuses.push(res.status);
      if (res.status === 429) await expectCapRefusal(res);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.length).toBeLessThan(100);
    expect(app.mock.budget.usage().scripts.bytes).toBeLessThanOrEqual(app.mock.budget.usage().scripts.limit);
    // Scripted replies are a budget of their own: still room there.
    expect((await postJson(app, '/__mock/replies', heavyRule('/v1/x'))).status).toBe(201);
    await app.request('/__mock/reset', { method: 'POST' });
    expect(app.mock.budget.usage().scripts.bytes).toBe(0);
    expect((await postJson(app, `/__mock/bots/${botId}/script`, script)).status).toBe(201);
  });

  it('the journal keeps the size of a large body and at most 4 KiB of it: 300 × 60 KiB requests leave it small and readable', async () => {
    const app = newMock();
    const body = JSON.stringify({ client_id: 'nobody', pad: 'p'.repeat(60 * 1024) });
    for (let i = 0; i < 300; i++) await postJson(app, DEVICE_CODE_PATH, body);
    const res = await app.request('/__mock/journal');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.length).toBeLessThan(512 * 1024);
    const { entries } = JSON.parse(text) as { entries: Record<string, unknown>[] };
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toMatchObject({ path: DEVICE_CODE_PATH, bodyBytes: Buffer.byteLength(body), bodyTruncated: true });
      expect(entry.body).toBeUndefined();
    }
    expect(app.mock.journal.bytes()).toBeLessThanOrEqual(app.mock.options.limits.journalBytes);
  });
});
