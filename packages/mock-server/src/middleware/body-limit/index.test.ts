import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createMockApp } from '../../app.js';
import { startMockServer, type RunningMockServer } from '../../server.js';

let server: RunningMockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends a chunked body (no Content-Length) of `size` bytes. */
function postChunked(url: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = 'x'.repeat(1024);
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('bodyLimit', () => {
  it('refuses a declared oversize body with a Coze-shaped 413 before any route runs', async () => {
    const app = createMockApp({ bodyLimitBytes: 2048 });
    const res = await app.request('/api/permission/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '4096' },
      body: 'x'.repeat(4096),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
    const api = await app.request('/v1/users/me', { method: 'POST', headers: { 'content-length': '4096' }, body: 'x'.repeat(4096) });
    expect(api.status).toBe(413);
    expect(await api.json()).toMatchObject({ code: 4000 });
  });

  it('cuts off a chunked body as it passes the limit', async () => {
    server = await startMockServer({ bodyLimitBytes: 4096 });
    const res = await postChunked(`${server.url}/api/permission/oauth2/token`, 64 * 1024);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('4096') });
    const small = await postChunked(`${server.url}/api/permission/oauth2/token`, 1024);
    expect(small.status).toBe(400); // parsed, then refused as not JSON: the limit let it through
  });
});
