import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Sleet's version, from package.json. */
export const SLEET_VERSION: string = readVersion();
/** `v_etl` in enriched events. */
export const ETL_VERSION = `sleet-${SLEET_VERSION}`;
/** The `collector` string of CollectorPayloads written to Kinesis (spec/collector.md §4.5). */
export const COLLECTOR_VERSION_KINESIS = `sleet-${SLEET_VERSION}-kinesis`;
