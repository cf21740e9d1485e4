import { StateTable, type Expiring } from '../../state/table.js';
import { newCozeId } from '../shared/ids.js';

/** An uploaded file as the mock keeps it: its details only (Coze's API has no download; the bytes are not kept). */
export interface FileRecord extends Expiring {
  id: string;
  fileName: string;
  bytes: number;
  /** Unix seconds. */
  createdAt: number;
  /** The user who uploaded it: only they see it. */
  ownerId: string;
}

/** How long an upload is kept, in mock time: as long as a conversation (docs/behaviour.md, choice). */
export const FILE_RETENTION_MS = 180 * 24 * 3600 * 1000;

/**
 * Uploaded files (`POST /v1/files/upload`), capped like every state table.
 *
 * @example
 * const file = files.add({ fileName: 'a.png', bytes: 42, ownerId: caller.userId });
 * files.find(file.id, caller.userId); // the record
 */
export class FileStore {
  readonly files: StateTable<FileRecord>;

  constructor(private readonly now: () => number, capacity: number) {
    this.files = new StateTable('uploaded files', now, capacity);
  }

  add(input: { fileName: string; bytes: number; ownerId: string }): FileRecord {
    const now = this.now();
    const record: FileRecord = { id: newCozeId(), ...input, createdAt: Math.floor(now / 1000), expiresAtMs: now + FILE_RETENTION_MS };
    this.files.add(record.id, record);
    return record;
  }

  /** The file, if it exists and belongs to `ownerId`; another user's file is as unknown as a missing one. */
  find(id: string, ownerId: string): FileRecord | undefined {
    const record = this.files.get(id);
    return record?.ownerId === ownerId ? record : undefined;
  }

  reset(): void {
    this.files.clear();
  }
}

/** The wire shape of a file (coze-openapi.yaml `File`; coze-js `FileObject`). */
export const fileView = (file: FileRecord) => ({ id: file.id, bytes: file.bytes, created_at: file.createdAt, file_name: file.fileName });
