import pino, { Logger, LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths redacted from every log line: cookies, IPs and identifiers must never reach logs in clear. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers["x-forwarded-for"]',
  'res.headers["set-cookie"]',
  'cookie',
  'ip',
  'ipAddress',
  'networkUserId',
];

/**
 * The root logger (pino JSON on stdout). `sync: true` keeps lines from being lost on exit and on Lambda
 * (pino docs, asynchronous logging). Components take a child logger with `{ component }` bound.
 */
export function createLogger(opts: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.SLEET_LOG_LEVEL ?? 'info',
    name: opts.name ?? 'sleet',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, opts.destination ?? pino.destination({ sync: true }));
}

/** A logger that discards everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
