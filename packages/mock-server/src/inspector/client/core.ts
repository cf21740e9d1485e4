import type { InspectorUi } from './ui.js';

/**
 * The inspector's shared helpers (ui.ts), run first in the browser. Like every client module it is sent as its own
 * source text: it may use only its parameter and the browser's globals, nothing imported.
 */
export function core(ui: InspectorUi): void {
  const body = document.body;
  ui.base = body.dataset.base ?? '/__mock';
  ui.sandboxes = body.dataset.sandboxes === 'true';

  ui.call = async (method, path, payload) => {
    const init: RequestInit = { method, headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' };
    if (payload !== undefined) {
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
      init.body = JSON.stringify(payload);
    }
    const reply = await fetch(path.startsWith('/__') ? path : ui.base + path, init);
    const text = await reply.text();
    const parsed = text ? JSON.parse(text) : {};
    if (!reply.ok) throw new Error(parsed.error_message ?? parsed.msg ?? `${reply.status} ${reply.statusText}`);
    return parsed;
  };

  ui.el = (tag, attributes = {}, ...children) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === false) continue;
      element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === undefined || child === false) continue;
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return element;
  };

  ui.byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

  const status = ui.byId('status');
  ui.say = (message) => {
    // Cleared first, so the same message said twice is announced twice.
    status.textContent = '';
    window.setTimeout(() => (status.textContent = message), 30);
  };

  // The mock's clock, not the browser's: read from the mock at start and after every move.
  let reading = { serverMs: 0, at: performance.now(), frozen: true };
  ui.setClock = (view) => {
    reading = { serverMs: view.now, at: performance.now(), frozen: view.frozen };
  };
  ui.nowMs = () => (reading.frozen ? reading.serverMs : reading.serverMs + (performance.now() - reading.at));

  ui.time = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  ui.relative = (seconds) => {
    const delta = seconds - ui.nowMs() / 1000;
    const size = Math.abs(delta);
    const amount =
      size < 90 ? `${Math.round(size)} s` : size < 5400 ? `${Math.round(size / 60)} min` : size < 172_800 ? `${Math.round(size / 3600)} h` : `${Math.round(size / 86_400)} days`;
    return delta >= 0 ? `in ${amount}` : `${amount} ago`;
  };

  ui.json = (value) => ui.el('pre', { class: 'json' }, JSON.stringify(value, null, 2));

  const refreshers: (() => Promise<void>)[] = [];
  let pending: number | undefined;
  ui.watch = (refresh) => {
    refreshers.push(refresh);
  };
  ui.refresh = () => {
    if (pending !== undefined) return;
    pending = window.setTimeout(async () => {
      // One after the other, the clock first (the panels show times relative to it).
      for (const refresh of refreshers) await refresh().catch((error: Error) => console.warn('inspector refresh', error));
      pending = undefined;
    }, 150);
  };

  ui.act = (button, run, done) => {
    button.disabled = true;
    run().then(
      () => ui.say(done),
      (error: Error) => ui.say(`Failed: ${error.message}`),
    ).finally(() => {
      button.disabled = false;
      ui.refresh();
    });
  };

  const listeners: ((entry: Parameters<Parameters<InspectorUi['onEntry']>[0]>[0]) => void)[] = [];
  ui.onEntry = (listener) => {
    listeners.push(listener);
  };
  ui.emit = (entry) => {
    for (const listener of listeners) listener(entry);
  };

  // Everything is refreshed on new traffic, and every 3 s while the page is seen (the clock or a device code may move
  // through the control API without any traffic). The first run comes after every module registered its refresh.
  ui.onEntry(() => ui.refresh());
  ui.refresh();
  window.setInterval(() => {
    if (!document.hidden) ui.refresh();
  }, 3000);

  // Copy buttons: `data-copy-from` names the element whose text is copied (fixtures, snippets, fingerprints).
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-copy-from]');
    if (!button) return;
    const source = document.getElementById(button.dataset.copyFrom ?? '');
    if (!source) return;
    navigator.clipboard.writeText(source.textContent ?? '').then(
      () => ui.say(`Copied ${button.dataset.copyName ?? 'it'}`),
      () => ui.say('The browser refused the clipboard: select the text and copy it by hand'),
    );
  });
}
