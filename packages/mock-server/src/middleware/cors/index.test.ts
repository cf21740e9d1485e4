import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../app.js';

describe('cors', () => {
  it('allows loopback origins and configured ones, and exposes X-Tt-Logid', async () => {
    const app = createMockApp({ corsOrigins: ['https://spa.example'] });
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'https://spa.example']) {
      const res = await app.request('/v1/users/me', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-expose-headers')).toBe('X-Tt-Logid');
    }
  });

  it('answers a preflight with the allowed methods and headers', async () => {
    const app = createMockApp();
    const res = await app.request('/api/permission/oauth2/token', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('covers the chat endpoints (/v3) for an SPA that chats after login', async () => {
    const app = createMockApp();
    const preflight = await app.request('/v3/chat', { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const chat = await app.request('/v3/chat/retrieve', { headers: { origin: 'http://localhost:5173' } });
    expect(chat.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('gives other origins nothing', async () => {
    const app = createMockApp();
    const res = await app.request('/v1/users/me', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads corsOrigins from the config file too', async () => {
    const app = createMockApp({ config: { corsOrigins: ['https://from-file.example'] } });
    const res = await app.request('/v1/users/me', { headers: { origin: 'https://from-file.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://from-file.example');
  });
});
