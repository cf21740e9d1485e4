/**
 * JSON with its object keys sorted at every depth, two-space indented, ending in a newline: the same data is always
 * the same text, so a cassette re-recorded with one change shows that change alone in a diff. Array order is kept
 * (it is the order of the exchanges and events).
 *
 * @example
 * stableJson({ b: 1, a: { d: 2, c: [3] } });
 * // '{\n  "a": {\n    "c": [\n      3\n    ],\n    "d": 2\n  },\n  "b": 1\n}\n'
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortedKeys(value), null, 2)}\n`;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortedKeys(member);
  }
  return out;
}
