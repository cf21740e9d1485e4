import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CassetteHeaders } from '../cassettes/format.js';
import { isControlPath, isOpenApiPath } from '../endpoints.js';
import type { CapturedBody, CapturedExchange } from './redact.js';
import { createEventRecorder } from './sse.js';

/**
 * The recording proxy: every request goes to the upstream as it came (method, path, query, headers, body), its reply
 * comes back to the client as it arrives (a `text/event-stream` one event by event, so the app streams as it would
 * against Coze), and both are handed to `onExchange` once the reply is complete. The control API (`/__mock`) is
 * neither forwarded nor recorded: it is not Coze's.
 */

export interface ProxyOptions {
  /** The upstream base URL, e.g. `https://api.coze.cn` (a path prefix, such as a sandbox's, is kept). */
  upstream: string;
  /** A complete exchange (a stream: once it ended). Not called for requests the upstream never answered. */
  onExchange(captured: CapturedExchange): void;
  /** The upstream could not be reached: the client got a 502. */
  onUnreachable?(method: string, path: string, error: Error): void;
  /** The proxy's own base URL, to point the upstream's redirects back at it. */
  selfUrl(): string;
  /** Largest body kept in the cassette (larger ones pass through, noted as not recorded). Default 8 MiB. */
  recordLimitBytes?: number;
  /** Largest request body forwarded at all (413 beyond). Default 64 MiB. */
  forwardLimitBytes?: number;
  /** Monotonic milliseconds, for stream timing. */
  now?: () => number;
}

/** Headers of the hop, not of the message (RFC 9110 §7.6.1), and what fetch sets itself. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);
/** Reply headers that described the upstream's encoding of a body fetch has already decoded. */
const DECODED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

const isText = (contentType: string) => /\bjson\b|^\s*text\/(?!html)|x-www-form-urlencoded|javascript|xml|event-stream/i.test(contentType);

/** What the cassette keeps of a body: its text, or why not (HTML pages, binary data, too large). */
function capturedBody(bytes: Uint8Array, contentType: string, limit: number): CapturedBody | undefined {
  if (!bytes.byteLength) return undefined;
  const kind = contentType.split(';')[0]?.trim() || 'no content type';
  if (bytes.byteLength > limit) return { omitted: `${kind}, ${bytes.byteLength} bytes: over the recording limit` };
  if (/^\s*text\/html\b/i.test(contentType)) return { omitted: `${kind}, ${bytes.byteLength} bytes: pages are not recorded` };
  if (contentType && !isText(contentType)) return { omitted: `${kind}, ${bytes.byteLength} bytes` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), contentType };
  } catch {
    return { omitted: `${kind}, ${bytes.byteLength} bytes, not UTF-8` };
  }
}

/**
 * The request headers to send on (and to record): all but the hop's own. A page of the upstream served through the
 * proxy posts with the proxy's `Origin` and `Referer`: they go on as the upstream's own, as a reverse proxy does.
 */
function forwardedHeaders(headers: Headers, self: string, upstream: string): Record<string, string> {
  const out: Record<string, string> = {};
  const selfOrigin = new URL(self).origin;
  headers.forEach((value, name) => {
    if (HOP_HEADERS.has(name) || name.startsWith('proxy-') || name === 'accept-encoding') return;
    out[name] = (name === 'origin' || name === 'referer') && value.startsWith(selfOrigin) ? `${new URL(upstream).origin}${value.slice(selfOrigin.length)}` : value;
  });
  return out;
}

/** The reply headers to pass back (and to record); the upstream's redirects to itself point at the proxy instead. */
function returnedHeaders(response: Response, upstream: string, self: string): CassetteHeaders {
  const out: CassetteHeaders = {};
  response.headers.forEach((value, name) => {
    if (DECODED_HEADERS.has(name) || name === 'set-cookie') return;
    if (name === 'date') return; // a new value on every recording: noise in a cassette's diff
    out[name] = name === 'location' && value.startsWith(upstream) ? `${self}${value.slice(upstream.length)}` : value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies.length === 1 ? (cookies[0] as string) : cookies;
  return out;
}

function toHeaders(headers: CassetteHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) for (const one of Array.isArray(value) ? value : [value]) out.append(name, one);
  return out;
}

/** An error of the recorder itself, in the shape of the endpoint family (OAuth, or the OpenAPI envelope). */
function recorderError(path: string, status: 413 | 500 | 502, message: string): Response {
  const body = isOpenApiPath(path)
    ? { code: status === 413 ? 4000 : 5000, msg: message, detail: { logid: '' } }
    : { error: status === 413 ? 'invalid_request' : 'internal_error', error_code: status === 413 ? 'invalid_request' : 'internal_error', error_description: message, error_message: message };
  return Response.json(body, { status });
}

/** The 502 a client gets when the upstream cannot be reached. */
const unreachable = (path: string, upstream: string, error: Error) =>
  recorderError(path, 502, `coze-mock record: the upstream ${upstream} did not answer (${(error.cause as Error | undefined)?.message ?? error.message})`);

/**
 * @example
 * const app = createRecordingProxy({ upstream: 'https://api.coze.cn', selfUrl: () => url, onExchange: (e) => save(e) });
 */
export function createRecordingProxy(options: ProxyOptions): Hono {
  const upstream = options.upstream.replace(/\/+$/, '');
  const now = options.now ?? (() => performance.now());
  const limit = options.recordLimitBytes ?? 8 * 1024 * 1024;
  const app = new Hono();
  const forwardLimit = options.forwardLimitBytes ?? 64 * 1024 * 1024;
  app.use(bodyLimit({ maxSize: forwardLimit, onError: (c) => recorderError(c.req.path, 413, `coze-mock record: request bodies are forwarded up to ${forwardLimit} bytes`) }));
  app.onError((error, c) => recorderError(c.req.path, 500, `coze-mock record: ${error.message}`));
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    if (isControlPath(url.pathname)) {
      return c.json({ code: 4200, msg: `coze-mock record has no control API: it forwards to ${upstream}, whose /__mock you can call yourself` }, 404);
    }
    const started = now();
    const method = c.req.method;
    const requestHeaders = forwardedHeaders(c.req.raw.headers, options.selfUrl(), upstream);
    const requestBytes = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await c.req.arrayBuffer());
    let response: Response;
    try {
      response = await fetch(`${upstream}${url.pathname}${url.search}`, {
        method,
        headers: requestHeaders,
        ...(requestBytes?.byteLength ? { body: requestBytes } : {}),
        redirect: 'manual',
        signal: c.req.raw.signal,
      });
    } catch (error) {
      options.onUnreachable?.(method, url.pathname, error as Error);
      return unreachable(url.pathname, upstream, error as Error);
    }
    const headers = returnedHeaders(response, upstream, options.selfUrl());
    const contentType = response.headers.get('content-type') ?? '';
    const base = {
      method,
      path: url.pathname,
      query: url.search.slice(1),
      requestHeaders,
      requestBody: requestBytes ? capturedBody(requestBytes, requestHeaders['content-type'] ?? '', limit) : undefined,
      status: response.status,
      responseHeaders: headers,
    };
    if (/^\s*text\/event-stream\b/i.test(contentType) && response.body) {
      return new Response(relayStream(response.body, now, (events, streamEnd) => options.onExchange({ ...base, responseBody: undefined, events, streamEnd, durationMs: now() - started })), {
        status: response.status,
        headers: toHeaders(headers),
      });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    options.onExchange({ ...base, responseBody: capturedBody(bytes, contentType, limit), durationMs: now() - started });
    const bodiless = method === 'HEAD' || [101, 204, 205, 304].includes(response.status);
    return new Response(bodiless ? null : bytes, { status: response.status, headers: toHeaders(headers) });
  });
  return app;
}

/**
 * Passes a stream's bytes on as they come while recording its events; `done` gets them once it ended (`drop` when
 * the upstream broke off; a client that left ends the recording with what came until then).
 */
function relayStream(
  body: ReadableStream<Uint8Array>,
  now: () => number,
  done: (events: CapturedExchange['events'] & object, end: 'end' | 'drop') => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events = createEventRecorder(now);
  let finished = false;
  const finish = (end: 'end' | 'drop') => {
    if (finished) return;
    finished = true;
    events.push(decoder.decode());
    events.end();
    done(events.events, end);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: ended } = await reader.read();
        if (ended) {
          finish('end');
          controller.close();
          return;
        }
        events.push(decoder.decode(value, { stream: true }));
        controller.enqueue(value);
      } catch (error) {
        finish('drop');
        controller.error(error);
      }
    },
    cancel(reason) {
      finish('end');
      return reader.cancel(reason);
    },
  });
}
