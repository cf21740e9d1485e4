/**
 * Files (coze-openapi.yaml UploadFileOpen, RetrieveFileOpen): multipart upload within `uploadLimitBytes`, retrieve,
 * and a file id usable in object_string messages.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockApp } from '../src/app.js';
import { startMockServer, type RunningMockServer } from '../src/server.js';
import { expectApiError, fixturesOf, newMock } from './helpers.js';
import { api, dataFrom } from './resource-helpers.js';

let app: MockApp;
beforeEach(() => {
  app = newMock();
});

type FileObject = { id: string; bytes: number; created_at: number; file_name: string };

function upload(target: MockApp, parts: Record<string, Blob | string>, token: string | null = fixturesOf(target).pat) {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.append(name, value as Blob);
  return target.request('/v1/files/upload', { method: 'POST', headers: token === null ? {} : { authorization: `Bearer ${token}` }, body: form });
}
const file = (size: number, name = 'data.bin') => new File([new Uint8Array(size)], name);

describe('POST /v1/files/upload and GET /v1/files/retrieve', () => {
  it('stores the file’s details and answers them, with the mock clock’s time', async () => {
    const uploaded = await dataFrom<FileObject>(await upload(app, { file: file(1234, 'report.pdf') }));
    expect(uploaded).toEqual({ id: expect.stringMatching(/^\d{19}$/), bytes: 1234, file_name: 'report.pdf', created_at: app.mock.clock.nowSeconds() });
    expect(await dataFrom(await api(app, 'GET', `/v1/files/retrieve?file_id=${uploaded.id}`))).toEqual(uploaded);
  });

  it('takes files larger than the JSON body limit, up to uploadLimitBytes; beyond it, 413 in the envelope', async () => {
    app = newMock({ config: { uploadLimitBytes: 200_000 } });
    expect((await dataFrom<FileObject>(await upload(app, { file: file(150_000) }))).bytes).toBe(150_000);
    const refused = await expectApiError(await upload(app, { file: file(250_000) }), 413, 4000);
    expect(refused.msg).toContain('200000');
  });

  it('answers 400 code 4000 for a body that is not multipart, or has no file part', async () => {
    await expectApiError(await api(app, 'POST', '/v1/files/upload', { file: 'x' }), 400, 4000);
    expect((await expectApiError(await upload(app, { name: 'no file here' }), 400, 4000)).msg).toContain('file');
    const broken = await app.request('/v1/files/upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${fixturesOf(app).pat}`, 'content-type': 'multipart/form-data; boundary=zzz' },
      body: 'this is not multipart',
    });
    await expectApiError(broken, 400, 4000);
  });

  it('answers 4100 without a token, 4101 without the file permission, 4200 for an unknown or another user’s file', async () => {
    await expectApiError(await upload(app, { file: file(1) }, null), 401, 4100);
    app = newMock({ config: { users: [{ user_id: '42', user_name: 'alice' }], pats: [{ token: 'pat_alice_files', userId: '42' }, { token: 'pat_no_file_perm', permissions: ['chat'] }] } });
    expect((await expectApiError(await upload(app, { file: file(1) }, 'pat_no_file_perm'), 403, 4101)).msg).toContain('file');
    const mine = await dataFrom<FileObject>(await upload(app, { file: file(3) }));
    await expectApiError(await api(app, 'GET', `/v1/files/retrieve?file_id=${mine.id}`, undefined, 'pat_alice_files'), 404, 4200);
    await expectApiError(await api(app, 'GET', '/v1/files/retrieve?file_id=7000000000000000000'), 404, 4200);
    await expectApiError(await api(app, 'GET', '/v1/files/retrieve'), 400, 4000);
  });

  it('lets a message refer to an uploaded file by id (object_string); an unknown id is a 4000 naming it', async () => {
    const uploaded = await dataFrom<FileObject>(await upload(app, { file: file(10, 'cat.png') }));
    const conversation = await dataFrom<{ id: string }>(await api(app, 'POST', '/v1/conversation/create', {}));
    const path = `/v1/conversation/message/create?conversation_id=${conversation.id}`;
    const ok = await api(app, 'POST', path, { role: 'user', content: JSON.stringify([{ type: 'image', file_id: uploaded.id }]), content_type: 'object_string' });
    expect(await dataFrom(ok)).toMatchObject({ content_type: 'object_string' });
    const unknown = await api(app, 'POST', path, { role: 'user', content: JSON.stringify([{ type: 'file', file_id: '7000000000000000000' }]), content_type: 'object_string' });
    expect((await expectApiError(unknown, 400, 4000)).msg).toContain('7000000000000000000');
  });
});

describe('an upload over a socket', () => {
  let server: RunningMockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: 'beta', config: { uploadLimitBytes: 100_000 } });
  });
  afterAll(() => server.close());

  /** A chunked multipart POST (no Content-Length) of `size` bytes of file. */
  function chunkedUpload(size: number): Promise<{ status: number; body: { code: number; msg: string } }> {
    const boundary = 'coze-mock-boundary';
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`;
    return new Promise((resolve, reject) => {
      const url = new URL('/v1/files/upload', server.url);
      const req = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${server.fixtures.pat}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { code: number; msg: string } }));
      });
      req.on('error', reject);
      req.write(head);
      for (let sent = 0; sent < size; sent += 10_000) req.write(Buffer.alloc(Math.min(10_000, size - sent)));
      req.end(`\r\n--${boundary}--\r\n`);
    });
  }

  it('takes a declared body over the JSON body limit, and refuses one over uploadLimitBytes before reading it', async () => {
    const send = (size: number) => {
      const form = new FormData();
      form.append('file', new File([new Uint8Array(size)], 'upload.bin'));
      return fetch(`${server.url}/v1/files/upload`, { method: 'POST', headers: { authorization: `Bearer ${server.fixtures.pat}` }, body: form });
    };
    const taken = await send(80_000);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ code: 0, data: { bytes: 80_000 } });
    const refused = await send(150_000);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ code: 4000, msg: expect.stringContaining('100000') });
  });

  it('counts a chunked body as it arrives: within the limit it is taken, beyond it 413', async () => {
    expect(await chunkedUpload(50_000)).toMatchObject({ status: 200, body: { code: 0 } });
    expect(await chunkedUpload(150_000)).toMatchObject({ status: 413, body: { code: 4000 } });
  });
});
