import { APIError } from '@coze/api';

/**
 * A readable one-liner for an SDK error, without secrets.
 *
 * @example
 * describeCozeError(error); // 'invalid_grant: code expired (HTTP 400, logid 2026…)'
 */
export function describeCozeError(error: unknown): string {
  if (error instanceof APIError) {
    const raw = error.rawError as { error?: string; error_description?: string; error_message?: string } | undefined;
    const reason = [raw?.error, raw?.error_description ?? raw?.error_message].filter(Boolean).join(': ');
    return `${reason || error.message} (HTTP ${error.status ?? '?'}, logid ${error.logid ?? 'unknown'})`;
  }
  return error instanceof Error ? error.message : String(error);
}
