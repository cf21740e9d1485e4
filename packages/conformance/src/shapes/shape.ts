/**
 * Reply shapes: what a reply looks like without what it says. A shape keeps the status, the content type, whether
 * headers like X-Tt-Logid are present, and the body's field names with their JSON types. Values never enter a shape,
 * except two harmless hints: a token's prefix (`string:czu_`) and whether a number is a Unix time (`number:epoch`).
 */

/** A JSON value's shape: a type name, an object of shapes, or `{ $array: shape }`. */
export type Shape = string | { [field: string]: Shape };

/** The shape of one reply. `null` means unknown (e.g. the docs do not show the status). */
export interface ReplyShape {
  status: number | null;
  contentType: string | null;
  /** Header name (lower case) → present. */
  headers: Record<string, boolean>;
  body: Shape | null;
  /** Where this shape was taken from (a doc page for the docs snapshot). */
  source?: string;
}

/** Headers whose presence is part of the contract. */
export const WATCHED_HEADERS = ['x-tt-logid'] as const;

const TOKEN_PREFIX = /^(czu|czs|pat|sat|code)_/;

/**
 * The shape of a JSON value.
 *
 * @example
 * shapeOf({ access_token: 'czs_abc', expires_in: 1721135859 }); // { access_token: 'string:czs_', expires_in: 'number:epoch' }
 */
export function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return { $array: value.length ? shapeOf(value[0]) : 'empty' };
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeOf(v)]));
  if (typeof value === 'string') return TOKEN_PREFIX.test(value) ? `string:${(TOKEN_PREFIX.exec(value) as RegExpExecArray)[0]}` : 'string';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1e9 && value < 1e11 ? 'number:epoch' : 'number';
  return typeof value;
}

/**
 * The shape of an HTTP reply.
 *
 * @example
 * replyShapeOf({ status: 200, headers: response.headers, body: await response.json() });
 */
export function replyShapeOf(reply: { status: number; headers: Headers; body: unknown }): ReplyShape {
  return {
    status: reply.status,
    contentType: reply.headers.get('content-type')?.split(';')[0]?.trim() ?? null,
    headers: Object.fromEntries(WATCHED_HEADERS.map((name) => [name, reply.headers.has(name)])),
    body: reply.body === undefined ? null : shapeOf(reply.body),
  };
}

/** Differences between a recorded shape and an observed one. `drift` breaks the contract; `extra` is only news. */
export interface ShapeComparison {
  drift: string[];
  extra: string[];
}

function compareBody(expected: Shape, actual: Shape | undefined, path: string, out: ShapeComparison): void {
  if (actual === undefined) {
    out.drift.push(`${path}: missing (expected ${JSON.stringify(expected)})`);
    return;
  }
  if (typeof expected === 'string' || typeof actual === 'string') {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) out.drift.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if ('$array' in expected) {
    const [e, a] = [expected.$array as Shape, (actual as Record<string, Shape>).$array];
    if (a === undefined) out.drift.push(`${path}: expected an array`);
    else if (e !== 'empty' && a !== 'empty') compareBody(e, a, `${path}[]`, out);
    return;
  }
  for (const [field, shape] of Object.entries(expected)) compareBody(shape, actual[field], `${path}.${field}`, out);
  for (const field of Object.keys(actual)) if (!(field in expected)) out.extra.push(`${path}.${field}: ${JSON.stringify(actual[field])}`);
}

/**
 * Compares an observed reply shape with a recorded one: known status, content type and headers must match; every
 * recorded body field must be there with the same type. Fields the record lacks are reported as `extra`.
 *
 * @example
 * const { drift } = compareReplyShapes(snapshot.probes['token.jwt'], observed);
 */
export function compareReplyShapes(expected: ReplyShape, actual: ReplyShape): ShapeComparison {
  const out: ShapeComparison = { drift: [], extra: [] };
  if (expected.status !== null && expected.status !== actual.status) out.drift.push(`status: expected ${expected.status}, got ${actual.status}`);
  if (expected.contentType !== null && expected.contentType !== actual.contentType) {
    out.drift.push(`content-type: expected ${expected.contentType}, got ${actual.contentType}`);
  }
  for (const [name, present] of Object.entries(expected.headers)) {
    if (present && !actual.headers[name]) out.drift.push(`header ${name}: missing`);
  }
  if (expected.body !== null) compareBody(expected.body, actual.body ?? undefined, 'body', out);
  return out;
}
