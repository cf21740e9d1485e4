#!/usr/bin/env node
// `pnpm start` (root and package): runs the CLI in this very process, so the process pnpm started is the server —
// SIGTERM to pnpm reaches it (the scripts `exec` it: no shell in between) and Ctrl-C exits 0 without ELIFECYCLE.
// The CLI runs as the bin runs it, from an esbuild bundle of src/ (rebuilt when any source is newer), not through
// tsx: ready in a fraction of a second instead of one.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_BUNDLE, PACKAGE_DIR, bundleCli, newestSourceMtime } from './bundle-cli.mjs';

if (!existsSync(CLI_BUNDLE) || statSync(CLI_BUNDLE).mtimeMs < newestSourceMtime()) await bundleCli({ outfile: CLI_BUNDLE });
await import(pathToFileURL(join(PACKAGE_DIR, 'bin', 'coze-mock.js')).href);
