import { isAbsolute, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/schema.js';
import type { RecorderOptions } from '../record/recorder.js';

/** What `coze-mock record …` asks for. */
export type RecordRequest = { kind: 'help' } | { kind: 'record'; options: Omit<RecorderOptions, 'onExchange' | 'onFull' | 'onUnreachable'> };

export const RECORD_USAGE = `coze-mock record: a proxy that records what your app exchanges with Coze into a cassette

Usage: coze-mock record --upstream <base URL> --out <cassette.json> [options]

  --upstream <url>  where requests go: https://api.coze.cn, https://api.coze.com, or any server speaking Coze's API
  --out <file>      the cassette (added to when it exists; relative to where you ran the command)
  --port <n>        port to listen on (default 8787, where your app already points; 0 picks a free one)
  --host <addr>     interface to bind (default 127.0.0.1)
  --ignore <names>  comma-separated names (or dotted paths) that replay matching ignores, e.g. user_id,meta.ts
  -h, --help        show this help

Point your app's baseURL at the printed URL. Credentials are replaced by placeholders before anything is written.
Replay with: coze-mock --replay <cassette.json> [--replay-speed <factor>]
`;

/**
 * Reads `coze-mock record`'s arguments (after `record`).
 *
 * @example
 * readRecordRequest(['--upstream', 'https://api.coze.cn', '--out', 'chat.json'], {}, '/home/me/app');
 * // { kind: 'record', options: { upstream: 'https://api.coze.cn', out: '/home/me/app/chat.json', port: 8787, ignore: [] } }
 * @throws ConfigError for a missing or bad flag (the CLI exits 2)
 */
export function readRecordRequest(argv: readonly string[], env: Record<string, string | undefined>, cwd: string): RecordRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        upstream: { type: 'string' },
        out: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        ignore: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (!values.upstream) throw new ConfigError('record needs --upstream <base URL>, e.g. https://api.coze.cn');
  if (!values.out) throw new ConfigError('record needs --out <cassette.json>');
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port?.trim() === '') {
    throw new ConfigError(`--port must be a port number 0..65535, got ${JSON.stringify(values.port)}`);
  }
  const baseDir = env.INIT_CWD || cwd;
  return {
    kind: 'record',
    options: {
      upstream: values.upstream,
      out: isAbsolute(values.out) ? values.out : resolvePath(baseDir, values.out),
      port,
      ...(values.host ? { host: values.host } : {}),
      ignore: values.ignore.flatMap((list) => list.split(',')).map((name) => name.trim()).filter(Boolean),
    },
  };
}
