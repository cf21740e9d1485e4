#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CLI_ENV, readCliRequest } from './cli/args.js';
import type { StartOptions } from './context.js';
import { ConfigError } from './config/schema.js';
import { startMockServer } from './server.js';
import { formatBanner } from './cli/banner.js';
import { RECORD_USAGE } from './cli/record-args.js';
import { runRecorder } from './cli/record.js';
import { loadRoutesModule } from './cli/routes-module.js';

/** Replaced by the single-file bundles (esbuild `define`); read from package.json otherwise. */
declare const __COZE_MOCK_VERSION__: string | undefined;

const USAGE = `coze-mock: an offline mock of the Coze OAuth server

Usage: coze-mock [options]
       coze-mock record --upstream <base URL> --out <cassette.json>   (coze-mock record --help)

  --port <n>        port to listen on (default 8787; 0 picks a free one)       env COZE_MOCK_PORT
  --host <addr>     interface to bind (default 127.0.0.1)                      env COZE_MOCK_HOST
  --config <file>   JSON config adding apps, redirect URIs, keys, PATs, users,  env COZE_MOCK_CONFIG
                    workspaces, lifetimes, limits (relative to where you ran the command)
  --seed <text>     fixture seed: same seed, same ids, secrets and keys         env COZE_MOCK_SEED
                    (default coze-mock)
  --routes <file>   a module exporting your own Hono routes (or ({ Hono, requireToken }) => routes),
                    mounted like createMockApp({ routes }) (relative to where you ran the command)
  --json            print the fixtures as JSON (one line) instead of the banner
  --replay <file>   answer the requests of a recorded cassette (coze-mock record), behind the mock's own tokens
  --replay-speed <factor>   recorded stream timing: 1 as recorded (default), 2 twice as fast, 0 no waits
  --allow-remote-control   answer /__mock to non-loopback clients (off by default)
  -v, --version     print the version
  -h, --help        show this help

Flags win over environment variables, which win over the config file.
`;

function version(): string {
  if (typeof __COZE_MOCK_VERSION__ === 'string') return __COZE_MOCK_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function fail(message: string, code: number): never {
  process.stderr.write(`coze-mock: ${message}\n`);
  process.exit(code);
}

/** `coze-mock record …`: its own usage on a bad flag. */
const recording = () => process.argv.slice(2).filter((arg) => arg !== '--')[0] === 'record';

async function main() {
  let options: StartOptions;
  let json: boolean;
  try {
    const env = Object.fromEntries([...CLI_ENV, 'INIT_CWD'].map((name) => [name, process.env[name]]));
    const request = readCliRequest(process.argv.slice(2), env, process.cwd());
    if (request.kind === 'help') {
      process.stdout.write(recording() ? RECORD_USAGE : USAGE);
      return;
    }
    if (request.kind === 'record') {
      const { host, port } = request.options;
      await runRecorder(request.options).catch((error: NodeJS.ErrnoException) => {
        if (error instanceof ConfigError) fail(error.message, 2);
        fail(`cannot listen on ${host ?? '127.0.0.1'}:${port}: ${error.code ?? error.message}`, 1);
      });
      return;
    }
    if (request.kind === 'version') {
      process.stdout.write(`${version()}\n`);
      return;
    }
    ({ options, json } = request);
    if (request.routesModule) options = { ...options, routes: loadRoutesModule(request.routesModule) };
  } catch (error) {
    if (error instanceof ConfigError) fail(`${error.message}\n\n${recording() ? RECORD_USAGE : USAGE}`, 2);
    throw error;
  }
  const server = await startMockServer(options).catch((error: NodeJS.ErrnoException) => {
    // A config that parses but cannot make fixtures (a client id taken twice, a fourth key …) is a config error too.
    if (error instanceof ConfigError) fail(error.message, 2);
    fail(`cannot listen on ${options.host ?? '127.0.0.1'}:${options.port}: ${error.code ?? error.message}`, 1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`coze-mock: ${signal}, stopping\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Print only once the handlers are in place: a supervisor may signal as soon as it reads the ready line.
  process.stdout.write(json ? `${JSON.stringify(server.fixtures)}\n` : formatBanner(server.fixtures));
  if (!json && options.replay) {
    process.stdout.write(`Replaying ${options.replay.cassette}: ${server.app.mock.replies.list('cassettes').length} recorded replies, behind the mock's own tokens\n`);
  }
}

void main();
