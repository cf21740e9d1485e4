import { readFileSync } from 'node:fs';
import { checkPackage, createPackageFromTarballData, type Problem } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { Tarball } from './pack.js';

/**
 * attw's `esm-only` profile: the packages are ESM only, so problems of `require()` resolution (node16-cjs) and of the
 * node10 resolution of subpaths do not count.
 */
const IGNORED_RESOLUTIONS = ['node10', 'node16-cjs'];

/** One line per problem: its kind, where, under which resolution. */
const describeProblem = (problem: Problem) =>
  `${problem.kind}${'entrypoint' in problem ? ` at ${problem.entrypoint}` : ''}${'resolutionKind' in problem ? ` (${problem.resolutionKind})` : ''}`;

/** What the two tools said about one tarball. */
export interface PackageVerdict {
  name: string;
  /** publint's messages, formatted (errors, warnings and suggestions alike: all of them count). */
  publint: string[];
  /** attw's problems (esm-only profile), empty when the types are right. */
  attw: string[];
}

/**
 * Runs `publint` (strict) and attw (`@arethetypeswrong/core`, in this process: one TypeScript for every tarball) on a
 * packed tarball, with attw's `esm-only` profile.
 *
 * @example
 * const verdict = await checkTarball(tarball); // { name, publint: [], attw: [] } when both tools are happy
 */
export async function checkTarball(tarball: Tarball): Promise<PackageVerdict> {
  const bytes = readFileSync(tarball.file);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: 'suggestion', strict: true });
  const publintLines = messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);

  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(bytes)));
  const attw = analysis.types
    ? analysis.problems.filter((problem) => !('resolutionKind' in problem) || !IGNORED_RESOLUTIONS.includes(problem.resolutionKind)).map(describeProblem)
    : ['no type declarations found'];
  return {
    name: tarball.name,
    publint: publintLines,
    attw,
  };
}
