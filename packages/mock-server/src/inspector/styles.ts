/**
 * The inspector's stylesheet, served as `/__mock/inspector/app.css` (same origin: the page's CSP allows no inline
 * style). Two columns from 1100 px (traffic, then the side panels), one below; rows wrap on a phone-width screen.
 * Colours keep a contrast of at least 4.5:1; focus is always visible.
 */
export const INSPECTOR_STYLES = `
:root { color-scheme: light; --brand: #4d53e8; --ink: #1d1c23; --muted: #55555f; --line: #dcdce4; --bg: #f4f5fb;
  --ok-bg: #e6f4ea; --ok: #1b5e2f; --warn-bg: #fff2db; --warn: #6b4000; --bad-bg: #fdecea; --bad: #8a1c12;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; color: var(--ink); background: var(--bg); }
code, pre, .logid, .path { font-family: var(--mono); font-size: 13px; }
a { color: #3a3fc4; }
:focus-visible { outline: 3px solid #6c71f0; outline-offset: 2px; }
.skip { position: absolute; left: 8px; top: -48px; background: #fff; padding: 8px 12px; border-radius: 6px; z-index: 10; }
.skip:focus { top: 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
.top h1 { font-size: 18px; margin: 0; color: var(--brand); }
.clock { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; }
.clock-label { color: var(--muted); font-size: 13px; }
#clock-now { font-family: var(--mono); font-weight: 600; }
.clock-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
#mock-reset { margin-left: auto; }
button { font: inherit; font-size: 14px; padding: 6px 12px; min-height: 36px; border-radius: 8px; border: 1px solid #b9b9c6; background: #fff; color: var(--ink); cursor: pointer; }
button:hover { border-color: var(--brand); }
button:disabled { opacity: .6; cursor: progress; }
button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
button.danger { color: var(--bad); border-color: #e0a8a1; }
button.small { font-size: 13px; padding: 3px 10px; min-height: 30px; }
button[aria-pressed="true"] { background: var(--warn-bg); border-color: #d9a441; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; background: #ececf4; color: var(--ink); vertical-align: middle; }
.badge.ok { background: var(--ok-bg); color: var(--ok); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.badge.bad { background: var(--bad-bg); color: var(--bad); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; padding: 16px 20px 48px; }
@media (min-width: 1100px) { .layout { grid-template-columns: minmax(0, 1fr) 370px; align-items: start; } }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; min-width: 0; }
.side { display: grid; gap: 16px; min-width: 0; }
.panel h2 { font-size: 16px; margin: 0 0 8px; }
.panel h3 { font-size: 15px; margin: 16px 0 6px; }
h4 { font-size: 14px; margin: 0 0 6px; }
h5 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); }
.hint, .none { color: var(--muted); font-size: 13px; margin: 4px 0 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin-bottom: 8px; }
.filters .field { display: flex; flex-direction: column; gap: 2px; min-width: 0; max-width: 100%; }
.filters label { font-size: 12px; font-weight: 600; color: var(--muted); }
.filters input, .filters select { font: inherit; font-size: 14px; padding: 5px 8px; min-height: 36px; border: 1px solid #b9b9c6; border-radius: 8px; background: #fff; color: var(--ink); max-width: 100%; }
.filters input { width: 220px; }
.filters select { width: 170px; }
.row-head, .row-summary { display: grid; grid-template-columns: 60px 44px minmax(160px, 1fr) 96px 88px 36px 88px 100px; gap: 8px; align-items: center; }
.row-head { font-size: 12px; font-weight: 600; color: var(--muted); padding: 4px 8px; border-bottom: 1px solid var(--line); }
.rows { list-style: none; margin: 0; padding: 0; }
.row { border-bottom: 1px solid var(--line); }
.row-summary { width: 100%; text-align: left; border: 0; border-radius: 0; background: transparent; padding: 6px 8px; min-height: 36px; font-size: 13px; }
.row-summary:hover { background: #f6f6fd; }
.row-summary[aria-expanded="true"] { background: #eef0ff; }
.row-summary span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.row-summary .path, .row-summary .logid, .row-summary .time { font-family: var(--mono); font-size: 12px; }
.row-summary .grant, .row-summary .client, .row-summary .logid { color: var(--muted); }
.status { font-weight: 700; }
.status.ok { color: var(--ok); } .status.warn { color: var(--warn); } .status.bad { color: var(--bad); }
.error { color: var(--bad); font-size: 12px; }
.row-details { padding: 8px 8px 14px; background: #fafaff; }
.details-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
.detail { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; }
.pairs { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 12px; margin: 0; font-size: 13px; }
.pairs dt { color: var(--muted); }
.pairs dd { margin: 0; overflow-wrap: anywhere; }
pre { margin: 4px 0; padding: 8px; background: #f3f3f8; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.verdict { font-weight: 600; padding: 6px 10px; border-radius: 6px; margin: 0 0 6px; }
.verdict.ok { background: var(--ok-bg); color: var(--ok); }
.verdict.bad { background: var(--bad-bg); color: var(--bad); }
.items { list-style: none; margin: 0; padding: 0; }
.items > li { padding: 6px 0; border-top: 1px solid var(--line); font-size: 13px; }
.items > li:first-child { border-top: 0; }
.item { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; }
.item .actions { display: flex; gap: 6px; margin-left: auto; }
.user-code { font-size: 15px; font-weight: 700; letter-spacing: .06em; }
.token-card { width: 100%; }
.token-card summary, .snippet summary, .conversation summary, details summary { cursor: pointer; padding: 2px 0; }
.token-body { padding: 6px 0 0 12px; }
.family { margin: 4px 0; padding-left: 20px; font-size: 12px; }
.family .state-revoked, .family .state-expired { color: var(--bad); }
.family .state-rotated { color: var(--muted); }
.copyable { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 6px; max-width: 100%; }
.copyable code { overflow-wrap: anywhere; }
.copyable pre { flex: 1 1 100%; max-height: 200px; }
.fixtures dd { display: flex; flex-direction: column; gap: 4px; }
.messages, .chats { padding-left: 20px; margin: 4px 0; }
.message { margin: 2px 0; }
.message .who { color: var(--muted); font-size: 12px; margin-right: 6px; }
.toast { position: fixed; bottom: 12px; right: 12px; margin: 0; background: var(--ink); color: #fff; padding: 6px 12px; border-radius: 8px; font-size: 13px; max-width: 90vw; }
.toast:empty { display: none; }
@media (max-width: 760px) {
  .top { position: static; padding: 10px 12px; }
  .layout { padding: 12px 8px 40px; }
  .row-head { display: none; }
  .row-summary { grid-template-columns: auto auto minmax(0, 1fr) auto; }
  .row-summary .path { grid-column: 1 / -1; order: -1; white-space: normal; overflow-wrap: anywhere; }
  .row-summary .grant, .row-summary .client, .row-summary .logid { display: none; }
  .filters input, .filters select { width: 100%; }
  .filters .field { flex: 1 1 140px; }
}
`;
