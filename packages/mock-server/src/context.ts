import type { Clock } from './clock.js';
import type { Lifetimes } from './config/schema.js';
import type { ResolvedOptions } from './config/resolve.js';
import type { Deviation } from './deviations.js';
import type { LiveFixtures } from './fixtures/runtime.js';
import type { App, Fixtures } from './fixtures/types.js';
import type { Journal } from './journal.js';
import type { Origins } from './origins.js';
import type { ReplyBook } from './replies/index.js';
import type { Caller } from './routes/openapi.js';
import type { MockStore } from './state/index.js';

/** Everything a route needs: one instance per mock server, shared by its routes and its control API. */
export interface MockContext {
  /** The resolved configuration, handed whole (config/resolve.ts). */
  options: ResolvedOptions;
  /** The seeded fixtures (never changed at run time; see `live` for what the control API adds). */
  fixtures: Fixtures;
  /** Seeded plus run-time fixtures (`/__mock/apps`, `/users`, `/pats` …): the lookups routes use. */
  live: LiveFixtures;
  clock: Clock;
  store: MockStore;
  lifetimes: Lifetimes;
  /** Departures from the contract switched on (see deviations.ts); empty in normal use. */
  deviations: Set<Deviation>;
  journal: Journal;
  /** Scripted replies and faults (`/__mock/replies`, `/__mock/faults`). */
  replies: ReplyBook;
  /** The mock's own origins: accepted JWT audiences, advertised URLs, control-API origins. */
  origins: Origins;
  /** Finds an app by client id (or JWT app id), seeded or added at run time. */
  findApp(clientId: string): App | undefined;
}

/** Hono environment type shared by every route. */
export interface MockEnv {
  Variables: {
    logid: string;
    /** The mock answering this request, for middleware written outside it (`requireToken`). */
    mock: MockContext;
    /** Set by `requireToken` for the handler behind it. */
    caller?: Caller;
    /** The body text once read (http.ts `readBodyText`), so a scripted-reply rule and the route can both read it. */
    bodyText?: string;
    /** Filled by the token route so the journal can record it. */
    grantType?: string;
    clientId?: string;
    errorCode?: string | number;
    /** The client went away before the reply. */
    aborted?: boolean;
  };
}
