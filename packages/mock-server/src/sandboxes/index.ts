import type { Context } from 'hono';
import { oauthErrors } from '../errors.js';
import { randomToken } from '../state/index.js';

/**
 * Sandboxes (`POST /__mock/sandboxes`): complete, independent mocks served by the same server under
 * `/__sandbox/{id}`. Each is a whole mock app (own fixtures layer, state, clock, replies, journal) built by the same
 * factory as the top-level one with a `basePath`, so test files sharing one server never see each other's `reset`.
 */

/** The URL prefix a sandbox is served under. */
export const SANDBOX_PREFIX = '/__sandbox';

/** The smallest surface of a mock app a sandbox needs: answer requests, forget state, release held requests. */
export interface SandboxApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  close(): void;
}

export interface Sandbox<A extends SandboxApp> {
  id: string;
  /** `/__sandbox/{id}`. */
  basePath: string;
  app: A;
}

/**
 * @example
 * const sandboxes = createSandboxes((basePath, seed) => createMockApp({ basePath, seed }), { capacity: 50 });
 * const { id, basePath } = sandboxes.create();
 * app.all(`${SANDBOX_PREFIX}/*`, (c) => sandboxes.dispatch(c));
 */
export interface Sandboxes<A extends SandboxApp> {
  /** Throws a 429 error when `capacity` sandboxes are live. */
  create(seed?: string): Sandbox<A>;
  get(id: string): Sandbox<A> | undefined;
  list(): Sandbox<A>[];
  delete(id: string): boolean;
  /** Forwards a `/__sandbox/{id}/…` request to its sandbox with the prefix stripped; undefined for an unknown id. */
  dispatch(c: Context): Promise<Response> | Response | undefined;
  /** Closes and forgets every sandbox (server shutdown). */
  closeAll(): void;
}

const PATH = new RegExp(`^${SANDBOX_PREFIX}/([A-Za-z0-9_]{1,64})(/.*)?$`);

export function createSandboxes<A extends SandboxApp>(build: (basePath: string, seed: string | undefined) => A, options: { capacity?: number } = {}): Sandboxes<A> {
  const capacity = options.capacity ?? 50;
  const live = new Map<string, Sandbox<A>>();
  return {
    create(seed) {
      if (live.size >= capacity) throw oauthErrors.capacity(`sandboxes (at most ${capacity} live)`);
      const id = `sb_${randomToken(16)}`;
      const basePath = `${SANDBOX_PREFIX}/${id}`;
      const sandbox = { id, basePath, app: build(basePath, seed) };
      live.set(id, sandbox);
      return sandbox;
    },
    get: (id) => live.get(id),
    list: () => [...live.values()],
    delete(id) {
      const sandbox = live.get(id);
      if (!sandbox) return false;
      live.delete(id);
      sandbox.app.close();
      return true;
    },
    dispatch(c) {
      const url = new URL(c.req.url);
      const match = PATH.exec(url.pathname);
      const sandbox = match ? live.get(match[1] as string) : undefined;
      if (!sandbox) return undefined;
      url.pathname = match?.[2] ?? '/';
      const raw = c.req.raw;
      const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
      const forwarded = new Request(url, {
        method: raw.method,
        headers: raw.headers,
        signal: raw.signal,
        redirect: 'manual',
        ...(hasBody ? { body: raw.body, duplex: 'half' } : {}),
      } as RequestInit);
      return sandbox.app.fetch(forwarded, c.env);
    },
    closeAll() {
      for (const sandbox of live.values()) sandbox.app.close();
      live.clear();
    },
  };
}
