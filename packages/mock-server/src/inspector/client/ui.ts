import type { ClockView } from '../../control/verbs.js';
import type { JournalEntry } from '../../journal.js';

/**
 * What the inspector's browser modules share. Each module (core.ts, clock.ts, traffic.ts …) is one function that the
 * server sends as its source text (script.ts), so a module cannot import another: whatever they share is a member of
 * this object, which `core` fills first. Types only; nothing here runs in the browser.
 */
export interface InspectorUi {
  /** The control API's base path: `/__mock`, or `/__sandbox/{id}/__mock` in a sandbox. */
  base: string;
  /** Whether this mock has sandboxes to list (the server's own mock; a sandbox has none). */
  sandboxes: boolean;
  /**
   * Calls a control verb (same origin, JSON, so the control guard lets it through); throws its error message. `path`
   * is relative to `base` (`/clock`), or absolute when it starts with `/__` (another sandbox's `/__sandbox/{id}/__mock/reset`).
   */
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Builds an element: text children are text nodes (never HTML), `false`/`undefined` children are skipped. */
  el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes?: Record<string, string | number | boolean | undefined>,
    ...children: (Node | string | false | undefined)[]
  ): HTMLElementTagNameMap[K];
  byId<T extends HTMLElement = HTMLElement>(id: string): T;
  /** Tells screen readers (and the status line) what just happened. */
  say(message: string): void;
  /** The mock clock now, in ms (estimated between reads of `GET /__mock/clock`). */
  nowMs(): number;
  /** Takes a clock reading (`GET`/`POST /__mock/clock`). */
  setClock(view: ClockView): void;
  /** A mock-clock time (ms) as `2026-01-01 09:14:05`. */
  time(ms: number): string;
  /** Unix seconds against the mock clock: `in 14 min`, `3 h ago`. */
  relative(seconds: number): string;
  /** Runs a control action from a button: disabled while it runs, the outcome said, every panel refreshed. */
  act(button: HTMLButtonElement, run: () => Promise<unknown>, done: string): void;
  /** Registers a panel's refresh, run at start, after every action, on new traffic and every few seconds. */
  watch(refresh: () => Promise<void>): void;
  /** Runs every registered refresh soon (calls close together run them once). */
  refresh(): void;
  /** Registers a listener for every journal entry the stream brings. */
  onEntry(listener: (entry: JournalEntry) => void): void;
  /** Hands an entry to the listeners (the traffic stream calls it). */
  emit(entry: JournalEntry): void;
  /** What an opened traffic row shows: request, reply, decoded JWT, tokens (details.ts). */
  details(entry: JournalEntry): HTMLElement;
  /** A box showing a token (by fingerprint): what it stands for, its family, a revoke button; filled when opened. */
  tokenCard(fingerprint: string, label: string): HTMLElement;
  /** A block of JSON, pretty-printed. */
  json(value: unknown): HTMLElement;
}
