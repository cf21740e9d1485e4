#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, type MockConfig } from './config/schema.js';
import { startMockServer } from './server.js';
import { formatBanner } from './cli/banner.js';

const USAGE = `coze-mock: an offline mock of the Coze OAuth server

Usage: coze-mock [options]

  --port <n>        port to listen on (default 8787; 0 picks a free one)
  --host <addr>     interface to bind (default 127.0.0.1)
  --config <file>   JSON config adding apps, redirect URIs, keys, PATs, users, workspaces, lifetimes
  --seed <text>     fixture seed: same seed, same ids, secrets and keys (default coze-mock)
  --json            print the fixtures as JSON (one line) instead of the banner
  --allow-remote-control   answer /__mock to non-loopback clients (off by default)
  -h, --help        show this help
`;

/** Parses argv; exits with a clear message on a bad flag or config. */
function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-remote-control': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  let config: MockConfig = {};
  if (values.config) {
    let raw: string;
    try {
      raw = readFileSync(values.config, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read ${values.config}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new ConfigError(`${values.config} is not valid JSON: ${(error as Error).message}`);
    }
    config = parseConfig(json, values.config);
  }
  const port = values.port === undefined ? (config.port ?? 8787) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be 0..65535, got ${values.port}`);
  return {
    port,
    host: values.host ?? config.host ?? '127.0.0.1',
    config,
    ...(values.seed ? { seed: values.seed } : {}),
    json: values.json,
    allowRemoteControl: values['allow-remote-control'] || config.allowRemoteControl === true,
  };
}

async function main() {
  let options: ReturnType<typeof readOptions>;
  try {
    // `pnpm start -- --port 9000` hands the CLI a leading `--` (npm's habit); flags after it are still flags.
    const argv = process.argv.slice(2);
    options = readOptions(argv[0] === '--' ? argv.slice(1) : argv);
  } catch (error) {
    process.stderr.write(`coze-mock: ${(error as Error).message}\n\n${error instanceof ConfigError ? '' : USAGE}`);
    process.exit(2);
  }
  const server = await startMockServer(options).catch((error: NodeJS.ErrnoException) => {
    // A config that parses but cannot make fixtures (a client id taken twice, a fourth key …) is a config error too.
    if (error instanceof ConfigError) {
      process.stderr.write(`coze-mock: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`coze-mock: cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}\n`);
    process.exit(1);
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
  process.stdout.write(options.json ? `${JSON.stringify(server.fixtures)}\n` : formatBanner(server.fixtures));
}

void main();
