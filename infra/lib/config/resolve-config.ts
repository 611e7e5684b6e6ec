import { SleetConfigError } from './config-error';
import { checkCollectorSettings } from './check-collector-settings';
import { checkConfig, type ConfigFindings } from './check-config';
import { DEFAULT_CONFIG } from './defaults';
import type { SleetConfig, SleetConfigInput } from './sleet-config';

/** Key paths whose values are replaced as a whole (tagged unions), never merged key by key with the default. */
const REPLACED_WHOLE = new Set(['collector.domain', 'collector.image', 'collector.settings']);

export interface ResolvedConfig {
  readonly config: SleetConfig;
  /** Prescriptive defaults the user turned off (reported as CDK warnings, not errors). */
  readonly warnings: readonly string[];
}

/**
 * Merges a user config (any subset, typically parsed JSON) over DEFAULT_CONFIG, rejects unknown keys, checks
 * every value and cross-field rule, and returns the frozen result. Throws SleetConfigError listing every problem.
 */
export function resolveConfig(input: SleetConfigInput | unknown, source = 'props'): ResolvedConfig {
  const problems: string[] = [];
  const merged = mergeOver(DEFAULT_CONFIG, input ?? {}, '', problems);
  const findings: ConfigFindings =
    problems.length === 0 ? checkConfig(merged as SleetConfig) : { problems: [], warnings: [] };
  const collectorProblems =
    problems.length === 0 && findings.problems.length === 0 ? checkCollectorSettings((merged as SleetConfig).collector) : [];
  const all = [...problems, ...findings.problems, ...collectorProblems];
  if (all.length > 0) throw new SleetConfigError(source, all);
  return { config: deepFreeze(merged as SleetConfig), warnings: findings.warnings };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeOver(base: unknown, override: unknown, path: string, problems: string[]): unknown {
  if (!isPlainObject(override)) {
    problems.push(`${path || '(top level)'}: must be an object`);
    return base;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    const keyPath = path === '' ? key : `${path}.${key}`;
    if (!Object.prototype.hasOwnProperty.call(base, key)) {
      problems.push(`${keyPath}: unknown key`);
      continue;
    }
    if (value === undefined) continue;
    const defaultValue = (base as Record<string, unknown>)[key];
    out[key] =
      isPlainObject(defaultValue) && !REPLACED_WHOLE.has(keyPath)
        ? mergeOver(defaultValue, value, keyPath, problems)
        : structuredClone(value);
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
