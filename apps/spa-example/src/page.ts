import { CONFIG_ELEMENT_ID, type SpaConfig } from './config.js';

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1c23; background: #f6f7f9; }
header { background: #fff; border-bottom: 1px solid #e3e3ea; padding: 14px 20px; font-weight: 700; }
main { max-width: 560px; margin: 32px auto; padding: 0 16px; }
section { background: #fff; border: 1px solid #e3e3ea; border-radius: 12px; padding: 24px; margin-bottom: 16px; }
h1 { font-size: 22px; margin: 0 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 8px; }
p { color: #5f5f6b; margin: 8px 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; font-size: 14px; margin: 16px 0 0; }
dl.stacked { grid-template-columns: 1fr; }
dt { color: #5f5f6b; overflow-wrap: anywhere; }
dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, monospace; }
dl.stacked dt { font-family: ui-monospace, Menlo, monospace; }
dl.stacked dd { margin-bottom: 8px; font-family: inherit; }
button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 1px solid #4d53e8; background: #4d53e8; color: #fff; cursor: pointer; min-height: 44px; margin-top: 8px; }
button:focus-visible, input:focus-visible { outline: 3px solid #9ea2ff; outline-offset: 2px; }
button:disabled { opacity: 0.6; cursor: progress; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input { font: inherit; width: 100%; padding: 10px 12px; border: 1px solid #c9c9d4; border-radius: 8px; min-height: 44px; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; color: #1d1c23; background: #f6f7f9; border-radius: 8px; padding: 12px 14px; min-height: 48px; }
.notice { border-radius: 8px; padding: 12px 14px; margin: 12px 0; font-size: 14px; overflow-wrap: anywhere; }
.notice.info { background: #eef0ff; color: #2c2f7a; border: 1px solid #d3d6ff; }
.notice.ok { background: #e9f7ef; color: #1e5631; border: 1px solid #bfe5cc; }
.notice.error { background: #fdecea; color: #7a1f16; border: 1px solid #f5c6c0; }
`;

/** JSON that is safe inside a `<script>` element (no `</script>` or `<!--` can close or confuse it). */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The SPA's single HTML page, with its config embedded as JSON and the bundle loaded from `/app.js`.
 *
 * @example
 * const html = renderSpaPage({ cozeBaseURL: 'http://127.0.0.1:4010', clientId, redirectUri: 'http://127.0.0.1:5173/' });
 */
export function renderSpaPage(config: SpaConfig): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coze SPA example</title><style>${STYLE}</style></head>
<body>
<header>Coze SPA example</header>
<main>
<section>
<h1 id="title">Sign in</h1>
<p>This page runs the PKCE flow with <code>@coze/api</code> in the browser: no server, no secret.</p>
<div id="status" class="notice info" role="status">Loading…</div>
<button type="button" id="sign-in">Sign in with Coze</button>
<dl id="token" hidden>
<dt>Access token</dt><dd id="access-token"></dd>
<dt>Expires at</dt><dd id="expires-at"></dd>
</dl>
</section>
<section id="chat" aria-labelledby="chat-heading" hidden>
<h2 id="chat-heading">Chat with the bot</h2>
<p>Your message goes to the bot with <code>chat.stream</code>, from this browser; the answer appears as it streams in.</p>
<form id="chat-form">
<label for="question">Your message</label>
<input id="question" name="question" required autocomplete="off">
<button type="submit" id="send">Send</button>
</form>
<p id="answer" class="answer" aria-live="polite" data-testid="answer"></p>
</section>
<section aria-labelledby="pat-heading">
<h2 id="pat-heading">Personal access tokens in the browser</h2>
<p>The SDK refuses a <code>pat_</code> token in a browser, where anyone could read it, unless you opt in.</p>
<dl class="stacked">
<dt>new CozeAPI({ token: 'pat_…' })</dt><dd id="pat-default">…</dd>
<dt>new CozeAPI({ token: 'pat_…', allowPersonalAccessTokenInBrowser: true })</dt><dd id="pat-allowed">…</dd>
</dl>
</section>
</main>
<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptSafeJson(config)}</script>
<script type="module" src="/app.js"></script>
</body>
</html>`;
}
