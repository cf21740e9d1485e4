/** The journal's shapes: what the request path hands it, and what the control API lists (journal.ts keeps them). */

/**
 * A JWT the app sent to the token endpoint, decoded when it arrived: header and claims, never the signature (without
 * it the JWT cannot be replayed), and the verdict: which key verified it, or why it was refused.
 */
export interface DecodedJwt {
  /** The protected header (`alg`, `typ`, `kid`); undefined when it did not decode. */
  header: Record<string, unknown> | undefined;
  /** The claims as sent, unverified (`iss`, `aud`, `iat`, `exp`, `jti`, `session_name` …); undefined when they did not decode. */
  claims: Record<string, unknown> | undefined;
  verdict: { verified: true; kid: string; appId: string } | { verified: false; reason: string };
}

/** One request the mock answered, as the control API's journal lists it. Credentials are redacted. */
export interface JournalEntry {
  seq: number;
  /** Mock-clock time of the request (ms). */
  at: number;
  method: string;
  path: string;
  /** The query string with every credential value replaced by `[redacted]` (`?code=[redacted]&state=xyz`). */
  query: string;
  /**
   * HTTP status; 499 when the client went away before the reply (then `aborted` is true); 444 when a scripted `drop`
   * (or a `hang` let go by reset) closed the connection without a reply.
   */
  status: number;
  logid: string;
  /** `grant_type` for token requests, when the body had one. */
  grantType?: string;
  clientId?: string;
  /** The OAuth `error` or OpenAPI `code` of a failed reply. */
  error?: string | number;
  userAgent?: string;
  /** `authorization`, `content-type`, `cookie`, `user-agent` as sent, credentials redacted. */
  headers: Record<string, string>;
  /** The JSON or form body the route read, credentials redacted (left out when it was cut, see `bodyTruncated`). */
  body?: Record<string, unknown>;
  /** The size of the body as sent, in bytes, when the route read one. */
  bodyBytes?: number;
  /** The body was longer than the journal keeps (`JOURNAL_BODY_CHARS`): only its size is shown. */
  bodyTruncated?: true;
  /** The client closed the connection before the reply. */
  aborted?: true;
  durationMs: number;
  /**
   * Fingerprint (fingerprint.ts) of the token the request presented: the bearer of an OpenAPI call, the
   * `refresh_token` of a refresh. Revoke it with `POST /__mock/tokens/revoke {fingerprint}`.
   */
  tokenFingerprint?: string;
  /** Fingerprints of the tokens a token reply issued. */
  issuedFingerprints?: { accessToken: string; refreshToken?: string };
  /** The JWT of a JWT-grant request, decoded, with why it was accepted or refused. */
  jwt?: DecodedJwt;
}

/**
 * What the request path hands the journal: only strings and numbers (no header or body objects kept alive, which would
 * cost the garbage collector on every request); parsed and redacted only when somebody reads the journal.
 */
export interface JournalRecord {
  at: number;
  method: string;
  path: string;
  /** Raw query string including `?`, or `''`. */
  query: string;
  status: number;
  logid: string;
  grantType: string | undefined;
  clientId: string | undefined;
  error: string | number | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  cookie: string | undefined;
  userAgent: string | undefined;
  /** The body text, when the route read one (`body` is parsed from it on reading, if it is JSON or a form). */
  bodyText: string | undefined;
  aborted: boolean;
  durationMs: number;
  /** The token reply sent, if any (fingerprinted when read, never shown). */
  issued?: { access_token: string; expires_in: number; refresh_token?: string } | undefined;
  jwt?: DecodedJwt | undefined;
}
