import type { ClockView } from '../../control/verbs.js';
import type { InspectorUi } from './ui.js';

/** The clock bar: the mock's time (ticking in the page between reads), advance, freeze and reset. */
export function clockPanel(ui: InspectorUi): void {
  const now = ui.byId<HTMLTimeElement>('clock-now');
  const state = ui.byId('clock-state');
  const freeze = ui.byId<HTMLButtonElement>('clock-freeze');
  let frozen = false;

  const show = (view: ClockView) => {
    ui.setClock(view);
    frozen = view.frozen;
    freeze.setAttribute('aria-pressed', String(frozen));
    freeze.textContent = frozen ? 'Unfreeze' : 'Freeze';
    state.textContent = frozen ? 'frozen' : 'ticking';
    state.className = frozen ? 'badge warn' : 'badge';
    tick();
  };
  const tick = () => {
    const ms = ui.nowMs();
    now.textContent = `${ui.time(ms)} UTC`;
    now.dateTime = new Date(ms).toISOString();
  };
  const move = (body: Record<string, unknown>) => async () => show(await ui.call<ClockView>('POST', '/clock', body));

  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-advance]')) {
    const seconds = Number(button.dataset.advance);
    button.addEventListener('click', () => ui.act(button, move({ advanceSeconds: seconds }), `Clock advanced by ${button.textContent?.replace('+', '').trim()}`));
  }
  freeze.addEventListener('click', () => ui.act(freeze, move({ freeze: !frozen }), frozen ? 'Clock ticking again' : 'Clock frozen'));
  const reset = ui.byId<HTMLButtonElement>('clock-reset');
  reset.addEventListener('click', () => ui.act(reset, move({ reset: true }), 'Clock back to the start'));

  ui.watch(async () => show(await ui.call<ClockView>('GET', '/clock')));
  window.setInterval(tick, 1000);
}
