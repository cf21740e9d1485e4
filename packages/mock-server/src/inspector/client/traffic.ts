import type { JournalEntry } from '../../journal.js';
import type { InspectorUi } from './ui.js';

/**
 * Live traffic: the journal pushed over `GET /__mock/journal/stream` (server-sent events), one row per request with
 * method, path, grant, client, status, Coze error code, log id and time; filters by path, grant, status and client;
 * a row opens to show the request and the reply (ui.details).
 */
export function trafficPanel(ui: InspectorUi): void {
  const MAX_ROWS = 1000;
  const list = ui.byId<HTMLOListElement>('traffic-list');
  const count = ui.byId('traffic-count');
  const empty = ui.byId('traffic-empty');
  const live = ui.byId('traffic-live');
  const filters = {
    path: ui.byId<HTMLInputElement>('filter-path'),
    grant: ui.byId<HTMLSelectElement>('filter-grant'),
    status: ui.byId<HTMLSelectElement>('filter-status'),
    client: ui.byId<HTMLSelectElement>('filter-client'),
  };
  const rows: { entry: JournalEntry; row: HTMLLIElement }[] = [];

  const statusClass = (status: number) => (status >= 500 || status === 444 || status === 499 ? 'bad' : status >= 400 ? 'warn' : 'ok');

  const matches = (entry: JournalEntry) => {
    const path = filters.path.value.trim().toLowerCase();
    if (path && !`${entry.path}${entry.query}`.toLowerCase().includes(path)) return false;
    if (filters.grant.value && (entry.grantType ?? '') !== filters.grant.value) return false;
    if (filters.client.value && (entry.clientId ?? '') !== filters.client.value) return false;
    const status = filters.status.value;
    if (status && String(entry.status)[0] !== status[0]) return false;
    return true;
  };

  let shown = 0;
  const showCount = () => {
    count.textContent = rows.length === shown ? `${rows.length} requests` : `${shown} of ${rows.length} requests shown`;
    empty.hidden = rows.length > 0;
  };
  const applyFilters = () => {
    shown = 0;
    for (const { entry, row } of rows) {
      row.hidden = !matches(entry);
      if (!row.hidden) shown++;
    }
    showCount();
  };

  /** Adds a value to a select's options once (grant types and clients as they appear). */
  const offer = (select: HTMLSelectElement, value: string | undefined, label = value) => {
    if (!value || [...select.options].some((option) => option.value === value)) return;
    select.append(ui.el('option', { value }, label));
  };
  /** `urn:ietf:params:oauth:grant-type:jwt-bearer` → `jwt-bearer`, for the narrow column. */
  const shortGrant = (grant: string | undefined) => grant?.split(':').pop() ?? '';

  const cell = (className: string, text: string) => ui.el('span', { class: className }, text);

  const addRow = (entry: JournalEntry) => {
    const id = `entry-${entry.seq}`;
    const toggle = ui.el(
      'button',
      { type: 'button', class: 'row-summary', 'aria-expanded': 'false', 'aria-controls': `${id}-details` },
      cell('time', ui.time(entry.at).slice(11)),
      cell('method', entry.method),
      cell('path', `${entry.path}${entry.query}`),
      cell('grant', shortGrant(entry.grantType)),
      cell('client', entry.clientId ?? ''),
      cell(`status ${statusClass(entry.status)}`, String(entry.status)),
      cell('error', entry.error === undefined ? '' : String(entry.error)),
      cell('logid', entry.logid),
    );
    const details = ui.el('div', { id: `${id}-details`, class: 'row-details', hidden: true });
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      details.hidden = !open;
      if (open && !details.firstChild) details.append(ui.details(entry));
    });
    const row = ui.el('li', { id, class: 'row', 'data-seq': entry.seq }, toggle, details);
    row.hidden = !matches(entry);
    if (!row.hidden) shown++;
    list.prepend(row);
    rows.push({ entry, row });
    const dropped = rows.length > MAX_ROWS ? rows.shift() : undefined;
    if (dropped) {
      if (!dropped.row.hidden) shown--;
      dropped.row.remove();
    }
    offer(filters.grant, entry.grantType, shortGrant(entry.grantType));
    offer(filters.client, entry.clientId);
  };

  let since = 0;
  const connect = () => {
    const source = new EventSource(`${ui.base}/journal/stream?since=${since}`);
    source.addEventListener('open', () => {
      live.textContent = 'live';
      live.className = 'badge ok';
    });
    source.addEventListener('error', () => {
      live.textContent = 'reconnecting';
      live.className = 'badge warn';
    });
    source.addEventListener('entry', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as JournalEntry;
      if (entry.seq <= since) return;
      since = entry.seq;
      addRow(entry);
      ui.emit(entry);
      showCount();
    });
  };

  for (const input of Object.values(filters)) input.addEventListener('input', applyFilters);
  ui.byId('filters').addEventListener('submit', (event) => event.preventDefault());
  const clearFilters = ui.byId<HTMLButtonElement>('filter-clear');
  clearFilters.addEventListener('click', () => {
    filters.path.value = '';
    filters.grant.value = filters.status.value = filters.client.value = '';
    applyFilters();
    ui.say('Filters cleared');
  });
  const clearJournal = ui.byId<HTMLButtonElement>('journal-clear');
  clearJournal.addEventListener('click', () =>
    ui.act(
      clearJournal,
      async () => {
        await ui.call('DELETE', '/journal');
        for (const { row } of rows.splice(0)) row.remove();
        shown = 0;
        showCount();
      },
      'Journal cleared',
    ),
  );
  applyFilters();
  connect();
}
