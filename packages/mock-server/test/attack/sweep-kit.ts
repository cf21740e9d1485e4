/**
 * The generated-request sweeps of the attack suite: arbitraries for whole requests (method, path, query, headers,
 * body, content type) and a runner asserting that no reply is a 5xx and every error is Coze-shaped. In-process
 * (`app.request`), one mock per group. How many requests: {@link SWEEP_COUNT} from a fixed seed in `pnpm test`, 20×
 * that from a fresh seed within a time budget in `pnpm fuzz` (test/sweep-scale.ts).
 */
import fc from 'fast-check';
import type { MockApp } from '../../src/app.js';
import { sweepRuns } from '../sweep-scale.js';
import { replyProblem } from './support.js';

export { SWEEP_TEST_TIMEOUT_MS } from '../sweep-scale.js';

/** Requests per group in `pnpm test`: every group's asserted statuses are met by this many from the fixed seed. */
export const SWEEP_COUNT = 500;

export interface SweepRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export const anyText = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
export const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });

/** Wrong, edge or null values for any field. */
export const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noDefaultInfinity: true, noNaN: true }),
  fc.constantFrom(0, -1, 1.5, 1e308, 86_399, 86_400, 8.64e15, Number.MAX_SAFE_INTEGER),
  anyText,
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', 'S256', 'plain', 'approve', 'deny', 'code_x', 'pat_x', '/', '%00', '\r\n'),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
);

/** An object over `fields`, each value right (from `right`) or wrong, plus now and then a stray member. */
export function fieldObject(fields: string[], right: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const value = fc.oneof({ weight: 2, arbitrary: wrongValue }, { weight: 2, arbitrary: right });
  const stray = fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'extra'), wrongValue, { maxKeys: 1 });
  return fc.tuple(fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length }), stray).map(([f, extra]) => ({ ...extra, ...f }));
}

const asForm = (fields: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();

/** A valid object from `templates` with up to two members replaced by wrong values or dropped. */
export function nearlyValid(templates: Record<string, unknown>[], fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  const change = fc.dictionary(fc.constantFrom(...fields), fc.option(wrongValue, { nil: undefined, freq: 4 }), { maxKeys: 2 });
  return fc.tuple(fc.constantFrom(...templates), fc.option(change, { nil: undefined, freq: 3 })).map(([template, changes]) =>
    Object.fromEntries(Object.entries({ ...template, ...changes }).filter(([, v]) => v !== undefined)),
  );
}

/**
 * A body over `fields`: JSON, a form, or raw junk, with a matching, wrong or missing content type; with `templates`,
 * a third of the bodies are nearly valid (so the sweep reaches the checks behind the schema).
 */
export function body(fields: string[], right: fc.Arbitrary<unknown>, templates: Record<string, unknown>[] = []): fc.Arbitrary<{ body: string | undefined; type: string | undefined }> {
  const random = fieldObject(fields, right);
  const shaped = templates.length ? fc.oneof(random, nearlyValid(templates, fields)) : random;
  return fc.oneof(
    { weight: 4, arbitrary: shaped.map((o) => ({ body: JSON.stringify(o), type: 'application/json' })) },
    { weight: 2, arbitrary: shaped.map((o) => ({ body: asForm(o), type: 'application/x-www-form-urlencoded' })) },
    {
      weight: 1,
      arbitrary: fc.record({
        body: fc.oneof(fc.constantFrom(undefined, '', '{', '[]', 'null', '{"a":1}x', '\u0000', '1e999'), anyText, fc.nat({ max: 3 }).map((n) => `{"x":"${'x'.repeat(64 * 1024 + n)}"}`)),
        type: fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/jsonx', 'multipart/form-data; boundary=x', ''),
      }),
    },
  );
}

/** A query over `fields` (right or wrong values, sometimes starting from a valid query). */
export function query(fields: string[], right: fc.Arbitrary<string>, valid: Record<string, string> = {}): fc.Arbitrary<string> {
  const value = fc.oneof(right, anyText);
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length }).map((q) => new URLSearchParams({ ...valid, ...q }).toString()),
    fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 6 })), anyText, { maxKeys: 4 }).map((q) => new URLSearchParams(q).toString()),
    fc.constantFrom('', '%', '%zz', 'a=%E0%A4%A', '&&&', '=x', 'client_id&client_id=a', 'page_size=1e3', 'page_num=-0'),
  );
}

/** Browser and client headers, right or wrong; `bearer` lists the Authorization values worth trying (most often sent). */
export function headers(bearer: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> {
  const authorization = fc.oneof(
    { weight: 6, arbitrary: bearer.map((b) => `Bearer ${b}`) },
    { weight: 1, arbitrary: headerText },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic abc', 'bearer x') },
  );
  const others = fc.record(
    {
      cookie: fc.oneof(headerText, headerText.map((t) => `coze_mock_form=${t}`)),
      origin: fc.oneof(headerText, fc.constantFrom('null', 'http://localhost', 'http://evil.example', 'http://127.0.0.1:8080')),
      'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', 'same-site', ''),
      host: fc.constantFrom('localhost', '127.0.0.1:8787', 'api.coze.cn', 'evil.example', ''),
      'user-agent': headerText,
    },
    { requiredKeys: [] },
  );
  return fc.tuple(fc.option(authorization, { nil: undefined, freq: 5 }), others).map(([a, o]) => (a === undefined ? o : { ...o, authorization: a }));
}

/** Builds a request arbitrary from its parts. */
export function request(parts: {
  method: fc.Arbitrary<string>;
  path: fc.Arbitrary<string>;
  query: fc.Arbitrary<string>;
  headers: fc.Arbitrary<Record<string, string>>;
  body: fc.Arbitrary<{ body: string | undefined; type: string | undefined }>;
}): fc.Arbitrary<SweepRequest> {
  return fc.record(parts).map(({ method, path, query: q, headers: h, body: b }) => ({
    method,
    path,
    query: q,
    headers: { ...h, ...(b.type === undefined ? {} : { 'content-type': b.type }) },
    body: method === 'GET' || method === 'HEAD' ? undefined : b.body,
  }));
}

const send = (app: MockApp, r: SweepRequest) =>
  app.request(`${r.path}${r.query ? `?${r.query}` : ''}`, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });

/**
 * Sends generated requests (see {@link sweepRuns}); fails on the first reply that is a 5xx or not Coze-shaped (shrunk
 * to a small counterexample). Returns how many ran and the statuses met.
 */
export async function sweep(app: () => MockApp, requests: fc.Arbitrary<SweepRequest>): Promise<{ runs: number; statuses: Set<number> }> {
  const statuses = new Set<number>();
  const property = fc.asyncProperty(requests, async (r) => {
    const res = await send(app(), r);
    statuses.add(res.status);
    const problem = await replyProblem(r.path, res);
    if (problem) throw new Error(`${r.method} ${r.path}?${r.query} ${JSON.stringify(r.headers)} ${r.body?.slice(0, 300)}\n→ ${problem}`);
  });
  const details = await fc.check(property, sweepRuns(SWEEP_COUNT));
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'sweep failed');
  if (process.env.COZE_MOCK_SWEEP_VERBOSE) console.log(`sweep: ${details.numRuns} requests, statuses ${[...statuses].sort().join(' ')}`);
  return { runs: details.numRuns, statuses };
}
