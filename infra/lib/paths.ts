import * as path from 'node:path';

/** The repository root (infra/ lives directly under it); Docker context, esbuild project root and entry paths. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Resolves a repository-relative path (as written in the config) to an absolute one. */
export function fromRepoRoot(relative: string): string {
  return path.resolve(REPO_ROOT, relative);
}
