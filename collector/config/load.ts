import { buildConfig, ConfigError, readConfigFile } from '../../common/config/load-config';
import { COLLECTOR_CONFIG_SCHEMA, COLLECTOR_ENV_OVERRIDES, CollectorConfig } from './schema';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Loads and validates a collector config file (JSON or YAML) once: env overrides, defaults, unknown keys rejected,
 * then the checks that span several keys. Every problem is reported at once; the result is frozen.
 */
export function loadCollectorConfig(file: string | undefined, env: Env = {}): Readonly<CollectorConfig> {
  const raw = file === undefined ? {} : readConfigFile(file);
  return buildCollectorConfig(raw, file ?? '<defaults>', env);
}

/** Same as loadCollectorConfig for an object already in memory (tests, embedding). */
export function buildCollectorConfig(raw: unknown, source = '<object>', env: Env = {}): Readonly<CollectorConfig> {
  const config = buildConfig<CollectorConfig>(raw, source, { schema: COLLECTOR_CONFIG_SCHEMA, envOverrides: COLLECTOR_ENV_OVERRIDES, env });
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

/** True when some route can answer a click redirect. */
export function redirectsReachable(c: CollectorConfig): boolean {
  return c.enableDefaultRedirect || Object.values(c.paths).some((p) => p.startsWith('/r/'));
}

function crossFieldProblems(c: CollectorConfig): string[] {
  const problems: string[] = [];
  if (c.sink.type === 'kinesis') {
    if (c.sink.kinesis.goodStream === '') problems.push('sink.kinesis.goodStream: required when sink.type is kinesis (or env SLEET_COLLECTOR_GOOD_STREAM)');
    if (c.sink.kinesis.badStream === '') problems.push('sink.kinesis.badStream: required when sink.type is kinesis (or env SLEET_COLLECTOR_BAD_STREAM)');
    if (c.sink.kinesis.endpoint !== null && !/^https?:\/\/[^\s]+$/.test(c.sink.kinesis.endpoint)) {
      problems.push('sink.kinesis.endpoint: must be an http(s) URL');
    }
  }
  if (redirectsReachable(c) && c.redirectDomains.length === 0) {
    problems.push('redirectDomains: redirects are enabled (enableDefaultRedirect or a path mapped to /r/…) but no domain is allowed; list the hosts redirects may go to');
  }
  if (c.networking.headersTimeoutSecs > c.networking.requestTimeoutSecs) {
    problems.push('networking.headersTimeoutSecs: must not exceed networking.requestTimeoutSecs');
  }
  if (c.sink.kinesis.maxBackoffMs < c.sink.kinesis.minBackoffMs) problems.push('sink.kinesis.maxBackoffMs: must be at least sink.kinesis.minBackoffMs');
  if (c.doNotTrackCookie.enabled) {
    if (c.doNotTrackCookie.name === '') problems.push('doNotTrackCookie.name: required when doNotTrackCookie.enabled');
    try {
      new RegExp(c.doNotTrackCookie.value);
    } catch (e) {
      problems.push(`doNotTrackCookie.value: not a valid regular expression (${(e as Error).message})`);
    }
  }
  if (c.cookie.clientCookieName !== null && c.cookie.clientCookieName === c.cookie.name) {
    problems.push('cookie.clientCookieName: must differ from cookie.name');
  }
  if (c.metrics.enabled && c.metrics.port !== null && c.metrics.port !== 0 && c.metrics.port === c.port) {
    problems.push('metrics.port: must differ from port (use null to serve metrics on the main port)');
  }
  for (const [from, to] of Object.entries(c.paths)) {
    if (from === to) problems.push(`paths.${from}: maps to itself`);
  }
  return problems;
}
