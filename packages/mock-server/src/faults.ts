import { isControlPath } from './endpoints.js';

/** A planned failure: the next `count` requests whose path starts with `pathPrefix` fail with `status`. */
export interface FaultRule {
  id: number;
  pathPrefix: string;
  method?: string;
  status: 429 | 500 | 503;
  remaining: number;
  /** Delay before answering (ms), to exercise client timeouts. Capped at 10 s. */
  delayMs: number;
}

/**
 * Fault injection for tests (control API `POST /__mock/faults`).
 *
 * @example
 * faults.add({ pathPrefix: '/api/permission/oauth2/token', status: 503, count: 1 });
 */
export interface FaultPlan {
  add(rule: { pathPrefix?: string; method?: string; status: 429 | 500 | 503; count?: number; delayMs?: number }): FaultRule;
  /** Consumes and returns the first rule matching the request, if any. */
  take(method: string, path: string): FaultRule | undefined;
  list(): FaultRule[];
  /** Whether any rule is waiting (the request path skips the lookup when none is). */
  planned(): boolean;
  clear(): void;
}

export function createFaultPlan(): FaultPlan {
  let rules: FaultRule[] = [];
  let nextId = 1;
  return {
    add({ pathPrefix = '/', method, status, count = 1, delayMs = 0 }) {
      const rule: FaultRule = {
        id: nextId++,
        pathPrefix,
        ...(method ? { method: method.toUpperCase() } : {}),
        status,
        remaining: count,
        delayMs: Math.min(delayMs, 10_000),
      };
      rules.push(rule);
      return rule;
    },
    take(method, path) {
      // The control API itself is never faulted, or a test could lock itself out.
      if (isControlPath(path)) return undefined;
      const rule = rules.find((r) => path.startsWith(r.pathPrefix) && (!r.method || r.method === method));
      if (!rule) return undefined;
      rule.remaining--;
      if (rule.remaining <= 0) rules = rules.filter((r) => r !== rule);
      return rule;
    },
    list: () => rules.map((r) => ({ ...r })),
    planned: () => rules.length > 0,
    clear() {
      rules = [];
    },
  };
}
