/**
 * What a scripted reply's headers may be: what HTTP allows a server to send, checked when the rule is added so a bad
 * one is a 400 naming it, never a 500 on every request the rule matches.
 */

/** RFC 9110 §5.1: a field name is a token. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

/**
 * RFC 9110 §5.5: a field value is visible characters, spaces and tabs, and no control character (CR, LF, NUL, DEL
 * …). Only US-ASCII, as §5.5 recommends: Node sends a value beyond it as Latin-1 or as UTF-8 bytes depending on how
 * the body is written, and the WHATWG `Headers` refuses anything beyond Latin-1 outright.
 */
export const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Headers that frame the message or manage the connection (RFC 9112 §6–§9, RFC 9110 §7.6.1): the server sets them
 * from the body it sends. A rule's own would truncate the body, hang the client or send both framings at once.
 */
export const FRAMING_HEADERS: readonly string[] = ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-connection', 'http2-settings'];

/**
 * The framing headers among `headers` (names as given), for the 400 that names them.
 *
 * @example
 * framingHeadersIn({ 'Content-Length': '3', 'x-a': '1' }); // ['Content-Length']
 */
export function framingHeadersIn(headers: Record<string, string>): string[] {
  return Object.keys(headers).filter((name) => FRAMING_HEADERS.includes(name.toLowerCase()));
}
