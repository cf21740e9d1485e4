import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../config/resolve.js';
import { ConfigError } from '../config/schema.js';
import { readCliRequest } from './args.js';

const dir = mkdtempSync(join(tmpdir(), 'coze-mock-cli-'));
writeFileSync(join(dir, 'mock.json'), JSON.stringify({ port: 9100, seed: 'file', host: '127.0.0.2', limits: { maxEntries: 50 } }));

describe('readCliRequest', () => {
  it('flags win over environment variables, which win over the config file', () => {
    const env = { COZE_MOCK_CONFIG: 'mock.json', COZE_MOCK_SEED: 'env', COZE_MOCK_PORT: '9200' };
    const fromEnv = readCliRequest([], env, dir);
    expect(fromEnv).toMatchObject({ kind: 'run', options: { port: 9200, seed: 'env' } });
    const flagged = readCliRequest(['--port', '9300', '--seed', 'flag'], env, dir);
    expect(flagged).toMatchObject({ kind: 'run', options: { port: 9300, seed: 'flag' } });
    if (flagged.kind !== 'run') throw new Error('expected run');
    expect(resolveOptions(flagged.options)).toMatchObject({ host: '127.0.0.2', limits: { maxEntries: 50 } });
    const fileOnly = readCliRequest(['--config', 'mock.json'], {}, dir);
    expect(fileOnly).toMatchObject({ options: { port: 9100 } });
    if (fileOnly.kind !== 'run') throw new Error('expected run');
    expect(resolveOptions(fileOnly.options).seed).toBe('file');
  });

  it('resolves a relative --routes path like --config, and loads nothing while reading the arguments', () => {
    expect(readCliRequest(['--routes', 'routes.mjs'], { INIT_CWD: dir }, '/nonexistent')).toMatchObject({ routesModule: join(dir, 'routes.mjs') });
    expect(readCliRequest(['--routes', '/abs/routes.mjs'], {}, dir)).toMatchObject({ routesModule: '/abs/routes.mjs' });
    expect(readCliRequest([], {}, dir)).not.toHaveProperty('routesModule');
  });

  it('resolves a relative config path against INIT_CWD (where the user ran pnpm), then the working directory', () => {
    expect(readCliRequest(['--config', 'mock.json'], { INIT_CWD: dir }, '/nonexistent')).toMatchObject({ options: { port: 9100 } });
    expect(() => readCliRequest(['--config', 'mock.json'], {}, '/nonexistent')).toThrow(/cannot read \/nonexistent\/mock.json/);
  });

  it('defaults the CLI port to 8787, and reads --version, -h and a leading --', () => {
    expect(readCliRequest([], {}, dir)).toMatchObject({ options: { port: 8787 } });
    expect(readCliRequest(['--version'], {}, dir)).toEqual({ kind: 'version' });
    expect(readCliRequest(['-h'], {}, dir)).toEqual({ kind: 'help' });
    expect(readCliRequest(['--', '--port', '0'], {}, dir)).toMatchObject({ options: { port: 0 } });
  });

  it.each([
    [['--port', 'x'], {}, /--port must be a port/],
    [[], { COZE_MOCK_PORT: '70000' }, /COZE_MOCK_PORT must be a port/],
    [['--nope'], {}, /Unknown option/],
  ])('refuses %j %j with a ConfigError', (argv, env, message) => {
    expect(() => readCliRequest(argv, env, dir)).toThrow(ConfigError);
    expect(() => readCliRequest(argv, env, dir)).toThrow(message);
  });

  it('reads `record` with its own flags, paths relative to where the user ran the command', () => {
    expect(readCliRequest(['record', '--upstream', 'https://api.coze.cn', '--out', 'c.json', '--ignore', 'a,b', '--ignore', 'c'], { INIT_CWD: dir }, '/x')).toEqual({
      kind: 'record',
      options: { upstream: 'https://api.coze.cn', out: join(dir, 'c.json'), port: 8787, ignore: ['a', 'b', 'c'] },
    });
    expect(readCliRequest(['--', 'record', '-h'], {}, dir)).toEqual({ kind: 'help' });
    expect(() => readCliRequest(['record', '--upstream', 'https://api.coze.cn'], {}, dir)).toThrow(/--out/);
    expect(() => readCliRequest(['record', '--upstream', 'u', '--out', 'o', '--port', '70000'], {}, dir)).toThrow(/--port must be/);
  });

  it('reads --replay and --replay-speed into the replay option', () => {
    expect(readCliRequest(['--replay', 'c.json'], { INIT_CWD: dir }, '/x')).toMatchObject({ options: { replay: { cassette: join(dir, 'c.json'), speed: 1 } } });
    expect(readCliRequest(['--replay', '/abs/c.json', '--replay-speed', '0.5'], {}, dir)).toMatchObject({ options: { replay: { cassette: '/abs/c.json', speed: 0.5 } } });
    expect(() => readCliRequest(['--replay', 'c.json', '--replay-speed', 'fast'], {}, dir)).toThrow(/--replay-speed must be a number/);
    expect(() => readCliRequest(['--replay-speed', '1'], {}, dir)).toThrow(/needs --replay/);
  });
});
