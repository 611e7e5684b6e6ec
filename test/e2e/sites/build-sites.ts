/**
 * Bundles the campaign sites' tracker code with esbuild into a temporary directory at test time (the bundles are
 * never committed). Returns the bundle path of each site.
 */
import { join } from 'node:path';
import { build } from 'esbuild';

export interface SiteBundles {
  readonly springSale: string;
  readonly store: string;
}

export async function buildSiteBundles(outDir: string): Promise<SiteBundles> {
  const entries = { 'spring-sale': join(__dirname, 'spring-sale', 'app.ts'), store: join(__dirname, 'store', 'app.ts') };
  await build({
    entryPoints: entries,
    bundle: true,
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    outdir: outDir,
    logLevel: 'silent',
  });
  return { springSale: join(outDir, 'spring-sale.js'), store: join(outDir, 'store.js') };
}

export const SITE_TEMPLATES = {
  springSale: join(__dirname, 'spring-sale', 'index.html'),
  store: join(__dirname, 'store', 'index.html'),
  searchEngine: join(__dirname, 'search-engine', 'index.html'),
} as const;
