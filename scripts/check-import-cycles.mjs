#!/usr/bin/env node
// Fails (exit 1) on any circle of imports between the source files of the workspace, type-only imports included:
// a layer may use the layers below it, never the other way round. Part of `pnpm lint`.
//
//   node scripts/check-import-cycles.mjs [root …]   (default: packages/*/src and apps/*/src)
//
// Tests (`*.test.ts`, `test/`) are left out: they may import anything. Only relative imports are followed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(?:ts|tsx|mts|js|mjs)$/;
const IMPORT = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every source file under `dir`, tests, declarations and build output left out. */
function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (SOURCE.test(name) && !/\.(?:test|spec)\.[a-z]+$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in NodeNext TypeScript), or undefined. */
function resolveSpecifier(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/**
 * The import graph of `files`: file → the files of the set it imports (comments stripped first).
 * @param {string[]} files
 */
export function importGraph(files) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    const targets = new Set();
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveSpecifier(file, match[1] ?? match[2]);
      if (target && known.has(target) && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * The strongly connected components of more than one file (Tarjan): each is a circle of imports.
 * @param {Map<string, Set<string>>} graph
 */
export function findCycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), indices.get(next)));
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

function main() {
  const workspace = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const roots = process.argv.length > 2
    ? process.argv.slice(2).map((root) => resolve(root))
    : ['packages', 'apps'].flatMap((group) => {
        const dir = join(workspace, group);
        return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name, 'src')).filter((src) => existsSync(src)) : [];
      });
  const files = roots.flatMap((root) => sourceFiles(root));
  const graph = importGraph(files);
  const cycles = findCycles(graph);
  if (!cycles.length) {
    console.log(`import cycles: none in ${files.length} files`);
    return;
  }
  for (const cycle of cycles) {
    console.error(`import cycle of ${cycle.length} files (a layer imports one above it; move the shared part down):`);
    for (const file of cycle) {
      const inCycle = [...(graph.get(file) ?? [])].filter((target) => cycle.includes(target)).map((target) => relative(workspace, target));
      console.error(`  ${relative(workspace, file)} -> ${inCycle.join(', ')}`);
    }
  }
  process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
