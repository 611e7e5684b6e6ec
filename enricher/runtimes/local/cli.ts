/**
 * `sleet start` (= `npm start`): the local embedded pipeline. Prints where to point a tracker and where the data
 * lands, runs until SIGINT/SIGTERM, then writes every open batch and exits 0.
 */
import { createLogger } from '../../../common/logger';
import { LOCAL_USAGE, parseLocalArgs } from './local-options';
import { startLocal } from './start-local';

export async function run(argv: string[]): Promise<number> {
  const { options, help, error } = parseLocalArgs(argv, process.env);
  if (help) {
    process.stdout.write(LOCAL_USAGE);
    return 0;
  }
  if (error !== undefined) {
    process.stderr.write(`sleet start: ${error}\n\n${LOCAL_USAGE}`);
    return 2;
  }
  const log = createLogger({ level: options.logLevel, name: 'sleet-local' });
  let running;
  try {
    running = await startLocal(options, { log });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      process.stderr.write(`sleet start: port ${options.port} is already in use (another Sleet or Snowplow Micro?). Use --port N.\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(`${running.banner}\n`);
  return new Promise<number>((resolveExit) => {
    let signalled = false;
    const onSignal = (): void => {
      if (signalled) {
        resolveExit(1);
        return;
      }
      signalled = true;
      process.stdout.write('\nStopping: writing open batches…\n');
      running.stop().then(
        () => {
          const c = running.pipeline.counts;
          process.stdout.write(`Stopped. ${c.good} events and ${c.bad} bad rows this run, in ${running.outputDir}\n`);
          resolveExit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'stop failed');
          resolveExit(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }).then((code) => {
    setImmediate(() => process.exit(code));
    return code;
  });
}
