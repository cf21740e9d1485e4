import type { Clock } from './clock.js';
import type { Lifetimes } from './config/schema.js';
import type { Deviation } from './deviations.js';
import type { FaultPlan } from './faults.js';
import type { App, Fixtures } from './fixtures/types.js';
import type { Journal } from './journal.js';
import type { MockStore } from './state/index.js';

/** Everything a route needs: one instance per mock server, shared by its routes and its control API. */
export interface MockContext {
  fixtures: Fixtures;
  clock: Clock;
  store: MockStore;
  lifetimes: Lifetimes;
  /** Departures from the contract switched on (see deviations.ts); empty in normal use. */
  deviations: Set<Deviation>;
  journal: Journal;
  faults: FaultPlan;
  /** Public base URL if configured; otherwise each request's own origin is used. */
  baseURL: string | undefined;
  allowRemoteControl: boolean;
  bodyLimitBytes: number;
  /** Finds an app by client id (or JWT app id). */
  findApp(clientId: string): App | undefined;
}

/** Hono environment type shared by every route. */
export interface MockEnv {
  Variables: {
    logid: string;
    /** Filled by the token route so the journal can record it. */
    grantType?: string;
    clientId?: string;
    errorCode?: string | number;
  };
}
