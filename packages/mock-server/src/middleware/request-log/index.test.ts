import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../app.js';
import { createClock } from '../../clock.js';
import { newLogid } from './index.js';

const T0 = Date.UTC(2026, 0, 1, 12, 34, 56, 789);

describe('requestLog', () => {
  it('formats the log id from the mock clock, to the millisecond, then 15 hex digits', () => {
    expect(newLogid(T0)).toMatch(/^20260101123456789[0-9A-F]{15}$/);
    expect(newLogid(T0)).not.toBe(newLogid(T0));
  });

  it('keeps 17 digits for years beyond 9999', () => {
    expect(newLogid(8.64e15)).toMatch(/^\d{17}[0-9A-F]{15}$/);
  });

  it('answers X-Tt-Logid and journals the request with the same id', async () => {
    const app = createMockApp({ clock: createClock({ frozenAt: T0 }) });
    const res = await app.request('/v1/users/me?x=1', { headers: { 'user-agent': 'ua/1' } });
    const logid = res.headers.get('x-tt-logid');
    expect(logid).toMatch(/^20260101123456789/);
    const [entry] = app.mock.journal.entries();
    expect(entry).toMatchObject({ logid, path: '/v1/users/me', query: '?x=1', status: 401, error: 4100, userAgent: 'ua/1', at: T0 });
  });

  it('leaves control API calls out of the journal', async () => {
    const app = createMockApp();
    await app.request('/__mock/fixtures');
    expect(app.mock.journal.entries()).toEqual([]);
  });
});
