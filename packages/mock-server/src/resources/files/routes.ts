import { Hono, type Context } from 'hono';
import * as z from 'zod';
import type { MockContext, MockEnv } from '../../context.js';
import { ClientAbortedError, OpenApiError, openApiErrors } from '../../errors.js';
import { ENDPOINTS } from '../../endpoints.js';
import { headerOf, openApiReply } from '../../http.js';
import { callerWith } from '../shared/access.js';
import { parseQuery } from '../request.js';
import { fileView } from './store.js';
import { once } from '../shared/once.js';

/**
 * Files (coze-openapi.yaml UploadFileOpen, RetrieveFileOpen): `POST /v1/files/upload` takes a multipart body with a
 * `file` part, at most `uploadLimitBytes` (413 beyond); `GET /v1/files/retrieve?file_id=` answers its details. Both
 * need the `file` permission. The file's bytes are read and counted, never kept.
 */

/** The body, read as it streams in and refused (413) as soon as it passes `limit` bytes, declared length or not. */
async function readBounded(c: Context<MockEnv>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw openApiErrors.payloadTooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof OpenApiError) throw error;
    throw new ClientAbortedError();
  }
  return Buffer.concat(chunks);
}

/** The `file` part of a multipart body (Web-standard `formData()`), or a 400 code 4000 saying what is wrong. */
async function uploadedFile(c: Context<MockEnv>, mock: MockContext): Promise<File> {
  const contentType = headerOf(c, 'content-type') ?? '';
  if (!/^\s*multipart\/form-data\b/i.test(contentType)) throw openApiErrors.invalidParameter('content-type', 'an upload is multipart/form-data');
  const bytes = await readBounded(c, mock.options.uploadLimitBytes);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw openApiErrors.invalidParameter('body', 'not a valid multipart/form-data body');
  }
  const file = form.get('file');
  if (!(file instanceof File)) throw openApiErrors.invalidParameter('file', 'required: a file part named "file"');
  return file;
}

const retrieveQuery = once(() => z.object({ file_id: z.string().min(1, 'required').max(64) }));

/**
 * @example
 * app.route('/', createFileRoutes(mock));
 */
export function createFileRoutes(mock: MockContext) {
  const files = () => mock.store.resources.files;
  return new Hono<MockEnv>()
    .post(ENDPOINTS.filesUpload, async (c) => {
      const caller = callerWith(c, mock, 'file');
      const file = await uploadedFile(c, mock);
      const record = files().add({ fileName: file.name.slice(0, 255) || 'file', bytes: file.size, ownerId: caller.userId });
      return openApiReply(c, fileView(record));
    })
    .get(ENDPOINTS.filesRetrieve, (c) => {
      const caller = callerWith(c, mock, 'file');
      const { file_id } = parseQuery(c, retrieveQuery());
      const record = files().find(file_id, caller.userId);
      if (!record) throw openApiErrors.notFound(`file ${file_id}`);
      return openApiReply(c, fileView(record));
    });
}
