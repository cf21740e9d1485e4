import type { Cassette, CassetteExchange } from '@coze-mock/server';
import { shapeOf, type Shape } from './shape.js';

/**
 * "What real Coze sent that the mock does not": two cassettes of the same checks, one recorded against live Coze and
 * one against the mock, compared by the shape of their replies (shapes.ts: field names and JSON types, never values).
 * Replies are grouped by method, path (numeric ids as `{id}`), status and grant type; for each group live Coze
 * answered, the findings are the replies the mock never gave, and the body fields, headers and stream events the
 * mock's replies of that group lack or type differently.
 */

/** One thing live Coze sent and the mock did not. */
export interface DriftFinding {
  /** `POST /api/permission/oauth2/token 200 (urn:…:jwt-bearer)`. */
  reply: string;
  kind: 'reply' | 'field' | 'type' | 'header' | 'event';
  /** `body.data.token_type: string` and the like. */
  detail: string;
}

/** Headers that differ between any two servers and say nothing about the API. */
const UNCOMPARED_HEADERS = new Set(['date', 'server', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'vary', 'etag', 'x-tt-logid']);

/** The group a recorded exchange belongs to. */
function replyKey(exchange: CassetteExchange): string {
  const { request, response } = exchange;
  const path = request.path.replace(/\/\d{6,}(?=\/|$)/g, '/{id}');
  const body = request.body as { grant_type?: unknown } | undefined;
  const grant = typeof body?.grant_type === 'string' ? ` (${body.grant_type})` : '';
  return `${request.method} ${path} ${response.status}${response.stream ? ' stream' : ''}${grant}`;
}

/** The bodies of a reply: its JSON body, or each stream event's JSON data keyed by event name. */
function bodiesOf(exchange: CassetteExchange): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (name: string, value: unknown) => out.set(name, [...(out.get(name) ?? []), value]);
  if (exchange.response.body !== undefined) add('body', exchange.response.body);
  for (const event of exchange.response.stream?.events ?? []) {
    try {
      add(`event ${event.event ?? 'message'}`, JSON.parse(event.data));
    } catch {
      add(`event ${event.event ?? 'message'}`, event.data);
    }
  }
  return out;
}

/** Every field path of a shape with its type (`body.data.id: string`); arrays as `[]`. */
function fieldsOf(shape: Shape, path: string, out: Map<string, string>): Map<string, string> {
  if (typeof shape === 'string') {
    // An empty array says nothing about its items.
    if (shape !== 'empty') out.set(path, shape.replace(/:.*$/, ''));
    return out;
  }
  if ('$array' in shape) return fieldsOf(shape.$array as Shape, `${path}[]`, out.set(path, 'array'));
  out.set(path, 'object');
  for (const [field, member] of Object.entries(shape)) fieldsOf(member, `${path}.${field}`, out);
  return out;
}

/** The union of the fields of every value given. */
function unionFields(values: unknown[], root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) fieldsOf(shapeOf(value), root, out);
  return out;
}

function groups(cassette: Cassette): Map<string, CassetteExchange[]> {
  const out = new Map<string, CassetteExchange[]>();
  for (const exchange of cassette.exchanges) out.set(replyKey(exchange), [...(out.get(replyKey(exchange)) ?? []), exchange]);
  return out;
}

/**
 * @example
 * compareCassettes(live, mock);
 * // [{ reply: 'GET /v1/users/me 200', kind: 'field', detail: 'body.data.email: string' }]
 */
export function compareCassettes(live: Cassette, mock: Cassette): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const mine = groups(mock);
  for (const [reply, liveExchanges] of groups(live)) {
    const mockExchanges = mine.get(reply);
    if (!mockExchanges) {
      findings.push({ reply, kind: 'reply', detail: 'the mock never gave this reply in its run of the same checks' });
      continue;
    }
    const mockHeaders = new Set(mockExchanges.flatMap((e) => Object.keys(e.response.headers)));
    for (const name of new Set(liveExchanges.flatMap((e) => Object.keys(e.response.headers)))) {
      if (!mockHeaders.has(name) && !UNCOMPARED_HEADERS.has(name)) findings.push({ reply, kind: 'header', detail: name });
    }
    const mockBodies = mergeBodies(mockExchanges);
    for (const [part, values] of mergeBodies(liveExchanges)) {
      const theirs = mockBodies.get(part);
      if (!theirs) {
        findings.push({ reply, kind: part.startsWith('event') ? 'event' : 'field', detail: `${part}: the mock sends none` });
        continue;
      }
      const mockFields = unionFields(theirs, part);
      for (const [field, type] of unionFields(values, part)) {
        const other = mockFields.get(field);
        if (other === undefined) findings.push({ reply, kind: 'field', detail: `${field}: ${type}` });
        else if (other !== type && type !== 'null' && other !== 'null') findings.push({ reply, kind: 'type', detail: `${field}: ${type} (the mock: ${other})` });
      }
    }
  }
  return findings;
}

function mergeBodies(exchanges: CassetteExchange[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const exchange of exchanges) for (const [part, values] of bodiesOf(exchange)) out.set(part, [...(out.get(part) ?? []), ...values]);
  return out;
}

/**
 * The drift report's section, in Markdown.
 *
 * @example
 * driftMarkdown(findings, { live: 'live.cassette.json (42 exchanges)', mock: 'a fresh coze-mock (57 exchanges)' });
 */
export function driftMarkdown(findings: readonly DriftFinding[], sources: { live: string; mock: string }): string {
  const lines = [
    '## What real Coze sent that the mock does not',
    '',
    `Live replies: ${sources.live}. The mock's: ${sources.mock}. Compared by shape (field names and JSON types), never by value.`,
    '',
  ];
  if (!findings.length) lines.push('Nothing: every reply live Coze gave, the mock gave too, with every field, header and event.');
  else {
    lines.push('| reply | what | detail |', '| --- | --- | --- |');
    for (const f of findings) lines.push(`| \`${f.reply}\` | ${f.kind} | \`${f.detail.replace(/\|/g, '\\|')}\` |`);
  }
  return `${lines.join('\n')}\n`;
}
