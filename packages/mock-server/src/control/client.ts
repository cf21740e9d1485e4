import type { Deviation } from '../deviations.js';
import type { FaultRule } from '../faults.js';
import type { PublicFixtures } from '../fixtures/types.js';
import type { JournalEntry } from '../journal.js';

/** What a finished consent looks like from the client app's side: where the browser was sent. */
export interface ConsentResult {
  /** The full redirect, e.g. `http://127.0.0.1:8080/callback?code=code_…&state=xyz`. */
  location: string;
  code?: string;
  state?: string;
  error?: string;
}

/** A typed client for the `/__mock` control API, usable from any test runner (it only needs `fetch`). */
export interface ControlClient {
  fixtures(): Promise<PublicFixtures>;
  reset(): Promise<void>;
  clock(): Promise<{ now: number; nowSeconds: number; iso: string; frozen: boolean }>;
  advanceClock(seconds: number): Promise<{ now: number; nowSeconds: number }>;
  setClock(instant: number | Date): Promise<{ now: number; nowSeconds: number }>;
  /** Drops every `advanceClock`/`setClock`: back to the wall clock (or the frozen start). */
  resetClock(): Promise<{ now: number; nowSeconds: number }>;
  approveDevice(userCode: string): Promise<void>;
  denyDevice(userCode: string): Promise<void>;
  /** Requests the mock answered, oldest first; `since` is a sequence number (`seq` of an earlier entry). */
  journal(filter?: { path?: string; since?: number }): Promise<JournalEntry[]>;
  addFault(rule: { pathPrefix?: string; method?: string; status: 429 | 500 | 503; count?: number; delayMs?: number }): Promise<FaultRule>;
  clearFaults(): Promise<void>;
  setDeviations(enable: Deviation[]): Promise<void>;
  introspect(token: string): Promise<{ active: boolean; [key: string]: unknown }>;
  /**
   * Plays the person at the consent page over plain HTTP, as a browser would: follows the authorize URL to the
   * consent page, keeps its cookie, and posts the form with Authorize or Deny.
   */
  completeConsent(authorizeUrl: string, decision?: 'approve' | 'deny'): Promise<ConsentResult>;
}

async function call<T>(baseURL: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseURL}/__mock${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`coze-mock control ${method} ${path} failed: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const hiddenField = (page: string, name: string): string | undefined =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1]?.replace(/&amp;/g, '&');

/**
 * @example
 * const control = createControlClient(server.url);
 * const { url, codeVerifier } = await getPKCEAuthenticationUrl({ baseURL: server.url, clientId, redirectUrl });
 * const { code } = await control.completeConsent(url);
 */
export function createControlClient(baseURL: string): ControlClient {
  const base = baseURL.replace(/\/+$/, '');
  return {
    fixtures: () => call(base, 'GET', '/fixtures'),
    reset: () => call(base, 'POST', '/reset'),
    clock: () => call(base, 'GET', '/clock'),
    advanceClock: (seconds) => call(base, 'POST', '/clock', { advanceSeconds: seconds }),
    setClock: (instant) => call(base, 'POST', '/clock', { set: instant instanceof Date ? instant.getTime() : instant }),
    resetClock: () => call(base, 'POST', '/clock', { reset: true }),
    approveDevice: (userCode) => call(base, 'POST', '/device/approve', { user_code: userCode }),
    denyDevice: (userCode) => call(base, 'POST', '/device/deny', { user_code: userCode }),
    journal: async (filter = {}) => {
      const query = new URLSearchParams();
      if (filter.path) query.set('path', filter.path);
      if (filter.since !== undefined) query.set('since', String(filter.since));
      return (await call<{ entries: JournalEntry[] }>(base, 'GET', `/journal?${query}`)).entries;
    },
    addFault: async (rule) => (await call<{ fault: FaultRule }>(base, 'POST', '/faults', rule)).fault,
    clearFaults: () => call(base, 'DELETE', '/faults'),
    setDeviations: (enable) => call(base, 'PUT', '/deviations', { enable }),
    introspect: (token) => call(base, 'POST', '/introspect', { token }),
    async completeConsent(authorizeUrl, decision = 'approve') {
      const start = await fetch(authorizeUrl, { redirect: 'manual' });
      const consentPath = start.headers.get('location');
      if (start.status !== 302 || !consentPath) {
        throw new Error(`authorize did not lead to the consent page (HTTP ${start.status}): ${await start.text()}`);
      }
      const consentUrl = new URL(consentPath, authorizeUrl);
      if (!consentUrl.pathname.startsWith('/oauth/consent')) return resultOf(consentUrl.toString());
      const page = await fetch(consentUrl, { redirect: 'manual' });
      const html = await page.text();
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const form = new URLSearchParams({
        authorize_key: hiddenField(html, 'authorize_key') ?? '',
        csrf_token: hiddenField(html, 'csrf_token') ?? '',
        decision,
      });
      const posted = await fetch(new URL('/oauth/consent', consentUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: consentUrl.origin },
        body: form.toString(),
      });
      const location = posted.headers.get('location');
      if (posted.status !== 302 || !location) throw new Error(`consent was refused (HTTP ${posted.status})`);
      return resultOf(location);
    },
  };
}

function resultOf(location: string): ConsentResult {
  const params = new URL(location).searchParams;
  const code = params.get('code');
  const state = params.get('state');
  const error = params.get('error');
  return { location, ...(code ? { code } : {}), ...(state !== null ? { state } : {}), ...(error ? { error } : {}) };
}
