import { serve, type ServerType } from '@hono/node-server';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CASSETTE_FORMAT, MAX_CASSETTE_EXCHANGES, type CassetteExchange, type CassetteInput } from '../cassettes/format.js';
import { readCassetteFile, stableJson } from '../cassettes/index.js';
import { ConfigError } from '../config/schema.js';
import { createRecordingProxy } from './proxy.js';
import { redactExchange } from './redact.js';
import { createSecrets } from './secrets.js';

/**
 * `coze-mock record`: the recording proxy on a port, writing each exchange to the cassette file as soon as it is
 * complete and redacted (the whole file again, through a temporary file and a rename, so the file on disk is always
 * a whole cassette). An existing cassette is added to, never overwritten.
 */

export interface RecorderOptions {
  /** Where requests go: real Coze (`https://api.coze.cn`) or any server speaking its API. */
  upstream: string;
  /** The cassette file (added to when it exists). */
  out: string;
  /** Default 0: a free port. */
  port?: number;
  host?: string;
  /** Names or dotted paths that replay matching ignores (kept in the cassette, where you may edit them). */
  ignore?: string[];
  /** Told of each exchange once it is on disk (`index` counts from 0 across the whole cassette). */
  onExchange?(exchange: CassetteExchange, index: number): void;
  /** Told once when the cassette is full (further requests are forwarded, not recorded). */
  onFull?(): void;
  /** Told when the upstream could not be reached (the client got a 502; nothing recorded). */
  onUnreachable?(method: string, path: string, error: Error): void;
}

export interface RunningRecorder {
  /** Hand this to the app as `baseURL`. */
  url: string;
  port: number;
  /** The upstream without user or password. */
  upstream: string;
  out: string;
  /** Exchanges in the cassette, those of earlier sessions included. */
  exchanges(): number;
  close(): Promise<void>;
}

/** The upstream as it may be written down: no user, no password, no trailing slash. */
function publicUpstream(upstream: string): string {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new ConfigError(`--upstream must be an http(s) URL, got ${JSON.stringify(upstream)}`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new ConfigError(`--upstream must be an http(s) URL, got ${JSON.stringify(upstream)}`);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * @example
 * const recorder = await startRecorder({ upstream: 'https://api.coze.cn', out: 'coze.cassette.json' });
 * // new CozeAPI({ token: pat, baseURL: recorder.url }) …
 * await recorder.close();
 */
export async function startRecorder(options: RecorderOptions): Promise<RunningRecorder> {
  const upstream = publicUpstream(options.upstream);
  const earlier = existsSync(options.out) ? readCassetteFile(options.out) : undefined;
  const cassette: CassetteInput & { exchanges: CassetteExchange[] } = {
    format: CASSETTE_FORMAT,
    upstream,
    ignore: [...new Set([...(earlier?.ignore ?? []), ...(options.ignore ?? [])])].sort(),
    exchanges: earlier?.exchanges ?? [],
  };
  // Placeholders of this session continue the numbering of the earlier ones.
  const secrets = createSecrets(earlier ? stableJson(earlier) : '');
  const save = () => {
    const temporary = `${options.out}.${process.pid}.tmp`;
    writeFileSync(temporary, stableJson(cassette), { mode: 0o600 });
    renameSync(temporary, options.out);
  };
  save();
  let full = false;
  let url = '';
  const proxy = createRecordingProxy({
    upstream,
    selfUrl: () => url,
    onUnreachable: options.onUnreachable,
    onExchange(captured) {
      if (cassette.exchanges.length >= MAX_CASSETTE_EXCHANGES) {
        if (!full) options.onFull?.();
        full = true;
        return;
      }
      const exchange = redactExchange(captured, secrets);
      cassette.exchanges.push(exchange);
      save();
      options.onExchange?.(exchange, cassette.exchanges.length - 1);
    },
  });
  const host = options.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: proxy.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    upstream,
    out: options.out,
    exchanges: () => cassette.exchanges.length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as ServerType & { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
