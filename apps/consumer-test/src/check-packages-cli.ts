/**
 * `pnpm check:packages`: packs every public package as a release would and runs publint and attw on each tarball.
 * Exits 1 when either tool has anything to say. The consumer test (test/consumer.test.ts) runs the same checks.
 */
import { checkTarball } from './check-packages.js';
import { packAll, tempDir } from './pack.js';

const tmp = tempDir('coze-check-packages-');
let failed = false;
try {
  for (const tarball of await packAll(tmp.path)) {
    const verdict = await checkTarball(tarball);
    const problems = [...verdict.publint.map((line) => `publint ${line}`), ...verdict.attw.map((line) => `attw ${line}`)];
    failed ||= problems.length > 0;
    process.stdout.write(`${tarball.name} (${(tarball.bytes / 1024).toFixed(1)} kB): ${problems.length ? `\n  ${problems.join('\n  ')}` : 'publint and attw have nothing to report'}\n`);
  }
} finally {
  tmp.remove();
}
process.exit(failed ? 1 : 0);
