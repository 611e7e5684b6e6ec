/**
 * Built-in locations: Sleet's own schemas (`schemas/` at the package root, an embedded repository that every
 * validator puts first unless told otherwise) and the default resolver config used by local mode
 * (`enricher/iglu/defaults/resolver-config.json`: Sleet's schemas, then Iglu Central over HTTP).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadResolverConfigFile, ResolverConfig } from './resolver-config';

/** The Iglu vendor of Sleet's own schemas (schemas/dev.sleet/...). */
export const SLEET_VENDOR = 'dev.sleet';

/** The package root: the nearest directory above this file holding a package.json (source or dist/ layout). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return resolve(__dirname, '..', '..');
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRoot();

/** Sleet's embedded repository (bundles that move code away from the package root must pass their own path). */
export const SLEET_SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');

/** The default resolver config file shipped with Sleet. Relative embedded paths resolve against its directory. */
export const DEFAULT_RESOLVER_CONFIG_FILE = join(PACKAGE_ROOT, 'enricher', 'iglu', 'defaults', 'resolver-config.json');

/** The default resolver config and the directory its relative embedded paths resolve against. */
export function defaultResolverConfig(): { config: ResolverConfig; baseDir: string } {
  return loadResolverConfigFile(DEFAULT_RESOLVER_CONFIG_FILE);
}
