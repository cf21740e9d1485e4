#!/usr/bin/env node
// Runs the CLI bundle (the CLI and its dependencies in one file: one module to load, so it starts about as fast as a
// bare Hono server), built with the package; `pnpm start` in the workspace builds the same bundle from src/.
import('../dist/cli.bundle.mjs');
