import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, expectNonEmptyString } from './assert.js';
import { defineChecks, type CheckContext } from './check.js';
import { patClient } from './chat-support.js';

/** Files through the SDK (coze-openapi.yaml UploadFileOpen, RetrieveFileOpen; coze-js `Files`). */

/** What `files.upload` and `files.retrieve` answer (coze-openapi.yaml File). */
export interface UploadedFile {
  id: string;
  bytes: number;
  created_at: number;
  file_name: string;
}

/**
 * Uploads a text file through the SDK the way a Node app does (a read stream of a file on disk, which the SDK posts as
 * the multipart part `file`).
 *
 * @example
 * const file = await uploadText(ctx, 'notes.txt', 'some notes');
 */
export async function uploadText(ctx: CheckContext, name: string, text: string): Promise<UploadedFile> {
  const dir = await mkdtemp(join(tmpdir(), 'coze-conformance-'));
  try {
    const path = join(dir, name);
    await writeFile(path, text);
    return (await patClient(ctx).files.upload({ file: createReadStream(path) })) as UploadedFile;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const fileChecks = defineChecks('files', [
  {
    id: 'files.upload-retrieve',
    title: 'files.upload (multipart part file) answers {id, bytes, created_at, file_name}; files.retrieve(id) answers the same',
    source: '@coze/api Files.upload (toFormData({file})), Files.retrieve; coze-openapi.yaml UploadFileOpen, RetrieveFileOpen',
    covers: ['file.calls'],
    needs: ['pat'],
    async run(ctx) {
      const text = 'some notes, ünïcödé';
      const uploaded = await uploadText(ctx, 'notes.txt', text);
      expectNonEmptyString(uploaded?.id, 'file id');
      assert.deepEqual([uploaded.bytes, uploaded.file_name], [Buffer.byteLength(text), 'notes.txt'], `the upload is described: ${JSON.stringify(uploaded)}`);
      assert.equal(typeof uploaded.created_at, 'number', 'created_at is Unix seconds');
      assert.deepEqual(await patClient(ctx).files.retrieve(uploaded.id), uploaded, 'retrieve answers the uploaded file');
    },
  },
]);
