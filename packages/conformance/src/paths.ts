import { fileURLToPath } from 'node:url';

/** packages/conformance, whatever the working directory. */
export const CONFORMANCE_DIR = fileURLToPath(new URL('../', import.meta.url));

/** The repository root (reports go to `<root>/reports/`, which git ignores). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
