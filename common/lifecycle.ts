import type { Logger } from 'pino';

export interface Stoppable {
  /** Stops the component, flushing what it holds; resolves once everything acknowledged is durable. */
  stop(): Promise<void>;
}

/**
 * Installs SIGTERM/SIGINT handlers that stop `target` once, with a deadline; exits 0 when stopped in time, 1 when
 * the deadline passed or stopping failed. A second signal exits at once.
 */
export function stopOnSignals(target: Stoppable, opts: { timeoutSecs: number; log: Logger; exit?: (code: number) => void }): void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      opts.log.warn({ signal }, 'second signal, exiting now');
      exit(1);
      return;
    }
    stopping = true;
    opts.log.info({ signal, timeoutSecs: opts.timeoutSecs }, 'stopping');
    const timer = setTimeout(() => {
      opts.log.error({ timeoutSecs: opts.timeoutSecs }, 'shutdown deadline passed');
      exit(1);
    }, opts.timeoutSecs * 1000);
    timer.unref();
    target.stop().then(
      () => {
        clearTimeout(timer);
        opts.log.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        opts.log.error({ err }, 'stop failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
