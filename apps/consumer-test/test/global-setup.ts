import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { installConsumerProject } from '../src/consumer-project.js';
import { packAll, tempDir, type Tarball } from '../src/pack.js';

/** What the files of this suite read with `inject('consumer')`. */
export interface ConsumerSetup {
  /** The temp folder holding the tarballs, the project and the files tests write. */
  tmp: string;
  /** The fresh npm project with the tarballs installed. */
  project: string;
  tarballs: Tarball[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerSetup;
  }
}

/**
 * Packs every public package and installs the tarballs into a fresh npm project, once, before any file: packing
 * empties and rebuilds packages/*\/dist (where `pnpm start` keeps its bundle), so it must be over before
 * pnpm-start.test.ts runs; after it, the files run side by side.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const tmp = tempDir('coze-consumer-');
  try {
    const tarballs = await packAll(tmp.path);
    const dir = join(tmp.path, 'project');
    mkdirSync(dir);
    await installConsumerProject(dir, tarballs, 180_000);
    project.provide('consumer', { tmp: tmp.path, project: dir, tarballs });
  } catch (error) {
    tmp.remove();
    throw error;
  }
  return () => tmp.remove();
}
