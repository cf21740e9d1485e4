import { fileURLToPath } from 'node:url';

/** This package's folder (packages/conformance, or node_modules/@coze-mock/conformance), from src/ or dist/ alike. */
export const CONFORMANCE_DIR = fileURLToPath(new URL('../', import.meta.url));
