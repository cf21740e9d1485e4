import type { Context } from 'hono';
import type { MockContext, MockEnv } from '../../context.js';
import { ENDPOINTS } from '../../endpoints.js';
import { oauthErrors, openApiErrors } from '../../errors.js';
import { errorReply, headerOf } from '../../http.js';
import { uploadLimitBytes } from '../../resources/shared/settings.js';

/**
 * Refuses a body whose declared `Content-Length` is over `bodyLimitBytes` (`uploadLimitBytes` for file uploads)
 * before any route runs (413, in the shape of the endpoint family). Bodies without a declared length are cut off by the body reader (http.ts) as they pass
 * the same limit, so no route ever holds more. A gate of the front door (middleware/front-door): the refusal, or
 * undefined to go on.
 *
 * @example
 * const tooLarge = bodyLimit(mock);
 * const refusal = tooLarge(c); // a 413 Response, or undefined
 */
export function bodyLimit(mock: MockContext): (c: Context<MockEnv>) => Response | undefined {
  const limit = mock.options.bodyLimitBytes;
  const uploadLimit = uploadLimitBytes(mock);
  return function bodyLimitGate(c) {
    const declared = headerOf(c, 'content-length');
    if (declared === undefined || !(Number(declared) > limit)) return undefined;
    // File uploads have their own, larger limit (the upload route counts a body without a declared length itself).
    if (c.req.path !== ENDPOINTS.filesUpload) return errorReply(c, mock, oauthErrors.payloadTooLarge(limit));
    return Number(declared) > uploadLimit ? errorReply(c, mock, openApiErrors.payloadTooLarge(uploadLimit)) : undefined;
  };
}
