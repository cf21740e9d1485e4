/**
 * Progress of a long `pnpm contract` run: which SDK version (or deviation) is installing or running, how many are done
 * and how many are left. On a terminal one line rewritten in place; in CI (or piped) one plain line per event, so a
 * log shows the same story.
 */

/** What a unit of work (a version, a deviation) is doing. */
export type ProgressState = 'installing' | 'running' | 'done' | 'failed';

export interface Progress {
  /** Reports that `name` entered `state`; `note` (a summary like "100 pass, 2 n/a") goes with done and failed. */
  update(name: string, state: ProgressState, note?: string): void;
  /** Ends the live line (a no-op in plain mode). */
  end(): void;
}

/** Where progress goes: a stream and whether it is a terminal that takes `\r` rewrites. */
export interface ProgressSink {
  write(text: string): void;
  live: boolean;
}

/**
 * The sink for this process: stdout, live only on a TTY outside CI.
 *
 * @example
 * createProgress('versions', 5, processSink());
 */
export const processSink = (stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): ProgressSink => ({
  write: (text) => stream.write(text),
  live: Boolean(stream.isTTY) && !env.CI,
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A progress reporter for `total` units of `what` (say "versions").
 *
 * @example
 * const progress = createProgress('versions', 5, processSink());
 * progress.update('1.0.14', 'running');          // contract: 1.0.14 running (0 of 5 versions done, 5 left)
 * progress.update('1.0.14', 'done', '98 pass');   // contract: 1.0.14 done in 2.1 s: 98 pass (1 of 5 versions done, 4 left)
 */
export function createProgress(what: string, total: number, sink: ProgressSink, now: () => number = () => performance.now()): Progress {
  const states = new Map<string, { state: ProgressState; since: number }>();
  const count = () => [...states.values()].filter((s) => s.state === 'done' || s.state === 'failed').length;
  const tally = () => `${count()} of ${total} ${what} done, ${total - count()} left`;
  let shown = false;
  const liveLine = () => {
    const busy = [...states.entries()].filter(([, s]) => s.state === 'installing' || s.state === 'running');
    const doing = busy.map(([name, s]) => `${name} ${s.state}`).join(', ');
    return `\r\x1b[K[${tally()}]${doing ? ` ${doing}` : ''}`;
  };
  return {
    update(name, state, note) {
      const previous = states.get(name);
      const at = now();
      states.set(name, { state, since: state === 'done' || state === 'failed' ? (previous?.since ?? at) : at });
      const finished = state === 'done' || state === 'failed';
      const line = `contract: ${name} ${state}${finished ? ` in ${seconds(at - (previous?.since ?? at))}` : ''}${note ? `: ${note}` : ''} (${tally()})`;
      if (!sink.live) {
        sink.write(`${line}\n`);
        return;
      }
      // Finished units keep a line of their own above the live one; the live line shows what is under way.
      if (finished) sink.write(`\r\x1b[K${line}\n`);
      sink.write(liveLine());
      shown = true;
    },
    end() {
      if (sink.live && shown) sink.write('\r\x1b[K');
      shown = false;
    },
  };
}
