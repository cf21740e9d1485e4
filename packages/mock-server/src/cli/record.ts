import { formatExchangeLine } from '../record/print.js';
import { startRecorder, type RecorderOptions } from '../record/recorder.js';

/**
 * `coze-mock record`: starts the recording proxy, says where to point the app, prints each exchange as it is written
 * to the cassette, and stops cleanly on Ctrl-C or SIGTERM.
 *
 * @example
 * await runRecorder({ upstream: 'https://api.coze.cn', out: '/abs/chat.cassette.json', port: 8787 });
 */
export async function runRecorder(options: Omit<RecorderOptions, 'onExchange' | 'onFull' | 'onUnreachable'>): Promise<void> {
  const print = (line: string) => process.stdout.write(line);
  const recorder = await startRecorder({
    ...options,
    onExchange: (exchange, index) => print(formatExchangeLine(exchange, index)),
    onFull: () => process.stderr.write('coze-mock record: the cassette is full (1000 exchanges): forwarding without recording from now on\n'),
    onUnreachable: (method, path, error) =>
      process.stderr.write(`coze-mock record: ${method} ${path}: the upstream did not answer (${(error.cause as Error | undefined)?.message ?? error.message}); not recorded\n`),
  });
  const earlier = recorder.exchanges();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`coze-mock record: ${signal}, stopping; ${recorder.exchanges()} exchanges in ${recorder.out}\n`);
    recorder.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  print(
    `coze-mock record: ${recorder.url} → ${recorder.upstream}\n` +
      `  cassette: ${recorder.out}${earlier ? ` (adding to its ${earlier} exchanges)` : ''}\n` +
      `  point your app's baseURL at ${recorder.url}; credentials are replaced by placeholders before anything is written\n` +
      '  Ctrl-C stops\n\n',
  );
}
