#!/usr/bin/env node
// Runs the CLI bundle (dist/cli.bundle.cjs: the CLI and its dependencies in one file, built with the package). Most of
// a start is V8 compiling that bundle, so it runs with a code cache: on Node ≥ 22.1 Node's own
// (`module.enableCompileCache()`, kept in Node's temp folder or NODE_COMPILE_CACHE); Node 20 has none, so there
// node20-code-cache.js keeps a hand-made one beside the bundle (bench/RESULTS.md: start-up by Node version).
import module, { createRequire } from 'node:module';

if (typeof module.enableCompileCache === 'function') {
  module.enableCompileCache();
  createRequire(import.meta.url)('../dist/cli.bundle.cjs');
} else {
  await import('./node20-code-cache.js');
}
