import { ChatEventType, CozeAPI, getPKCEAuthenticationUrl, getPKCEOAuthToken, RoleType } from '@coze/api';
import { CONFIG_ELEMENT_ID, type SpaConfig } from './config.js';

// Runs in the browser. The PKCE flow entirely client-side: no secret, the code verifier waits in sessionStorage while
// the browser visits Coze's consent page, the token lives in memory only.

const PENDING_KEY = 'coze-spa-pkce';
const config = JSON.parse(document.getElementById(CONFIG_ELEMENT_ID)?.textContent ?? '{}') as SpaConfig;
const baseURL = config.cozeBaseURL;

const byId = (id: string) => document.getElementById(id) as HTMLElement;
const show = (id: string, text: string) => {
  byId(id).textContent = text;
};

function setStatus(text: string, kind: 'info' | 'ok' | 'error') {
  const status = byId('status');
  status.textContent = text;
  status.className = `notice ${kind}`;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

async function sha256Fingerprint(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `sha256:${hex.slice(0, 12)}`;
}

async function signIn() {
  const state = crypto.randomUUID();
  const { url, codeVerifier } = await getPKCEAuthenticationUrl({ baseURL, clientId: config.clientId, redirectUrl: config.redirectUri, state });
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, codeVerifier }));
  location.assign(url);
}

async function finishSignIn(params: URLSearchParams) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { state: string; codeVerifier: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname);
  if (!pending || params.get('state') !== pending.state) return setStatus('Sign-in failed: the state does not match. Start again.', 'error');
  const error = params.get('error');
  if (error) return setStatus(`Sign-in was cancelled: ${error}.`, 'error');
  setStatus('Exchanging the code for a token…', 'info');
  try {
    const token = await getPKCEOAuthToken({
      baseURL,
      clientId: config.clientId,
      redirectUrl: config.redirectUri,
      code: params.get('code') ?? '',
      codeVerifier: pending.codeVerifier,
    });
    const client = new CozeAPI({ token: token.access_token, baseURL });
    const user = await client.users.me();
    show('title', `Hello, ${user.nick_name || user.user_name}`);
    show('access-token', await sha256Fingerprint(token.access_token));
    show('expires-at', new Date(token.expires_in * 1000).toISOString());
    byId('token').hidden = false;
    byId('sign-in').hidden = true;
    setStatus(`Signed in as ${user.user_name} with a PKCE token, entirely in this browser.`, 'ok');
    if (config.botId) enableChat(client, config.botId);
  } catch (failure) {
    setStatus(`Sign-in failed: ${failure instanceof Error ? failure.message : String(failure)}`, 'error');
  }
}

/**
 * Sends one message with `chat.stream` and writes the answer into the page delta by delta, as it arrives. A failed
 * chat (`conversation.chat.failed`, or an `error` event) is shown as the alert it is.
 */
async function ask(client: CozeAPI, botId: string, question: string) {
  const answer = byId('answer');
  answer.textContent = '';
  setStatus('The bot is answering…', 'info');
  const stream = client.chat.stream({ bot_id: botId, additional_messages: [{ role: RoleType.User, content: question, content_type: 'text' }] });
  for await (const event of stream) {
    if (event.event === ChatEventType.CONVERSATION_MESSAGE_DELTA) answer.textContent += event.data.content;
    else if (event.event === ChatEventType.CONVERSATION_CHAT_FAILED) return setStatus(`The chat failed: ${event.data.last_error?.msg ?? 'no reason given'}`, 'error');
    else if (event.event === ChatEventType.ERROR) return setStatus(`The chat failed: ${event.data.msg}`, 'error');
  }
  setStatus('The bot has answered.', 'ok');
}

/** Shows the chat form once signed in; the token stays in `client`, in memory. */
function enableChat(client: CozeAPI, botId: string) {
  const form = byId('chat-form') as HTMLFormElement;
  const input = byId('question') as HTMLInputElement;
  const send = byId('send') as HTMLButtonElement;
  byId('chat').hidden = false;
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    send.disabled = true;
    ask(client, botId, input.value)
      .catch((failure) => setStatus(`The chat failed: ${failure instanceof Error ? failure.message : String(failure)}`, 'error'))
      .finally(() => {
        send.disabled = false;
      });
  });
}

/** The SDK refuses a `pat_` token in a browser unless told otherwise; show both answers. */
function showPersonalAccessTokenRule() {
  const attempt = (allow: boolean) => {
    try {
      new CozeAPI({ token: 'pat_example_not_a_real_token', baseURL, allowPersonalAccessTokenInBrowser: allow });
      return 'accepted';
    } catch (failure) {
      return `refused: ${(failure instanceof Error ? failure.message : String(failure)).split('\n')[0]}`;
    }
  };
  show('pat-default', attempt(false));
  show('pat-allowed', attempt(true));
}

byId('sign-in').addEventListener('click', () => {
  signIn().catch((failure) => setStatus(`Could not start sign-in: ${String(failure)}`, 'error'));
});
showPersonalAccessTokenRule();
const params = new URLSearchParams(location.search);
if (params.has('code') || params.has('error')) void finishSignIn(params);
else setStatus('Not signed in.', 'info');
