#!/usr/bin/env node
// `pnpm start` (root and package): runs the CLI in this very process, so the process pnpm started is the server —
// SIGTERM to pnpm reaches it (the scripts `exec` it: no shell in between) and Ctrl-C exits 0 without ELIFECYCLE.
// The CLI runs from an esbuild bundle of src/ (rebuilt when any source is newer), not through tsx: ready in a
// fraction of a second instead of one.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_DIR, bundleCli, newestSourceMtime } from './bundle-cli.mjs';

// Beside dist/cli.js, so that paths the CLI computes from its own location mean the same.
const bundle = join(PACKAGE_DIR, 'dist', 'cli.bundle.mjs');
if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSourceMtime()) await bundleCli({ outfile: bundle, format: 'esm' });
await import(pathToFileURL(bundle).href);
