/**
 * The one way the mock reads JSON it did not write (request bodies, reply rules, strings holding JSON, journaled
 * bodies): nesting bounded before `JSON.parse` runs. Coze's bodies are a few levels deep; a body nested thousands
 * deep parses fine but overflows the stack of whatever walks it afterwards (`JSON.stringify`, redaction, zod), so it
 * is refused at the door instead.
 */

/** The deepest nesting of arrays and objects a JSON text may have. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `text` nests arrays and objects deeper than `max`, counted without parsing (brackets inside strings do
 * not count). Malformed text is measured all the same; `JSON.parse` refuses it afterwards.
 *
 * @example
 * nestsDeeperThan('[[1]]', 1); // true
 * nestsDeeperThan('{"a":"[[[["}', 1); // false
 */
export function nestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  // Each level takes at least one character: a short text cannot be too deep.
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_OBJECT || char === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** The outcome of {@link parseJsonText}: the value, or why there is none (`not valid JSON`, `nested deeper than 64`). */
export type JsonText = { ok: true; value: unknown } | { ok: false; why: string };

/**
 * Parses JSON text from outside the mock, refusing what is nested deeper than {@link MAX_JSON_DEPTH}. Never throws;
 * each reader turns `why` into its endpoint family's 400.
 *
 * @example
 * const parsed = parseJsonText(text);
 * if (!parsed.ok) throw oauthErrors.invalidRequest('body', parsed.why);
 */
export function parseJsonText(text: string): JsonText {
  if (nestsDeeperThan(text)) return { ok: false, why: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, why: 'not valid JSON' };
  }
}

/**
 * Whether a value already parsed (by a parser other than {@link parseJsonText}: a JWT library's) nests arrays and
 * objects deeper than `max`. Iterative, so any depth is safe to measure.
 *
 * @example
 * valueNestsDeeperThan({ a: [[1]] }, 2); // true
 */
export function valueNestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const member of Object.values(item)) pending.push([member, depth + 1]);
  }
  return false;
}
