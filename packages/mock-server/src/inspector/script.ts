import { chatsPanel } from './client/chats.js';
import { clockPanel } from './client/clock.js';
import { core } from './client/core.js';
import { detailsPanel } from './client/details.js';
import { sidePanels } from './client/panels.js';
import { trafficPanel } from './client/traffic.js';
import type { InspectorUi } from './client/ui.js';

/**
 * The inspector's script, built from the browser modules in client/ as their own source text: each is a function of
 * the shared `ui` object, written in TypeScript (typed against the DOM and the control API's types, linted), and
 * sent as the JavaScript it compiled to. So the script is part of the JS bundle and the single binary, needs no
 * build step or file at run time, and is served as a same-origin file that a Content-Security-Policy without inline
 * scripts allows. A module may use only its parameter and the browser's globals (it is sent without its imports).
 */
const MODULES: ((ui: InspectorUi) => void)[] = [core, clockPanel, detailsPanel, trafficPanel, sidePanels, chatsPanel];

/**
 * esbuild's `keepNames` (tsx and vitest run the source through it) wraps named inner functions in `__name(fn, 'name')`,
 * a helper defined at the top of the module, not in the function: give the script its own.
 */
const NAME_HELPER = 'const __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });';

let script: string | undefined;

/**
 * @example
 * c.body(inspectorScript(), 200, { 'content-type': 'text/javascript; charset=utf-8' });
 */
export function inspectorScript(): string {
  script ??= `"use strict";\n(() => {\n${NAME_HELPER}\nconst ui = {};\n${MODULES.map((module) => `(${module.toString()})(ui);`).join('\n')}\n})();\n`;
  return script;
}
