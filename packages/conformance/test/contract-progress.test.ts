import { describe, expect, it } from 'vitest';
import { createProgress, processSink } from '../src/contract/progress.js';

/** A sink that records what was written, and a clock the test moves. */
function recorder(live: boolean) {
  const written: string[] = [];
  let now = 0;
  return { sink: { live, write: (text: string) => void written.push(text) }, written, tick: (ms: number) => (now += ms), now: () => now };
}

describe('pnpm contract progress', () => {
  it('in CI: one plain line per event, naming the version, its state, and how many are done and left', () => {
    const r = recorder(false);
    const progress = createProgress('versions', 3, r.sink, r.now);
    progress.update('1.3.9', 'running');
    progress.update('1.0.14', 'running');
    r.tick(2100);
    progress.update('1.3.9', 'done', '102 pass');
    progress.update('1.0.14', 'failed');
    progress.end();
    expect(r.written).toEqual([
      'contract: 1.3.9 running (0 of 3 versions done, 3 left)\n',
      'contract: 1.0.14 running (0 of 3 versions done, 3 left)\n',
      'contract: 1.3.9 done in 2.1 s: 102 pass (1 of 3 versions done, 2 left)\n',
      'contract: 1.0.14 failed in 2.1 s (2 of 3 versions done, 1 left)\n',
    ]);
  });

  it('on a terminal: one live line rewritten in place with what is under way; finished ones keep a line', () => {
    const r = recorder(true);
    const progress = createProgress('versions', 2, r.sink, r.now);
    progress.update('latest', 'installing');
    progress.update('1.3.9', 'running');
    expect(r.written.at(-1)).toBe('\r\x1b[K[0 of 2 versions done, 2 left] latest installing, 1.3.9 running');
    progress.update('1.3.9', 'done', '102 pass');
    expect(r.written.slice(-2)).toEqual(['\r\x1b[Kcontract: 1.3.9 done in 0.0 s: 102 pass (1 of 2 versions done, 1 left)\n', '\r\x1b[K[1 of 2 versions done, 1 left] latest installing']);
    progress.end();
    expect(r.written.at(-1)).toBe('\r\x1b[K');
  });

  it('is live only on a TTY outside CI', () => {
    const tty = { isTTY: true, write: () => true } as unknown as NodeJS.WriteStream;
    expect(processSink(tty, {}).live).toBe(true);
    expect(processSink(tty, { CI: 'true' }).live).toBe(false);
    expect(processSink({ ...tty, isTTY: false } as unknown as NodeJS.WriteStream, {}).live).toBe(false);
  });
});
