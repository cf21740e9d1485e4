#!/usr/bin/env node
// Published builds run the compiled CLI; in the workspace `pnpm start` runs src/cli.ts through tsx.
import('../dist/cli.js');
