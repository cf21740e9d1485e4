import type { CassetteExchange, CassetteHeaders } from '../cassettes/format.js';
import { CREDENTIAL_HEADERS, credentialKindOfName, credentialKindOfValue } from './credentials.js';
import type { Secrets } from './secrets.js';

/**
 * Turns one captured exchange into a cassette entry with every credential replaced by its placeholder, before
 * anything of it reaches the disk: named fields (JSON at any depth, forms, queries, the query of a `Location`),
 * credential headers (`Authorization` keeps its scheme, cookies their names), values shaped like a JWT or a prefixed
 * token wherever they stand, and every credential already met anywhere in the session.
 */

/** A request and its reply as the proxy saw them, nothing redacted yet. */
export interface CapturedExchange {
  method: string;
  path: string;
  /** The raw query string without `?` (`''` for none). */
  query: string;
  requestHeaders: Record<string, string>;
  requestBody: CapturedBody | undefined;
  status: number;
  responseHeaders: CassetteHeaders;
  responseBody: CapturedBody | undefined;
  /** Server-sent events of a `text/event-stream` reply, with their gaps. */
  events?: { id?: string; event?: string; data: string; delayMs: number }[];
  streamEnd?: 'end' | 'drop';
  durationMs: number;
}

/** A body as text with its content type, or why it was not kept. */
export type CapturedBody = { text: string; contentType: string } | { omitted: string };

/**
 * @example
 * const entry = redactExchange(captured, createSecrets());
 */
export function redactExchange(captured: CapturedExchange, secrets: Secrets): CassetteExchange {
  // Named credentials of both sides first, so that the hunt for known values below already knows them all.
  const request = {
    method: captured.method,
    path: captured.path,
    query: redactQuery(captured.query, secrets),
    headers: redactHeaders(captured.requestHeaders, secrets),
    ...redactBody(captured.requestBody, secrets),
  };
  const events = captured.events?.map((event) => ({ ...event, data: redactEventData(event.data, secrets) }));
  const response = {
    status: captured.status,
    headers: redactHeaders(captured.responseHeaders, secrets),
    ...redactBody(captured.responseBody, secrets),
    ...(events ? { stream: { events, then: captured.streamEnd ?? 'end' } } : {}),
  };
  return {
    request: scrubDeep(request, secrets, 0) as CassetteExchange['request'],
    response: scrubDeep(response, secrets, 0) as CassetteExchange['response'],
    durationMs: Math.round(captured.durationMs),
  };
}

/** Replaces the named credentials of a JSON value at any depth (string values only: `code: 0` is Coze's envelope). */
function redactNamed(value: unknown, secrets: Secrets, depth: number): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactNamed(item, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, member]) => {
      const kind = credentialKindOfName(name);
      if (kind && typeof member === 'string') return [name, secrets.placeholderOf(member, credentialKindOfValue(member) ?? kind)];
      return [name, redactNamed(member, secrets, depth + 1)];
    }),
  );
}

/** Runs every string of a value (keys included) through the session's known credentials and shapes. */
function scrubDeep(value: unknown, secrets: Secrets, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([name, member]) => [secrets.scrub(name), scrubDeep(member, secrets, depth + 1)]));
}

function redactQuery(query: string, secrets: Secrets): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const params = new URLSearchParams(query);
  for (const name of new Set(params.keys())) {
    const kind = credentialKindOfName(name);
    const values = params.getAll(name).map((value) => (kind ? secrets.placeholderOf(value, credentialKindOfValue(value) ?? kind) : value));
    out[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}

function redactHeaders(headers: CassetteHeaders, secrets: Secrets): CassetteHeaders {
  const out: CassetteHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const one = (v: string) => redactHeader(lower, v, secrets);
    out[lower] = Array.isArray(value) ? value.map(one) : one(value);
  }
  return out;
}

function redactHeader(name: string, value: string, secrets: Secrets): string {
  if (name === 'authorization' || name === 'proxy-authorization') {
    const [, scheme, credential] = /^\s*(\S+)\s+(.+?)\s*$/s.exec(value) ?? [];
    if (scheme && credential) return `${scheme} ${secrets.placeholderOf(credential, credentialKindOfValue(credential) ?? 'authorization')}`;
    return secrets.placeholderOf(value, credentialKindOfValue(value) ?? 'authorization');
  }
  // `cookie: a=1; b=2` and `set-cookie: a=1; Path=/; HttpOnly`: every cookie's value (set-cookie: the first pair's).
  if (name === 'cookie') return value.replace(/([^=;\s]+)=([^;]*)/g, (_, cookie: string, v: string) => `${cookie}=${secrets.placeholderOf(v, 'cookie')}`);
  if (name === 'set-cookie') return value.replace(/^\s*([^=;\s]+)=([^;]*)/, (_, cookie: string, v: string) => `${cookie}=${secrets.placeholderOf(v, 'cookie')}`);
  if (CREDENTIAL_HEADERS.has(name) || credentialKindOfName(name)) return secrets.placeholderOf(value, credentialKindOfValue(value) ?? 'header');
  if (name === 'location') return redactLocation(value, secrets);
  return value;
}

/** A URL-encoded query with its placeholders written plainly (`[redacted:code:1]`, not `%5Bredacted%3A…`). */
const readablePlaceholders = (query: string) => query.replace(/%5Bredacted%3A([a-z_]+)%3A(\d+)%5D/g, '[redacted:$1:$2]');

/** A redirect's query credentials (`?code=…`): the authorize flow hands its code to the app this way. */
function redactLocation(location: string, secrets: Secrets): string {
  const [base, query] = [location.split('?')[0] as string, location.includes('?') ? location.slice(location.indexOf('?') + 1) : undefined];
  if (query === undefined) return location;
  const [search, hash] = query.split('#') as [string, string | undefined];
  const params = new URLSearchParams(search);
  for (const name of new Set(params.keys())) {
    const kind = credentialKindOfName(name);
    if (kind) params.set(name, secrets.placeholderOf(params.get(name) ?? '', kind));
  }
  return `${base}?${readablePlaceholders(params.toString())}${hash === undefined ? '' : `#${hash}`}`;
}

function redactBody(body: CapturedBody | undefined, secrets: Secrets): { body?: unknown; bodyText?: string; bodyOmitted?: string } {
  if (body === undefined) return {};
  if ('omitted' in body) return { bodyOmitted: body.omitted };
  if (/\bjson\b/i.test(body.contentType)) {
    try {
      return { body: redactNamed(JSON.parse(body.text), secrets, 0) };
    } catch {
      // Not JSON after all: kept as text, scrubbed below.
    }
  }
  if (/^\s*application\/x-www-form-urlencoded\b/i.test(body.contentType)) {
    const form = redactQuery(body.text, secrets);
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
    return { bodyText: readablePlaceholders(params.toString()) };
  }
  return { bodyText: body.text };
}

/** An event's data: JSON (Coze's events) has its named credentials replaced; any text is scrubbed after. */
function redactEventData(data: string, secrets: Secrets): string {
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed && typeof parsed === 'object') {
      // Re-encoded only when something was replaced: otherwise the data stays byte for byte as it came.
      const redacted = JSON.stringify(redactNamed(parsed, secrets, 0));
      return redacted === JSON.stringify(parsed) ? data : redacted;
    }
  } catch {
    // Plain text data ("[DONE]").
  }
  return data;
}
