import { ConfigError } from '../../../common/config/load-config';
import { buildCollectorConfig } from '../../../collector/config/load';
import { collectorSettings } from '../constructs/collector-settings';
import type { CollectorConfig } from './sleet-config';

/** Stand-ins for the values the stack passes as env overrides at run time (tokens at synth). */
const RUNTIME_ENV = {
  SLEET_COLLECTOR_GOOD_STREAM: 'raw-stream',
  SLEET_COLLECTOR_BAD_STREAM: 'bad-stream',
  SLEET_COLLECTOR_REGION: 'us-east-1',
};

/**
 * Validates the collector config the tasks will receive with the collector's own loader (schema, defaults,
 * unknown keys, cross-field rules), so a bad `collector.settings` fails `cdk synth` instead of crash-looping tasks.
 */
export function checkCollectorSettings(config: CollectorConfig): string[] {
  try {
    buildCollectorConfig(collectorSettings(config), 'collector.settings', RUNTIME_ENV);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `collector.settings: ${p}`);
    throw e;
  }
}
