/**
 * Runs an enricher benchmark compiled, not under the TypeScript loader: bundles ENTRY with esbuild into bench/out/
 * (gitignored; dependencies stay external) and runs the bundle with node in a child process, forwarding this
 * process's node flags (e.g. --expose-gc) and the remaining arguments. tsx routes every import through getters
 * and wraps functions; that cost ~10 % and is not what the enricher pays when deployed (tsc or esbuild output).
 * `__dirname`/`__filename` keep the values of each source file, so files found relative to the source tree
 * (package.json for the version, schemas/, uap-core) resolve as they do unbundled.
 * Usage: node [flags] bin/run-ts.js bench/enricher-bundle-run.ts ENTRY.ts [args...]
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { build, Plugin } from 'esbuild';

const OUT_DIR = join(__dirname, 'out');

/** Replaces `__dirname` / `__filename` in each source file by its own location. */
const sourceLocations: Plugin = {
  name: 'source-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text
        .replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

async function main(): Promise<void> {
  const [entry, ...args] = process.argv.slice(2);
  if (entry === undefined) throw new Error('usage: enricher-bundle-run ENTRY.ts [args...]');
  const outfile = join(OUT_DIR, `${basename(entry, '.ts')}.js`);
  await build({
    entryPoints: [resolve(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceLocations],
  });
  const child = spawn(process.execPath, [...process.execArgv, outfile, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal !== null ? 1 : 0);
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
