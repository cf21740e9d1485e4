import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import type { StartOptions } from '../context.js';
import { ConfigError, parseConfig, type MockConfig } from '../config/schema.js';
import { readRecordRequest, type RecordRequest } from './record-args.js';

/**
 * The command line and the environment of `coze-mock`, read into options for `startMockServer`. Precedence: flags >
 * environment > config file > defaults.
 */

/** What the command line asks for. */
export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; options: StartOptions; json: boolean; routesModule?: string }
  | RecordRequest;

/** The environment variables the CLI reads (flags win over them). */
export const CLI_ENV = ['COZE_MOCK_PORT', 'COZE_MOCK_HOST', 'COZE_MOCK_CONFIG', 'COZE_MOCK_SEED'] as const;

/** The CLI's port when nothing names one; the library's is 0 (a free port for tests). */
export const CLI_DEFAULT_PORT = 8787;

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
  if (args[0] === 'record') return readRecordRequest(args.slice(1), env, cwd);
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        seed: { type: 'string' },
        routes: { type: 'string' },
        json: { type: 'boolean', default: false },
        replay: { type: 'string' },
        'replay-speed': { type: 'string' },
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
    port: port ?? config.port ?? CLI_DEFAULT_PORT,
    ...(host ? { host } : {}),
    ...(seed ? { seed } : {}),
    ...(values['allow-remote-control'] ? { allowRemoteControl: true } : {}),
    ...replayOf(values.replay, values['replay-speed'], baseDir),
  };
  // Loaded by the CLI (cli/routes-module.ts): reading arguments runs no code of the user's.
  const routesModule = values.routes === undefined ? undefined : isAbsolute(values.routes) ? values.routes : resolvePath(baseDir, values.routes);
  return { kind: 'run', options, json: values.json, ...(routesModule ? { routesModule } : {}) };
}

/** `--replay <cassette>` (relative to where the user ran the command) and `--replay-speed <factor>`. */
function replayOf(cassette: string | undefined, speed: string | undefined, baseDir: string): Pick<StartOptions, 'replay'> {
  if (cassette === undefined) {
    if (speed !== undefined) throw new ConfigError('--replay-speed needs --replay <cassette.json>');
    return {};
  }
  const factor = speed === undefined ? 1 : Number(speed);
  if (speed?.trim() === '' || !Number.isFinite(factor) || factor < 0 || factor > 100) {
    throw new ConfigError(`--replay-speed must be a number 0..100 (1: as recorded, 2: twice as fast, 0: no waits), got ${JSON.stringify(speed)}`);
  }
  return { replay: { cassette: isAbsolute(cassette) ? cassette : resolvePath(baseDir, cassette), speed: factor } };
}
