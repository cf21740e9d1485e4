import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES } from '../state/index.js';
import { resolveOptions } from './resolve.js';
import { ConfigError, DEFAULT_LIFETIMES } from './schema.js';

describe('resolveOptions', () => {
  it('fills the defaults', () => {
    const resolved = resolveOptions();
    expect(resolved).toMatchObject({ host: '127.0.0.1', port: 0, bodyLimitBytes: 65536, allowRemoteControl: false, corsOrigins: [] });
    expect(resolved.lifetimes).toEqual(DEFAULT_LIFETIMES);
    expect(resolved.limits.maxEntries).toBe(DEFAULT_MAX_ENTRIES);
  });

  it('lets programmatic options win over the config object, which wins over the defaults', () => {
    const resolved = resolveOptions({
      config: { seed: 'file', bodyLimitBytes: 4096, lifetimes: { codeSeconds: 30, accessTokenSeconds: 60 }, limits: { maxEntries: 10 }, publicUrl: 'http://a.example/' },
      seed: 'flag',
      lifetimes: { codeSeconds: 5 },
    });
    expect(resolved).toMatchObject({ seed: 'flag', bodyLimitBytes: 4096, publicUrl: 'http://a.example', limits: { maxEntries: 10 } });
    expect(resolved.lifetimes).toMatchObject({ codeSeconds: 5, accessTokenSeconds: 60, deviceIntervalSeconds: 5 });
  });

  it('refuses a bad option with a ConfigError naming it', () => {
    expect(() => resolveOptions({ port: -1 })).toThrow(ConfigError);
    expect(() => resolveOptions({ lifetimes: { codeSeconds: 0 } })).toThrow(/lifetimes\.codeSeconds/);
  });

  it('returns an already resolved object unchanged', () => {
    const resolved = resolveOptions({ seed: 'x' });
    expect(resolveOptions(resolved)).toBe(resolved);
  });
});
