import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { MockContext, MockEnv } from '../context.js';
import { PAGES_PREFIX } from '../endpoints.js';
import { randomToken } from '../state/index.js';

/**
 * Cross-site request forgery protection for the consent and device forms. A POST must carry
 * 1. the anti-forgery token embedded in the page the server rendered (single use), and
 * 2. the cookie set with that page (HttpOnly, SameSite=Lax: a cross-site POST does not carry it),
 * and must not announce itself as cross-site (`Origin`, `Sec-Fetch-Site`). A plain HTTP client passes by doing what a
 * browser does: GET the page, keep the cookie, POST the form.
 */

const COOKIE = 'coze_mock_form';
const TOKEN_SECONDS = 15 * 60;

/** Issues a form token bound to this browser's cookie (set on first visit, reused after). */
export function issueFormToken(c: Context<MockEnv>, mock: MockContext, purpose: string): string {
  let binding = getCookie(c, COOKIE);
  if (!binding || !/^[A-Za-z0-9]{32}$/.test(binding)) {
    binding = randomToken(32);
    // Scoped to this mock's pages: a sandbox's cookie never reaches another sandbox.
    setCookie(c, COOKIE, binding, { httpOnly: true, sameSite: 'Lax', path: `${mock.options.basePath}${PAGES_PREFIX}` });
  }
  const token = randomToken(40);
  mock.store.formTokens.add(token, { binding, purpose, expiresAtMs: mock.clock.now() + TOKEN_SECONDS * 1000 });
  return token;
}

/** Why a form POST was refused, for the error page. */
export class ForgedFormError extends Error {
  override name = 'ForgedFormError';
}

/** Checks and consumes a form token; throws {@link ForgedFormError} if the POST cannot be trusted. */
export function consumeFormToken(c: Context<MockEnv>, mock: MockContext, purpose: string, token: string | undefined): void {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') throw new ForgedFormError('cross-site form submission');
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin && !mock.origins.isOwnOrigin(origin)) {
    throw new ForgedFormError('form posted from another origin');
  }
  if (!token) throw new ForgedFormError('missing anti-forgery token');
  const record = mock.store.formTokens.get(token);
  if (!record || record.purpose !== purpose) throw new ForgedFormError('unknown or expired anti-forgery token');
  if (getCookie(c, COOKIE) !== record.binding) throw new ForgedFormError('anti-forgery cookie missing or does not match');
  mock.store.formTokens.delete(token);
}
