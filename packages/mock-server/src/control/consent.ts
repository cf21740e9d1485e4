/** What a finished consent looks like from the client app's side: where the browser was sent. */
export interface ConsentResult {
  /** The full redirect, e.g. `http://127.0.0.1:8080/callback?code=code_…&state=xyz`. */
  location: string;
  code?: string;
  state?: string;
  error?: string;
}

const hiddenField = (page: string, name: string): string | undefined =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1]?.replace(/&amp;/g, '&');

/**
 * Plays the person at the consent page over plain HTTP, as a browser would: follows the authorize URL to the consent
 * page (under a sandbox's prefix too), keeps its cookie, and posts the form with Authorize or Deny.
 *
 * @example
 * const { code } = await completeConsent(url, 'approve');
 */
export async function completeConsent(authorizeUrl: string, decision: 'approve' | 'deny' = 'approve'): Promise<ConsentResult> {
  const start = await fetch(authorizeUrl, { redirect: 'manual' });
  const consentPath = start.headers.get('location');
  if (start.status !== 302 || !consentPath) {
    throw new Error(`authorize did not lead to the consent page (HTTP ${start.status}): ${await start.text()}`);
  }
  const consentUrl = new URL(consentPath, authorizeUrl);
  if (!consentUrl.pathname.endsWith('/oauth/consent')) return resultOf(consentUrl.toString());
  const page = await fetch(consentUrl, { redirect: 'manual' });
  const html = await page.text();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const form = new URLSearchParams({
    authorize_key: hiddenField(html, 'authorize_key') ?? '',
    csrf_token: hiddenField(html, 'csrf_token') ?? '',
    decision,
  });
  const posted = await fetch(new URL(consentUrl.pathname, consentUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: consentUrl.origin },
    body: form.toString(),
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`consent was refused (HTTP ${posted.status})`);
  return resultOf(location);
}

function resultOf(location: string): ConsentResult {
  const params = new URL(location).searchParams;
  const code = params.get('code');
  const state = params.get('state');
  const error = params.get('error');
  return { location, ...(code ? { code } : {}), ...(state !== null ? { state } : {}), ...(error ? { error } : {}) };
}
