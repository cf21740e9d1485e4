import type { DeviceCodeView, TokenSummary } from '../../control/views.js';
import type { ReplyRule } from '../../replies/index.js';
import type { QueuedScript } from '../../resources/bots/scripts.js';
import type { InspectorUi } from './ui.js';

/**
 * The side panels: device codes waiting for a person (approve, deny), the newest tokens on the mock's clock, scripted
 * replies and faults and bot scripts (list, delete), sandboxes (list, reset; the server's own page only) and the
 * switched-on deviations (read only). Each refreshes itself through `ui.watch`.
 */
export function sidePanels(ui: InspectorUi): void {
  // Re-rendered only when what it shows changed (with the mock-clock minute, for the relative times), so an open
  // token card or a focused button is not swept away by the periodic refresh.
  const fill = (id: string, data: unknown, items: () => HTMLElement[], none: string) => {
    const list = ui.byId(id);
    const signature = JSON.stringify([data, Math.floor(ui.nowMs() / 60_000)]);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    const built = items();
    list.replaceChildren(...(built.length ? built : [ui.el('li', { class: 'none' }, none)]));
  };
  const button = (label: string, attributes: Record<string, string> = {}) => ui.el('button', { type: 'button', class: 'small', ...attributes }, label);

  // Device codes
  ui.watch(async () => {
    const { deviceCodes } = await ui.call<{ deviceCodes: DeviceCodeView[] }>('GET', '/device');
    fill('device-list', deviceCodes, () =>
      deviceCodes.map((code) => {
        const item = ui.el(
          'li',
          { class: 'item' },
          ui.el('code', { class: 'user-code' }, code.userCode),
          ui.el('span', {}, ` ${code.appName ?? code.clientId} · `, ui.el('span', { class: `badge ${code.status === 'pending' ? 'warn' : 'ok'}` }, code.status), ` · expires ${ui.relative(code.expiresAt)}`),
        );
        if (code.status === 'pending') {
          const approve = button('Approve', { 'aria-label': `Approve ${code.userCode}`, class: 'small primary' });
          const deny = button('Deny', { 'aria-label': `Deny ${code.userCode}` });
          approve.addEventListener('click', () => ui.act(approve, () => ui.call('POST', '/device/approve', { user_code: code.userCode }), `${code.userCode} approved`));
          deny.addEventListener('click', () => ui.act(deny, () => ui.call('POST', '/device/deny', { user_code: code.userCode }), `${code.userCode} denied`));
          item.append(ui.el('span', { class: 'actions' }, approve, deny));
        }
        return item;
      }),
      'No device code is waiting. Start a device flow (getDeviceCode) and it shows up here.',
    );
  });

  // Tokens
  ui.watch(async () => {
    const { tokens } = await ui.call<{ tokens: TokenSummary[] }>('GET', '/tokens');
    fill('token-list', tokens, () =>
      tokens.map((token) => {
        const when = token.expiresAt === undefined ? '' : ` · ${token.state === 'expired' ? 'expired' : 'expires'} ${ui.relative(token.expiresAt)}`;
        const summary = ui.el(
          'span',
          { class: 'token-line' },
          ui.el('span', { class: `badge ${token.state === 'live' ? 'ok' : 'warn'}` }, token.state),
          ` ${token.grant ?? token.kind} · ${token.clientId ?? ''}${when}`,
        );
        return ui.el('li', { class: 'item', 'data-fingerprint': token.fingerprint }, summary, ui.tokenCard(token.fingerprint, 'Token'));
      }),
      'No access token issued yet.',
    );
  });

  // Scripted replies and faults
  ui.watch(async () => {
    const { replies } = await ui.call<{ replies: ReplyRule[] }>('GET', '/replies');
    fill('reply-list', replies, () =>
      replies.map((rule) => {
        const match = Object.entries(rule.match).map(([key, value]) => `${key} ${value}`).join(', ') || 'every request';
        const what = rule.action ?? (rule.stream ? `stream of ${rule.stream.events.length} events` : `status ${rule.reply?.status}`);
        const remove = button('Delete', { 'aria-label': `Delete ${rule.source === 'faults' ? 'fault' : 'reply'} ${rule.id}` });
        remove.addEventListener('click', () => ui.act(remove, () => ui.call('DELETE', `/replies/${rule.id}`), `${rule.id} deleted`));
        const left = rule.remaining === null ? 'until deleted' : `${rule.remaining} left`;
        return ui.el('li', { class: 'item' }, ui.el('span', {}, `${rule.source === 'faults' ? 'Fault' : 'Reply'} ${rule.id}: ${match} → ${what} (${left})`), remove);
      }),
      'None. POST /__mock/replies or /__mock/faults to script one.',
    );
  });

  // Bot scripts, per fixture bot
  const bots = [...document.querySelectorAll<HTMLElement>('[data-bot-id]')].map((element) => ({ id: element.dataset.botId ?? '', name: element.dataset.botName ?? '' }));
  ui.watch(async () => {
    const queued = await Promise.all(bots.map(async (bot) => ({ bot, scripts: (await ui.call<{ scripts: QueuedScript[] }>('GET', `/bots/${bot.id}/script`)).scripts })));
    const items = () => queued.filter(({ scripts }) => scripts.length).map(({ bot, scripts }) => {
      const clear = button('Delete', { 'aria-label': `Delete the scripts of ${bot.name}` });
      clear.addEventListener('click', () => ui.act(clear, () => ui.call('DELETE', `/bots/${bot.id}/script`), `Scripts of ${bot.name} deleted`));
      const left = scripts.map((s) => (s.remaining === null ? 'until deleted' : `${s.remaining}×`)).join(', ');
      return ui.el('li', { class: 'item' }, ui.el('span', {}, `${bot.name}: ${scripts.length} queued (${left})`), clear);
    });
    fill('script-list', queued, items, 'No bot script queued. POST /__mock/bots/{bot_id}/script to queue one.');
  });

  // Sandboxes (the server's own page only)
  if (ui.sandboxes) {
    ui.watch(async () => {
      const { sandboxes } = await ui.call<{ sandboxes: { id: string; baseURL: string }[] }>('GET', '/sandboxes');
      fill('sandbox-list', sandboxes, () =>
        sandboxes.map((sandbox) => {
          const path = new URL(sandbox.baseURL).pathname;
          const reset = button('Reset', { 'aria-label': `Reset sandbox ${sandbox.id}` });
          reset.addEventListener('click', () => ui.act(reset, () => ui.call('POST', `${path}/__mock/reset`, {}), `Sandbox ${sandbox.id} reset`));
          return ui.el('li', { class: 'item' }, ui.el('a', { href: `${path}/__mock/` }, sandbox.id), reset);
        }),
        'No sandbox. POST /__mock/sandboxes (or useCozeMockSandbox) makes one.',
      );
    });
  }

  // Deviations (read only: they are for proving that checks can fail)
  ui.watch(async () => {
    const { enabled, available } = await ui.call<{ enabled: string[]; available: Record<string, string> }>('GET', '/deviations');
    fill('deviation-list', enabled, () =>
      enabled.map((name) => ui.el('li', { class: 'item' }, ui.el('code', {}, name), ` ${available[name] ?? ''}`)),
      'None: the mock follows the contract.',
    );
  });

  const reset = ui.byId<HTMLButtonElement>('mock-reset');
  reset.addEventListener('click', () => ui.act(reset, () => ui.call('POST', '/reset', {}), 'Mock reset: codes, tokens, journal and replies forgotten, clock back'));
}
