import type { MockOptions, ResolvedOptions } from '../context.js';
import { isDeviation } from '../deviations.js';
import { configErrorOf, getConfigSchema, type MockConfig } from './schema.js';

/**
 * The one configuration path (like navikt's `OAuth2Config`): the config object and the options given beside it are
 * resolved here, once, into {@link ResolvedOptions} that the server, the app and the fixtures take whole. Options
 * win over the config's members (lifetimes, limits and workflows member by member), and the schema's defaults fill the rest.
 * Reading files, flags and environment variables is the CLI's business (cli/args.ts), not this module's.
 */

/** The members of the config schema that hold objects merged member by member, not replaced. */
const MERGED = new Set(['lifetimes', 'limits', 'workflows']);

const isResolved = (options: MockOptions | ResolvedOptions): options is ResolvedOptions => (options as Partial<ResolvedOptions>).resolved === true;

/**
 * Resolves options once: the given options win over the config object's members, which win over the defaults.
 * Passing already resolved options returns them unchanged.
 *
 * @example
 * const resolved = resolveOptions({ config: { limits: { maxEntries: 1000 } }, port: 0 });
 * resolved.limits.maxEntries; // 1000
 * @throws ConfigError naming each bad field
 */
export function resolveOptions(options: MockOptions | ResolvedOptions = {}): ResolvedOptions {
  if (isResolved(options)) return options;
  const { config = {}, fixtures, clock, routes, onTokenReply, deviations, basePath, ...given } = options;
  const merged: Record<string, unknown> = { ...config };
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const base = merged[name];
    merged[name] = MERGED.has(name) && base && typeof base === 'object' ? { ...(base as object), ...(value as object) } : value;
  }
  const result = getConfigSchema().safeParse(merged);
  if (!result.success) throw configErrorOf(result.error, 'options');
  const { $schema: _schema, ...resolved } = result.data;
  return {
    ...resolved,
    resolved: true,
    publicUrl: (resolved.publicUrl ?? resolved.baseURL)?.replace(/\/+$/, ''),
    deviations: (deviations ?? []).filter(isDeviation),
    basePath: basePath ?? '',
    fixtures,
    clock,
    routes,
    onTokenReply,
  };
}

export type { MockConfig };
