import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import type { Hono } from 'hono';
import type { Clock } from '../clock.js';
import type { MockEnv } from '../context.js';
import type { TokenReplyHook } from '../tokens.js';
import { isDeviation, type Deviation } from '../deviations.js';
import type { Fixtures } from '../fixtures/types.js';
import { DEFAULT_MAX_ENTRIES, type StateLimits } from '../state/index.js';
import { ConfigError, DEFAULT_LIFETIMES, parseConfig, type Lifetimes, type MockConfig } from './schema.js';

/**
 * The one configuration path (like navikt's `OAuth2Config`): defaults, the config file, environment variables and
 * flags are resolved here, once, into a {@link ResolvedOptions} that the server, the app and the fixtures take whole.
 * Precedence: flags > environment > config file > defaults. Programmatic options count as flags.
 */

/** Options of `createMockApp` and `startMockServer`. Every field is optional. */
export interface MockOptions {
  /** Fixture seed: the same seed gives the same ids, secrets and keys. Default `coze-mock`. */
  seed?: string;
  /** Extra apps, users, workspaces, PATs, keys, lifetimes and limits (the config file's shape). */
  config?: MockConfig;
  /** Pre-built fixtures (skips seeding; `seed` and the config's fixture parts are then ignored). */
  fixtures?: Fixtures;
  /** The clock every lifetime reads. Default: the wall clock plus an offset the control API can move. */
  clock?: Clock;
  /** Lifetimes overriding the config's and the defaults. */
  lifetimes?: Partial<Lifetimes>;
  /** Public URL to advertise (fixtures, `verification_uri`), e.g. behind a proxy. Default: the bound address. */
  publicUrl?: string;
  /** Older name of `publicUrl`. */
  baseURL?: string;
  /** Answer `/__mock` to non-loopback clients. Default false. */
  allowRemoteControl?: boolean;
  /** Largest accepted request body in bytes. Default 64 KiB. */
  bodyLimitBytes?: number;
  /** Contract deviations to switch on (meta-tests only; see deviations.ts). */
  deviations?: Deviation[];
  /** Browser origins allowed by CORS besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`). */
  corsOrigins?: string[];
  /** Caps on the state tables (see `limits` in the config file). */
  limits?: Partial<StateLimits>;
  /** Your own routes (stubs of the rest of Coze's API), mounted at `/`; guard them with `requireToken()`. */
  routes?: Hono<MockEnv>;
  /** May change every token reply before it is sent (extra fields, a shorter `expires_in`). */
  onTokenReply?: TokenReplyHook;
  /** Most live sandboxes (`POST /__mock/sandboxes`); 0 turns sandboxes off. Default 50. */
  maxSandboxes?: number;
  /** The path prefix the app is served under (a sandbox's `/__sandbox/{id}`); its pages and links stay inside it. */
  basePath?: string;
}

/** Where and how to listen, on top of {@link MockOptions}. */
export interface StartOptions extends MockOptions {
  /** Port; 0 (the default here) picks a free one, which is what parallel test files want. */
  port?: number;
  /** Interface; default 127.0.0.1. Binding elsewhere does not open the control API (see allowRemoteControl). */
  host?: string;
}

const RESOLVED = Symbol('coze-mock resolved options');

/** Every option with its final value. Built only by {@link resolveOptions}. */
export interface ResolvedOptions {
  readonly [RESOLVED]: true;
  seed: string | undefined;
  host: string;
  port: number;
  publicUrl: string | undefined;
  allowRemoteControl: boolean;
  bodyLimitBytes: number;
  corsOrigins: string[];
  lifetimes: Lifetimes;
  limits: StateLimits;
  deviations: Deviation[];
  /** The config file's content, for the fixtures (apps, users, keys …). */
  config: MockConfig;
  fixtures: Fixtures | undefined;
  clock: Clock | undefined;
  routes: Hono<MockEnv> | undefined;
  onTokenReply: TokenReplyHook | undefined;
  maxSandboxes: number;
  /** `''`, or `/__sandbox/{id}` for a sandbox. */
  basePath: string;
}

/** Default cap on live sandboxes. */
export const DEFAULT_MAX_SANDBOXES = 50;

/** Default largest request body: 64 KiB, far above any real Coze auth request. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

const withoutTrailingSlash = (url: string | undefined) => url?.replace(/\/+$/, '');

/**
 * Resolves options once: programmatic values win over the config object's, which win over the defaults.
 * Passing an already resolved object returns it unchanged.
 *
 * @example
 * const resolved = resolveOptions({ config: { limits: { maxEntries: 1000 } }, port: 0 });
 * resolved.limits.maxEntries; // 1000
 */
export function resolveOptions(options: StartOptions | ResolvedOptions = {}): ResolvedOptions {
  if (RESOLVED in options) return options;
  const config = options.config ?? {};
  return {
    [RESOLVED]: true,
    seed: options.seed ?? config.seed,
    host: options.host ?? config.host ?? '127.0.0.1',
    port: options.port ?? config.port ?? 0,
    publicUrl: withoutTrailingSlash(options.publicUrl ?? options.baseURL ?? config.publicUrl ?? config.baseURL),
    allowRemoteControl: options.allowRemoteControl ?? config.allowRemoteControl ?? false,
    bodyLimitBytes: options.bodyLimitBytes ?? config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    corsOrigins: [...(config.corsOrigins ?? []), ...(options.corsOrigins ?? [])],
    lifetimes: { ...DEFAULT_LIFETIMES, ...config.lifetimes, ...options.lifetimes },
    limits: { maxEntries: options.limits?.maxEntries ?? config.limits?.maxEntries ?? DEFAULT_MAX_ENTRIES },
    deviations: (options.deviations ?? []).filter(isDeviation),
    config,
    fixtures: options.fixtures,
    clock: options.clock,
    routes: options.routes,
    onTokenReply: options.onTokenReply,
    maxSandboxes: options.maxSandboxes ?? DEFAULT_MAX_SANDBOXES,
    basePath: options.basePath ?? '',
  };
}

/** What the command line asks for. */
export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; options: StartOptions; json: boolean };

/** The environment variables the CLI reads (flags win over them). */
export const CLI_ENV = ['COZE_MOCK_PORT', 'COZE_MOCK_HOST', 'COZE_MOCK_CONFIG', 'COZE_MOCK_SEED'] as const;

function portOf(value: string, source: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${source} must be a port number 0..65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

function readConfigFile(path: string): MockConfig {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(json, path);
}

/**
 * Reads the command line and the environment into options for `startMockServer`. A relative `--config` path is
 * resolved against the directory the user ran the command in (`INIT_CWD` under pnpm and npm scripts).
 *
 * @example
 * readCliRequest(['--port', '0'], { COZE_MOCK_SEED: 'ci' }, '/home/me/app');
 * // { kind: 'run', json: false, options: { port: 0, seed: 'ci', config: {} } }
 * @throws ConfigError for a bad flag value, environment variable or config file (the CLI exits 2)
 */
export function readCliRequest(argv: readonly string[], env: Record<string, string | undefined>, cwd: string): CliRequest {
  // `pnpm start -- --port 9000` hands the CLI a leading `--` (npm's habit); flags after it are still flags.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        'allow-remote-control': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const baseDir = env.INIT_CWD || cwd;
  const configPath = values.config ?? (env.COZE_MOCK_CONFIG || undefined);
  const config = configPath ? readConfigFile(isAbsolute(configPath) ? configPath : resolvePath(baseDir, configPath)) : {};
  const port =
    values.port !== undefined ? portOf(values.port, '--port') : env.COZE_MOCK_PORT ? portOf(env.COZE_MOCK_PORT, 'COZE_MOCK_PORT') : undefined;
  const host = values.host ?? (env.COZE_MOCK_HOST || undefined);
  const seed = values.seed ?? (env.COZE_MOCK_SEED || undefined);
  const options: StartOptions = {
    config,
    // The CLI's port default is 8787; the library's is 0 (a free port for tests).
    port: port ?? config.port ?? 8787,
    ...(host ? { host } : {}),
    ...(seed ? { seed } : {}),
    ...(values['allow-remote-control'] ? { allowRemoteControl: true } : {}),
  };
  return { kind: 'run', options, json: values.json };
}
