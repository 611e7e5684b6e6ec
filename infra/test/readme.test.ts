import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../lib/config/defaults';

/** Keys whose values are whole objects chosen by the user (tagged unions, free-form settings). */
const WHOLE = new Set(['collector.domain', 'collector.image', 'collector.settings', 'enricher.config']);

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || WHOLE.has(prefix)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix === '' ? k : `${prefix}.${k}`));
}

describe('infra/README.md', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  it('documents every config key (the Parameters table stays in step with defaults.ts)', () => {
    const missing = leafPaths(DEFAULT_CONFIG).filter((p) => !readme.includes(`\`${p}\``));
    expect(missing).toEqual([]);
  });

  it('states the same defaults for the numbers people tune most', () => {
    for (const [key, value] of [
      ['enricher.batchSize', DEFAULT_CONFIG.enricher.batchSize],
      ['enricher.maxRecordAgeSecs', DEFAULT_CONFIG.enricher.maxRecordAgeSecs],
      ['streams.retentionHours', DEFAULT_CONFIG.streams.retentionHours],
      ['collector.idleTimeoutSecs', DEFAULT_CONFIG.collector.idleTimeoutSecs],
      ['collector.keepAliveTimeoutSecs', DEFAULT_CONFIG.collector.keepAliveTimeoutSecs],
      ['lake.badExpirationDays', DEFAULT_CONFIG.lake.badExpirationDays],
    ] as const) {
      expect(readme).toMatch(new RegExp(`\\| \`${key.replace('.', '\\.')}\` \\| \`${value}\` \\|`));
    }
  });
});
