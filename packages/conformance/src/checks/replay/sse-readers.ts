/**
 * How the other SDKs read an event stream, re-enacted on a whole body (docs/contract.md#replay.stream-readers). Two
 * ways exist, and what breaks one may not break the other:
 *
 * - by field (coze-py `Stream`): each non-blank line, stripped, must start with one of the fields the endpoint has
 *   (`event`, `data` for chat; `id`, `event`, `data` for workflows); an event is complete once each field was seen,
 *   in any order, and a line naming no field, or a field seen twice, raises.
 * - by position (coze-go's `parseChatEvent`/`parseWorkflowEvent`, coze-java's `processLine`): lines are skipped until
 *   one starts with the leading field (`event:` for chat, `id:` for workflows); the next lines are then taken as the
 *   remaining fields by position, each cut after the length of its field name and trimmed, whatever they hold.
 */

/** One event as a reader hands it on: field name → trimmed value. */
export type ReadEvent = Record<string, string>;

/** What a real SDK would do instead of yielding an event: raise, or read garbage. */
export class StreamReadError extends Error {
  constructor(reader: string, why: string) {
    super(`${reader} could not read this stream: ${why}`);
    this.name = 'StreamReadError';
  }
}

/** The lines of a body as line readers split it (`\n`, `\r\n` and a lone `\r` all end a line). */
const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

/**
 * Reads `text` by field: `fields` once each per event, in any order; an event cut off by the end is dropped.
 *
 * @example
 * readByField('event:done\ndata:"[DONE]"\n\n', ['event', 'data'], 'coze-py'); // [{ event: 'done', data: '"[DONE]"' }]
 */
export function readByField(text: string, fields: readonly string[], reader: string): ReadEvent[] {
  const events: ReadEvent[] = [];
  let current: ReadEvent = {};
  for (const raw of linesOf(text)) {
    const line = raw.trim();
    if (line === '') continue;
    const field = fields.find((name) => line.startsWith(`${name}:`));
    if (!field) throw new StreamReadError(reader, `the line ${JSON.stringify(line)} is none of ${fields.join(', ')}`);
    if (field in current) throw new StreamReadError(reader, `${field} came twice in one event (${JSON.stringify(line)})`);
    current[field] = line.slice(field.length + 1).trim();
    if (Object.keys(current).length === fields.length) {
      events.push(current);
      current = {};
    }
  }
  return events;
}

/**
 * Reads `text` by position: at a line starting with `fields[0]:`, the next `fields.length - 1` lines are the other
 * fields, whatever they start with. Stops after an event `stopAt` accepts (coze-java stops at done).
 *
 * @example
 * readByPosition('id: 0\nevent: Done\ndata: {}\n\n', ['id', 'event', 'data'], 'coze-go'); // [{ id: '0', event: 'Done', data: '{}' }]
 */
export function readByPosition(text: string, fields: readonly string[], reader: string, stopAt: (event: ReadEvent) => boolean = () => false): ReadEvent[] {
  const [lead, ...rest] = fields as [string, ...string[]];
  const lines = linesOf(text);
  const events: ReadEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith(`${lead}:`)) continue;
    const event: ReadEvent = { [lead]: line.slice(lead.length + 1).trim() };
    for (const field of rest) {
      const next = lines[++i];
      if (next === undefined) throw new StreamReadError(reader, `the stream ended after ${lead}: with no ${field} line`);
      // The SDKs cut the field name off by its length without looking at it: a shorter line makes coze-go panic and
      // coze-java throw, another field's line is read as this one.
      if (next.length <= field.length) throw new StreamReadError(reader, `the line after ${lead}: is ${JSON.stringify(next)}, too short to cut ${field}: off`);
      if (!next.startsWith(`${field}:`)) throw new StreamReadError(reader, `it takes ${JSON.stringify(next)} as the ${field} line`);
      event[field] = next.slice(field.length + 1).trim();
    }
    events.push(event);
    if (stopAt(event)) break;
  }
  return events;
}
