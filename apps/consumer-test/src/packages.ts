import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A workspace package that is published. */
export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
  /** Other public packages it depends on (they are packed first: its build compiles against their dist). */
  needs: string[];
}

/**
 * The public (non-private) packages under packages/, dependencies first.
 *
 * @example
 * publicPackages().map((p) => p.name); // ['@coze-mock/server', '@coze-mock/testing', …]
 */
export function publicPackages(root = REPO_ROOT): PublicPackage[] {
  const found: PublicPackage[] = [];
  for (const folder of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', folder);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      private?: boolean;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    if (pkg.private) continue;
    const deps = { ...pkg.dependencies, ...pkg.peerDependencies };
    found.push({ name: pkg.name, version: pkg.version, dir, needs: Object.keys(deps).filter((dep) => deps[dep]?.startsWith('workspace:')) });
  }
  const ordered: PublicPackage[] = [];
  const visit = (pkg: PublicPackage) => {
    if (ordered.includes(pkg)) return;
    for (const need of pkg.needs) {
      const dep = found.find((other) => other.name === need);
      if (dep) visit(dep);
    }
    ordered.push(pkg);
  };
  found.sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return ordered;
}
