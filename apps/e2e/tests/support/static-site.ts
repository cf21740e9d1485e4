import type { IncomingMessage, RequestListener } from 'node:http';

/** A site made of HTML pages the test writes, recording every request it gets. */
export interface StaticSite {
  /** Serves `html` at `path` from now on. */
  page(path: string, html: string): void;
  /** Every request received, as URL paths with their query (e.g. `/callback?code=…&state=…`). */
  readonly requests: string[];
  listener: RequestListener;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A client app's callback page: shows the query it was sent, escaped. */
function callbackPage(request: IncomingMessage): string {
  const params = new URL(request.url ?? '/', 'http://x').searchParams;
  const rows = [...params].map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd data-param="${escapeHtml(k)}">${escapeHtml(v)}</dd>`);
  return `<!doctype html><title>Callback</title><h1>Callback received</h1><dl>${rows.join('')}</dl>`;
}

/**
 * A test site on loopback: a client app's `/callback`, or an attacker's pages on another origin.
 *
 * @example
 * const site = createStaticSite();
 * server.handle(site.listener);
 * site.page('/evil', '<form …>');
 */
export function createStaticSite(): StaticSite {
  const pages = new Map<string, string>();
  const requests: string[] = [];
  return {
    page: (path, html) => void pages.set(path, html),
    requests,
    listener: (request, response) => {
      requests.push(request.url ?? '/');
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const html = pages.get(path) ?? (path === '/callback' ? callbackPage(request) : undefined);
      response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html ?? 'not found');
    },
  };
}
