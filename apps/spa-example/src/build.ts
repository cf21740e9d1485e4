import { mkdir, writeFile } from 'node:fs/promises';
import { bundleSpa } from './bundle.js';

// `pnpm --filter @coze-mock/spa-example build`: writes the browser bundle to dist/app.js (serve.ts bundles in memory;
// this is for looking at it or hosting it elsewhere).
const dist = new URL('../dist/', import.meta.url);
await mkdir(dist, { recursive: true });
const js = await bundleSpa();
await writeFile(new URL('app.js', dist), js);
console.log(`dist/app.js: ${(js.length / 1024).toFixed(0)} kB`);
