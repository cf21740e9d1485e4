/**
 * The one place the mock reads the time. Every lifetime (codes, tokens, device grants, JWT checks) asks a
 * {@link Clock}, so tests can move time forward instead of sleeping.
 */

/** A clock the server reads; `advance` and `set` are how tests and the control API move time. */
export interface Clock {
  /** Current time in milliseconds since the Unix epoch. */
  now(): number;
  /** Current time in whole seconds since the Unix epoch (what OAuth replies carry). */
  nowSeconds(): number;
  /** Moves the clock forward (or back, with a negative value) by `seconds`. */
  advance(seconds: number): void;
  /** Pins the clock to an instant; it keeps ticking from there unless the clock is frozen. */
  set(instant: number | Date): void;
  /** Drops every adjustment: back to the source time (or the initial frozen instant), frozen or ticking as created. */
  reset(): void;
  /** Whether the clock stands still between `advance`/`set` calls. */
  readonly frozen: boolean;
  /**
   * Stops the clock where it is (`true`) or lets it tick on from there (`false`). Optional for clocks of your own:
   * the control API answers 400 to a clock without it.
   */
  freeze?(frozen: boolean): void;
}

/** How to build a {@link Clock}. */
export interface ClockOptions {
  /**
   * Stand still at this instant (ms or Date) instead of following the wall clock. Tests that pin time use it;
   * the SDK signs JWTs with its own `Date.now()`, so suites that sign JWTs usually keep a ticking clock.
   */
  frozenAt?: number | Date;
  /** Where "real" time comes from; defaults to `Date.now`. Read at each call, so fake timers are honoured. */
  source?: () => number;
}

const toMillis = (instant: number | Date): number => (instant instanceof Date ? instant.getTime() : instant);

/**
 * Creates a clock: by default the wall clock plus an adjustable offset; with `frozenAt`, a clock that only moves
 * when told to.
 *
 * @example
 * const clock = createClock({ frozenAt: new Date('2026-01-01T00:00:00Z') });
 * clock.advance(301); // a 5-minute code is now expired
 * clock.nowSeconds(); // 1767225901
 */
export function createClock(options: ClockOptions = {}): Clock {
  const source = options.source ?? (() => Date.now());
  const frozenAtStart = options.frozenAt !== undefined;
  const initial = frozenAtStart ? toMillis(options.frozenAt as number | Date) : 0;
  let frozen = frozenAtStart;
  // Frozen: `value` is the instant itself. Ticking: `value` is an offset added to the source.
  let value = initial;
  const now = (): number => (frozen ? value : source() + value);
  return {
    get frozen() {
      return frozen;
    },
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    advance(seconds: number) {
      value += seconds * 1000;
    },
    set(instant: number | Date) {
      value = frozen ? toMillis(instant) : toMillis(instant) - source();
    },
    reset() {
      frozen = frozenAtStart;
      value = initial;
    },
    freeze(stop: boolean) {
      if (stop === frozen) return;
      // The same instant either way: as an instant when it stops, as an offset from the source when it ticks again.
      value = stop ? source() + value : value - source();
      frozen = stop;
    },
  };
}
