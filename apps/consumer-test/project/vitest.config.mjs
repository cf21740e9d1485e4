import { defineConfig } from 'vitest/config';

// What a user's vitest.config looks like: @coze/api treats any `window` as a browser, so keep the SDK in Node.
export default defineConfig({ test: { environment: 'node', include: ['*.test.ts'] } });
