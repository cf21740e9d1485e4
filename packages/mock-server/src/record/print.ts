import type { CassetteExchange } from '../cassettes/format.js';

/**
 * One line per recorded exchange, as `coze-mock record` prints it while the app runs:
 * `#4  POST /v3/chat  200  stream: 14 events  2310 ms  (2 credentials redacted)`. Everything printed comes from the
 * redacted exchange, so no credential reaches the terminal either.
 */

/**
 * @example
 * formatExchangeLine(exchange, 3); // '  #4  GET /v1/users/me  200  json  34 ms  (1 credential redacted)\n'
 */
export function formatExchangeLine(exchange: CassetteExchange, index: number): string {
  const { request, response } = exchange;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  const search = query.size ? `?${decodeURIComponent(query.toString())}` : '';
  const target = `${request.path}${search}`;
  const what = response.stream
    ? `stream: ${response.stream.events.length} event${response.stream.events.length === 1 ? '' : 's'}${response.stream.then === 'drop' ? ', cut off' : ''}`
    : response.body !== undefined
      ? 'json'
      : response.bodyText !== undefined
        ? 'text'
        : response.bodyOmitted !== undefined
          ? 'body not recorded'
          : 'no body';
  const redacted = JSON.stringify(exchange).match(/\[redacted:/g)?.length ?? 0;
  const note = redacted ? `  (${redacted} credential${redacted === 1 ? '' : 's'} redacted)` : '';
  return `  #${index + 1}  ${request.method} ${target.length > 100 ? `${target.slice(0, 97)}…` : target}  ${response.status}  ${what}  ${exchange.durationMs} ms${note}\n`;
}
