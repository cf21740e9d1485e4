// Node 20 only (bin/coze-mock.js picks it; Node ≥ 22.1 has module.enableCompileCache): runs the CLI bundle with a
// hand-made V8 code cache beside it (dist/cli.bundle.cjs.cache), so a start skips compiling what an earlier run
// compiled. The cache is keyed by the bundle's hash and the Node version; a mismatch, a cache V8 refuses, or a
// read-only install only costs that saving. Delete this file when Node 20 is no longer supported.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/cli.bundle.cjs', import.meta.url));
const cacheFile = `${bundle}.cache`;
const source = readFileSync(bundle, 'utf8');
// V8 itself checks only the source's length (and its own version and flags): the hash tells bundles apart.
const key = createHash('sha256').update(`${process.version}\0${process.arch}\0`).update(source).digest();

let cached;
try {
  const file = readFileSync(cacheFile);
  if (file.subarray(0, key.length).equals(key)) cached = file.subarray(key.length);
} catch {
  // No cache yet.
}
// The CommonJS wrapper, on the bundle's first line so that line numbers stay the bundle's; its `#!` line made a comment.
const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, { filename: bundle, cachedData: cached });
const usable = cached !== undefined && !script.cachedDataRejected;

// Written when the process ends (off the start-up path), holding what this run compiled: when there is no usable
// cache yet, or this run compiled notably more than the cached one did (say the first run only printed --help).
process.once('exit', () => {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    if (usable && data.length < cached.length * 1.05) return;
    writeFileSync(temporary, Buffer.concat([key, data]));
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: no cache, starts as fast as without one.
    rmSync(temporary, { force: true });
  }
});

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
