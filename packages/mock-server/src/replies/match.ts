import { isDeepStrictEqual } from 'node:util';

/**
 * Query and JSON-body matching of scripted replies (`match.query`, `match.body`, `match.ignore`, `match.exact`), the
 * way WireMock's recorder and Polly.JS compare a recorded request with a new one:
 *
 * - `query`: each parameter given must be sent with exactly these values (a list: all of them, in order);
 * - `body`: the request's JSON body must hold what is given: objects member by member, arrays element by element
 *   (same length), anything else strictly equal;
 * - `ignore`: names never compared (`"id"`: a member or parameter of that name anywhere; `"meta.created_at"`: that
 *   member path from the root only), for what differs on every run (ids, timestamps, nonces);
 * - `exact`: the request may carry nothing beyond what is given (ignored names aside), so a recording of
 *   `?page=1` does not answer `?page=1&size=5`. Cassettes replay with `exact`; hand-written rules default to subset.
 */

/** The part of a rule's `match` this module compares. */
export interface RequestShapeMatch {
  query?: Record<string, string | string[]> | undefined;
  body?: unknown;
  ignore?: readonly string[] | undefined;
  exact?: boolean | undefined;
}

/** `ignore` split once into names (any depth) and dotted paths (from the root). */
interface Ignored {
  names: ReadonlySet<string>;
  paths: ReadonlySet<string>;
}

const ignoredOf = (ignore: readonly string[] | undefined): Ignored => {
  const names = new Set<string>();
  const paths = new Set<string>();
  for (const entry of ignore ?? []) (entry.includes('.') ? paths : names).add(entry);
  return { names, paths };
};

const skipped = (ignored: Ignored, name: string, path: string) => ignored.names.has(name) || ignored.paths.has(path);

/**
 * Whether the request's query parameters satisfy `match.query` (true when the rule names none and is not `exact`).
 *
 * @example
 * queryMatches({ query: { workspace_id: '1' } }, new URLSearchParams('workspace_id=1&page=2')); // true
 * queryMatches({ query: { workspace_id: '1' }, exact: true }, new URLSearchParams('workspace_id=1&page=2')); // false
 */
export function queryMatches(match: RequestShapeMatch, params: URLSearchParams): boolean {
  if (match.query === undefined && !match.exact) return true;
  const ignored = ignoredOf(match.ignore);
  const expected = match.query ?? {};
  for (const [name, value] of Object.entries(expected)) {
    if (skipped(ignored, name, name)) continue;
    if (!isDeepStrictEqual(params.getAll(name), Array.isArray(value) ? value : [value])) return false;
  }
  if (!match.exact) return true;
  for (const name of params.keys()) if (!(name in expected) && !skipped(ignored, name, name)) return false;
  return true;
}

/**
 * Whether the request's JSON body (undefined when it is not JSON) satisfies `match.body`; true when the rule gives
 * no body.
 *
 * @example
 * bodyMatches({ body: { bot_id: '7' } }, { bot_id: '7', stream: true }); // true
 * bodyMatches({ body: { bot_id: '7' }, exact: true }, { bot_id: '7', stream: true }); // false
 * bodyMatches({ body: { bot_id: '7', user_id: 'u1' }, ignore: ['user_id'] }, { bot_id: '7', user_id: 'u2' }); // true
 */
export function bodyMatches(match: RequestShapeMatch, body: unknown): boolean {
  if (match.body === undefined) return true;
  if (body === undefined) return false;
  return valueMatches(match.body, body, '', ignoredOf(match.ignore), match.exact === true, 0);
}

function valueMatches(expected: unknown, actual: unknown, path: string, ignored: Ignored, exact: boolean, depth: number): boolean {
  if (expected === null || typeof expected !== 'object' || depth > 32) return isDeepStrictEqual(expected, actual);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((item, i) => valueMatches(item, actual[i], path, ignored, exact, depth + 1));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const given = expected as Record<string, unknown>;
  const sent = actual as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    const at = path ? `${path}.${name}` : name;
    if (skipped(ignored, name, at)) continue;
    if (!Object.hasOwn(sent, name) || !valueMatches(value, sent[name], at, ignored, exact, depth + 1)) return false;
  }
  if (!exact) return true;
  for (const name of Object.keys(sent)) {
    if (!Object.hasOwn(given, name) && !skipped(ignored, name, path ? `${path}.${name}` : name)) return false;
  }
  return true;
}
