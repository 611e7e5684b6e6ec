import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SleetConfigError } from './config-error';

/** CDK context keys the app reads (`cdk deploy -c sleet-config=my-sleet.json`). */
export const CONTEXT_CONFIG_FILE = 'sleet-config';
export const CONTEXT_CONFIG_INLINE = 'sleet';

export interface AppConfig {
  readonly input: unknown;
  readonly source: string;
}

/**
 * Reads the deployment config for the CDK app: a JSON file named by context `sleet-config` (relative to the
 * directory cdk runs in), or an inline object/JSON string in context `sleet` (cdk.json or `-c sleet='{…}'`).
 * With neither, the defaults alone are used (which require a collector domain, so synth explains what is missing).
 */
export function readAppConfig(context: (key: string) => unknown, cwd: string): AppConfig {
  const file = context(CONTEXT_CONFIG_FILE);
  const inline = context(CONTEXT_CONFIG_INLINE);
  if (file !== undefined && inline !== undefined) {
    throw new SleetConfigError('context', [`set either context ${CONTEXT_CONFIG_FILE} (a file) or ${CONTEXT_CONFIG_INLINE} (inline), not both`]);
  }
  if (file !== undefined) {
    if (typeof file !== 'string' || file === '') {
      throw new SleetConfigError('context', [`${CONTEXT_CONFIG_FILE}: must be a path to a JSON file`]);
    }
    const full = path.resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (e) {
      throw new SleetConfigError(full, [`cannot read file: ${(e as Error).message}`]);
    }
    return { input: parseJson(text, full), source: full };
  }
  if (inline !== undefined) {
    return { input: typeof inline === 'string' ? parseJson(inline, `context ${CONTEXT_CONFIG_INLINE}`) : inline, source: `context ${CONTEXT_CONFIG_INLINE}` };
  }
  return { input: {}, source: 'defaults (no sleet-config given)' };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SleetConfigError(source, [`not valid JSON: ${(e as Error).message}`]);
  }
}
