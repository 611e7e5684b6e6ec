import type { CollectorConfig } from '../config/sleet-config';

/** Collector shutdown default (collector/config/schema.ts `shutdownTimeoutSecs`). */
const COLLECTOR_DEFAULT_SHUTDOWN_SECS = 30;

/**
 * The collector config file the stack hands to each task (as JSON in SLEET_COLLECTOR_CONFIG_JSON; the container
 * writes it to a file). Only static values: stream names and region are tokens and travel as the collector's env
 * overrides (SLEET_COLLECTOR_GOOD_STREAM, …_BAD_STREAM, …_REGION). User `settings` win over generated values.
 */
export function collectorSettings(config: CollectorConfig): Record<string, unknown> {
  const generated: Record<string, unknown> = {
    port: config.containerPort,
    sink: { type: 'kinesis' },
    // Longer than the ALB idle timeout, so the ALB (not Node) closes idle connections: no 502s.
    networking: { keepAliveTimeoutSecs: config.keepAliveTimeoutSecs },
    ...(config.cookieDomain === null ? {} : { cookie: { domains: [config.cookieDomain], fallbackDomain: config.cookieDomain } }),
    // HTTPS only (HTTP is redirected at the ALB), so browsers may pin it.
    ...(config.domain === null ? {} : { hsts: { enabled: true } }),
  };
  return deepMerge(generated, config.settings);
}

/** Seconds ECS waits after SIGTERM before SIGKILL: the collector's own shutdown limit plus a margin (max 120). */
export function collectorStopTimeoutSecs(config: CollectorConfig): number {
  const shutdown = config.settings.shutdownTimeoutSecs;
  const secs = typeof shutdown === 'number' ? shutdown : COLLECTOR_DEFAULT_SHUTDOWN_SECS;
  return Math.min(120, secs + 15);
}

function deepMerge(base: Record<string, unknown>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      isObject(b) && isObject(v) ? deepMerge(b, v) : (structuredClone(v) as unknown);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
