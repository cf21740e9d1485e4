import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { MockEnv } from '../context.js';

/**
 * The page shell shared by the consent, device and error pages. Every value goes through hono's `html` template,
 * which escapes interpolations, so a `<script>` in `state` or an app name is shown as text.
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// A constant of ours, inserted raw: escaping it would turn its quotes into &quot; and void the declarations that use them.
const STYLE = `
:root { color-scheme: light; --brand: #4d53e8; --brand-dark: #3a3fc4; --ink: #1d1c23; --muted: #5f5f6b; --line: #e3e3ea; --bad: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: var(--ink); background: #f4f5fb; }
main { max-width: 440px; margin: 48px auto; padding: 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 28px; box-shadow: 0 2px 12px rgba(20, 20, 60, .06); }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 600; margin-bottom: 20px; color: var(--brand); }
.brand svg { flex: none; }
.mock-tag { margin-left: auto; font-size: 12px; font-weight: 500; color: var(--muted); border: 1px solid var(--line); border-radius: 999px; padding: 2px 8px; }
h1 { font-size: 20px; margin: 0 0 12px; line-height: 1.3; overflow-wrap: anywhere; }
p { margin: 8px 0; color: var(--muted); overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 12px; margin: 16px 0; font-size: 14px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
ul.perms { list-style: none; padding: 0; margin: 8px 0 16px; font-size: 14px; }
ul.perms li { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; padding: 8px 0; border-top: 1px solid var(--line); }
ul.perms li:last-child { border-bottom: 1px solid var(--line); }
ul.perms li::before { content: "✓"; color: var(--brand); font-weight: 700; }
ul.perms code { margin-left: auto; font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); }
label { display: block; font-weight: 600; margin: 16px 0 6px; }
input[type=text] { width: 100%; font: 600 22px/1.2 ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: .12em; text-transform: uppercase; padding: 10px 12px; border: 1px solid #b9b9c6; border-radius: 8px; }
input[type=text]:focus-visible, button:focus-visible { outline: 3px solid #9ea2ff; outline-offset: 2px; }
.hint { font-size: 13px; color: var(--muted); margin-top: 4px; }
.actions { display: flex; gap: 12px; margin-top: 24px; flex-wrap: wrap; }
button { flex: 1 1 140px; font: inherit; font-weight: 600; padding: 10px 16px; border-radius: 8px; cursor: pointer; border: 1px solid var(--line); background: #fff; color: var(--ink); min-height: 44px; }
button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
button.primary:hover { background: var(--brand-dark); }
.notice { border-radius: 8px; padding: 12px 14px; margin: 12px 0; font-size: 14px; }
.notice.error { background: #fdecea; color: #7a1f16; border: 1px solid #f5c6c0; }
.notice.ok { background: #e9f7ef; color: #1e5631; border: 1px solid #bfe5cc; }
footer { text-align: center; font-size: 12px; color: var(--muted); margin-top: 16px; }
`;

const LOGO = html`<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true"><rect width="28" height="28" rx="8" fill="#4d53e8"/><path d="M8 14a6 6 0 0 1 10.2-4.3l-2 2A3.2 3.2 0 1 0 16.2 16l2 2A6 6 0 0 1 8 14z" fill="#fff"/></svg>`;

/** Renders a full page. `formActionOrigins` widens CSP form-action: the consent POST redirects to the client. */
export function renderPage(
  c: Context<MockEnv>,
  page: { title: string; body: Html; status?: 200 | 400 | 403 | 404 | 410; formActionOrigins?: string[] },
): Response | Promise<Response> {
  const formAction = ["'self'", ...(page.formActionOrigins ?? [])].join(' ');
  // Never framed (clickjacking on Approve), no script at all, styles inline only.
  c.header('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`);
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  // Not `no-referrer`: with it a browser sends `Origin: null` on the page's own form POST, which form-guard refuses.
  // `same-origin` keeps the page's URL (authorize_key, user_code) from leaking to other sites all the same.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
  return c.html(
    html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Coze (mock)</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<div class="card">
<div class="brand">${LOGO}<span>Coze</span><span class="mock-tag">local mock</span></div>
${page.body}
</div>
<footer>Served by coze-mock on this machine. No data leaves it.</footer>
</main>
</body>
</html>`,
    page.status ?? 200,
  );
}

/** An error page that never redirects (unknown client, unregistered redirect_uri, bad device code …). */
export function renderErrorPage(c: Context<MockEnv>, title: string, message: string, status: 400 | 403 | 404 | 410 = 400) {
  return renderPage(c, {
    title,
    status,
    body: html`<h1>${title}</h1><div class="notice error" role="alert">${message}</div>`,
  });
}
