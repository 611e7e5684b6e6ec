/**
 * Builds the Lambda deployment directory with esbuild (npm run bundle:lambda [-- OUT_DIR], default dist/lambda):
 *
 *   OUT/lambda/index.js(+.map)   the handler, every dependency bundled and minified (handler: lambda/index.handler)
 *   OUT/package.json             marks the package root (Sleet's version, schema lookup)
 *   OUT/schemas/                 Sleet's own Iglu schemas (the embedded repository)
 *   OUT/enricher/iglu/defaults/resolver-config.json   the default resolver config
 *   OUT/node_modules/uap-core/   the UA regexes read at run time by the ua_parser enrichment
 *
 * Zip OUT (or point CDK's Code.fromAsset at it). One file to load keeps the cold start small.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

export async function bundleLambda(outDir: string): Promise<{ bytes: number }> {
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'lambda'), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'enricher', 'runtimes', 'lambda', 'index.ts')],
    outfile: join(out, 'lambda', 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'sleet-enricher-lambda', version: pkg.version, license: pkg.license, private: true }, null, 2)}\n`);
  cpSync(join(ROOT, 'schemas'), join(out, 'schemas'), { recursive: true });
  const resolverConfig = join('enricher', 'iglu', 'defaults', 'resolver-config.json');
  mkdirSync(dirname(join(out, resolverConfig)), { recursive: true });
  cpSync(join(ROOT, resolverConfig), join(out, resolverConfig));
  const uap = dirname(require.resolve('uap-core/package.json'));
  mkdirSync(join(out, 'node_modules', 'uap-core'), { recursive: true });
  for (const f of ['package.json', 'regexes.yaml', 'LICENSE']) cpSync(join(uap, f), join(out, 'node_modules', 'uap-core', f));
  return { bytes: statSync(join(out, 'lambda', 'index.js')).size };
}

// Run directly (node bin/run-ts.js …/bundle.ts), not when imported by tests.
if (require.main === module || (process.argv[1] ?? '').endsWith('bundle.ts')) {
  bundleLambda(process.argv[2] ?? join(ROOT, 'dist', 'lambda')).then(
    ({ bytes }) => process.stdout.write(`lambda bundle: ${(bytes / 1024).toFixed(0)} KiB\n`),
    (err: unknown) => {
      process.stderr.write(`bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
