import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { sdkSnippets } from '../fixtures/snippets.js';
import type { PublicFixtures } from '../fixtures/types.js';

/**
 * The inspector's HTML: landmarks, headings, labelled controls and empty lists that the script (script.ts) fills.
 * Every value goes through hono's `html` template, which escapes it. The fixtures are rendered here, with a copy
 * button for every credential and the SDK snippet of every flow (the banner's, fixtures/snippets.ts).
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Values with a copy button: the button copies the text of the element it names (ids unique within one page). */
function copyables() {
  let next = 0;
  return (name: string, value: string, block = false): Html => {
    const id = `copy-${++next}`;
    const shown = block ? html`<pre id="${id}" class="secret">${value}</pre>` : html`<code id="${id}">${value}</code>`;
    return html`<span class="copyable">${shown}<button type="button" class="small" data-copy-from="${id}" data-copy-name="${name}" aria-label="Copy ${name}">Copy</button></span>`;
  };
}

function fixturesSection(f: PublicFixtures, base: string): Html {
  const { web, pkce, device, jwt, channel } = f.apps;
  const copyable = copyables();
  const rows: [string, Html][] = [
    ['Base URL', copyable('the base URL', f.baseURL)],
    ['PAT', copyable('the PAT', f.pat)],
    ['Web app client id', copyable('the web app client id', web.clientId)],
    ['Web app client secret', copyable('the web app client secret', web.clientSecret)],
    ['Redirect URIs', html`${web.redirectUris.map((uri) => copyable(`redirect URI ${uri}`, uri))}`],
    ['PKCE app client id', copyable('the PKCE app client id', pkce.clientId)],
    ['Device app client id', copyable('the device app client id', device.clientId)],
    ['JWT app id', copyable('the JWT app id', jwt.appId)],
    ['JWT key id (kid)', copyable('the JWT key id', jwt.keyId)],
    ['Channel app id', copyable('the channel app id', channel.appId)],
    ['User', copyable('the user id', f.user.user_id)],
    ['Account id', copyable('the account id', f.accountId)],
  ];
  return html`<section id="fixtures" class="panel" aria-labelledby="fixtures-h">
<h2 id="fixtures-h">Fixtures</h2>
<p class="hint">The same as <code>GET ${base}/fixtures</code>, stable for the mock's seed.</p>
<dl class="pairs fixtures">${rows.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
<details><summary>JWT app private key</summary>${copyable('the JWT private key', jwt.privateKey, true)}</details>
<h3>SDK snippets (@coze/api)</h3>
${sdkSnippets(f).map(({ flow, code }) => html`<details class="snippet"><summary>${flow}</summary>${copyable(`the ${flow} snippet`, code, true)}</details>`)}
<ul hidden>${f.bots.map((bot) => html`<li data-bot-id="${bot.id}" data-bot-name="${bot.name}">${bot.name}</li>`)}</ul>
</section>`;
}

/** One side panel: a heading, a hint, and the list the script fills. */
function listPanel(id: string, title: string, listId: string, hint: Html | string = ''): Html {
  return html`<section id="${id}" class="panel" aria-labelledby="${id}-h">
<h2 id="${id}-h">${title}</h2>${hint ? html`<p class="hint">${hint}</p>` : ''}
<ul id="${listId}" class="items" aria-live="off"><li class="none">Loading…</li></ul>
</section>`;
}

/**
 * @example
 * renderInspector({ base: '/__mock', inSandbox: false, sandboxes: true, fixtures });
 */
export function renderInspector(page: { base: string; inSandbox: boolean; sandboxes: boolean; fixtures: PublicFixtures }): Html {
  const { base, inSandbox, sandboxes, fixtures } = page;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>coze-mock inspector${inSandbox ? ' (sandbox)' : ''}</title>
<link rel="stylesheet" href="${base}/inspector/app.css">
<script src="${base}/inspector/app.js" defer></script>
</head>
<body data-base="${base}" data-sandboxes="${String(sandboxes)}">
<a class="skip" href="#traffic">Skip to traffic</a>
<header class="top">
<h1>coze-mock inspector${inSandbox ? html` <span class="badge">sandbox</span>` : ''}</h1>
<section class="clock" aria-labelledby="clock-h">
<h2 id="clock-h" class="visually-hidden">Mock clock</h2>
<span class="clock-label">Mock clock</span> <time id="clock-now">…</time> <span id="clock-state" class="badge">…</span>
<span class="clock-buttons" role="group" aria-label="Move the mock clock">
<button type="button" data-advance="60" aria-label="+1 min: advance the clock by a minute">+1 min</button>
<button type="button" data-advance="3600" aria-label="+1 h: advance the clock by an hour">+1 h</button>
<button type="button" data-advance="86400" aria-label="+1 day: advance the clock by a day">+1 day</button>
<button type="button" id="clock-freeze" aria-pressed="false">Freeze</button>
<button type="button" id="clock-reset">Reset clock</button>
</span>
</section>
<button type="button" id="mock-reset" class="danger">Reset mock</button>
</header>
<main class="layout">
<section id="traffic" class="panel traffic" aria-labelledby="traffic-h">
<h2 id="traffic-h">Traffic <span id="traffic-live" class="badge warn">connecting</span></h2>
<form id="filters" class="filters" role="search" aria-label="Filter traffic">
<div class="field"><label for="filter-path">Path</label><input id="filter-path" type="search" placeholder="/api/permission/oauth2/token" autocomplete="off"></div>
<div class="field"><label for="filter-grant">Grant</label><select id="filter-grant"><option value="">any</option></select></div>
<div class="field"><label for="filter-status">Status</label><select id="filter-status"><option value="">any</option><option value="2xx">2xx</option><option value="3xx">3xx</option><option value="4xx">4xx</option><option value="5xx">5xx</option></select></div>
<div class="field"><label for="filter-client">Client</label><select id="filter-client"><option value="">any</option></select></div>
<button type="button" id="filter-clear">Clear filters</button>
<button type="button" id="journal-clear">Clear journal</button>
</form>
<p id="traffic-count" class="hint" aria-live="polite"></p>
<p id="traffic-empty" class="none">No request yet. Point the SDK's <code>baseURL</code> at <code>${fixtures.baseURL}</code> and its calls show up here as they happen.</p>
<div class="row-head" aria-hidden="true"><span>time</span><span>method</span><span>path</span><span>grant</span><span>client</span><span>status</span><span>error</span><span>log id</span></div>
<ol id="traffic-list" class="rows" aria-label="Requests, newest first"></ol>
</section>
<div class="side">
${listPanel('device', 'Device codes', 'device-list')}
${listPanel('tokens', 'Tokens', 'token-list', 'The newest access tokens, on the mock clock. Open one for what it stands for and its refresh family.')}
${listPanel('chats', 'Chats', 'chat-list', 'Conversations with their messages and each chat\'s status.')}
${listPanel('replies', 'Scripted replies and faults', 'reply-list')}
${listPanel('scripts', 'Bot scripts', 'script-list')}
${sandboxes ? listPanel('sandboxes', 'Sandboxes', 'sandbox-list') : ''}
${listPanel('deviations', 'Deviations', 'deviation-list', 'Switched-on departures from the contract (read only).')}
${fixturesSection(fixtures, base)}
</div>
</main>
<p id="status" class="toast" role="status" aria-live="polite"></p>
</body>
</html>`;
}
