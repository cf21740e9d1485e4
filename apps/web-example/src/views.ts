import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { MAX_QUESTION_LENGTH } from './chat.js';
import { fingerprint, type Session } from './session.js';

/** The web example's pages. `html` escapes every interpolated value. */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1c23; background: #f6f7f9; }
header { background: #fff; border-bottom: 1px solid #e3e3ea; padding: 14px 20px; font-weight: 700; }
main { max-width: 560px; margin: 32px auto; padding: 0 16px; }
section { background: #fff; border: 1px solid #e3e3ea; border-radius: 12px; padding: 24px; margin-bottom: 16px; }
h1 { font-size: 22px; margin: 0 0 8px; overflow-wrap: anywhere; }
p { color: #5f5f6b; margin: 8px 0; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; font-size: 14px; margin: 16px 0; }
dt { color: #5f5f6b; }
dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, monospace; }
form { display: inline; }
form.chat { display: block; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input { font: inherit; width: 100%; padding: 10px 12px; border: 1px solid #c9c9d4; border-radius: 8px; min-height: 44px; margin-bottom: 8px; }
input:focus-visible { outline: 3px solid #9ea2ff; outline-offset: 2px; }
h2 { font-size: 17px; margin: 0 0 8px; }
.actions { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 1px solid #d0d0da; background: #fff; cursor: pointer; min-height: 44px; }
button.primary { background: #4d53e8; border-color: #4d53e8; color: #fff; }
button:focus-visible { outline: 3px solid #9ea2ff; outline-offset: 2px; }
.notice { border-radius: 8px; padding: 12px 14px; margin: 12px 0; font-size: 14px; }
.notice.ok { background: #e9f7ef; color: #1e5631; border: 1px solid #bfe5cc; }
.notice.error { background: #fdecea; color: #7a1f16; border: 1px solid #f5c6c0; }
`;

/** Wraps a page body in the example's shell. */
export function layout(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Coze web example</title><style>${raw(STYLE)}</style></head>
<body><header>Coze web example</header><main>${body}</main></body>
</html>`;
}

/** The home page before sign-in, optionally with the reason the last attempt failed. */
export function signedOutPage(problem?: string): Html {
  return layout(
    'Sign in',
    html`<section>
<h1>Welcome</h1>
<p>This app reads your Coze profile with the OAuth authorization code flow.</p>
${problem ? html`<div class="notice error" role="alert">${problem}</div>` : ''}
<div class="actions"><form method="post" action="/login"><button type="submit" class="primary">Sign in with Coze</button></form></div>
</section>`,
  );
}

const when = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

/** The chat section: the form, then the last message and its answer (or why it failed). */
function chatSection(lastChat: Session['lastChat']): Html {
  return html`<section aria-labelledby="chat-heading">
<h2 id="chat-heading">Chat with the bot</h2>
<p>The server sends your message with <code>chat.stream</code> and shows the answer once it is complete.</p>
<form method="post" action="/chat" class="chat">
<label for="question">Your message</label>
<input id="question" name="question" required maxlength="${MAX_QUESTION_LENGTH}" autocomplete="off">
<button type="submit" class="primary">Send</button>
</form>
${lastChat
  ? html`<dl><dt>You</dt><dd data-testid="question">${lastChat.question}</dd><dt>Bot</dt><dd data-testid="answer">${lastChat.answer}</dd></dl>
${lastChat.failure ? html`<div class="notice error" role="alert">The chat failed: ${lastChat.failure}</div>` : ''}`
  : ''}
</section>`;
}

/**
 * The home page once signed in: the user's name, the token's fingerprint and expiry, refresh and sign-out, and the
 * chat when a bot is configured.
 */
export function signedInPage(session: Session, options: { chat: boolean } = { chat: false }): Html {
  const { user, token, rotatedFrom } = session;
  return layout(
    user.nick_name || user.user_name,
    html`<section>
<h1>Hello, <span data-testid="user-name">${user.nick_name || user.user_name}</span></h1>
<p>Signed in with Coze as <strong>${user.user_name}</strong> (user id ${user.user_id}).</p>
${rotatedFrom
  ? html`<div class="notice ok" role="status" data-testid="rotation">Token rotated: access token
${fingerprint(rotatedFrom.access_token)} → ${fingerprint(token.access_token)}, refresh token
${fingerprint(rotatedFrom.refresh_token)} → ${fingerprint(token.refresh_token)}.</div>`
  : ''}
<dl>
<dt>Access token</dt><dd data-testid="access-token">${fingerprint(token.access_token)}</dd>
<dt>Expires at</dt><dd data-testid="expires-at">${when(token.expires_in)}</dd>
<dt>Refresh token</dt><dd data-testid="refresh-token">${fingerprint(token.refresh_token)}</dd>
</dl>
<p>Tokens stay on the server; this page shows only their SHA-256 fingerprints.</p>
<div class="actions">
<form method="post" action="/refresh"><button type="submit" class="primary">Refresh token</button></form>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>
</div>
</section>
${options.chat ? chatSection(session.lastChat) : ''}`,
  );
}

/** An error page with a way back. */
export function errorPage(title: string, message: string): Html {
  return layout(
    title,
    html`<section><h1>${title}</h1><div class="notice error" role="alert">${message}</div>
<p><a href="/">Back to the start</a></p></section>`,
  );
}
