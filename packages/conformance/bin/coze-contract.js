#!/usr/bin/env node
// Published builds run the compiled contract CLI; in the workspace `pnpm contract` runs src/contract/cli.ts through tsx.
import('../dist/contract/cli.js');
