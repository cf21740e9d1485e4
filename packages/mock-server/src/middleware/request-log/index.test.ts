import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createMockApp } from '../../app.js';
import { createClock } from '../../clock.js';
import { startMockServer } from '../../server.js';
import { newLogid } from './index.js';

/** Sends the head of a POST that promises `declared` bytes, a few of them, then hangs up. */
function abortMidBody(port: number, path: string, headers: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}\r\n{"grant_`);
      setImmediate(() => socket.destroy());
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

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

describe('aborted requests', () => {
  it.each([
    ['a declared length', 'Content-Type: application/json\r\nContent-Length: 1000\r\n'],
    ['a chunked body', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n9'],
  ])('journals a client that hangs up mid-body (%s) as aborted, 499, and reports no error', async (_name, headers) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = await startMockServer();
    try {
      await abortMidBody(server.port, '/api/permission/oauth2/token', headers.replace(/\r\n\r\n9$/, '\r\n\r\n9\r\n'));
      await vi.waitFor(() => expect(server.app.mock.journal.entries()).toHaveLength(1));
      expect(server.app.mock.journal.entries()[0]).toMatchObject({ aborted: true, status: 499, path: '/api/permission/oauth2/token' });
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      await server.close();
    }
  });
});
