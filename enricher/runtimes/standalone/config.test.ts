import { join } from 'node:path';
import { ConfigError } from '../../../common/config/load-config';
import { buildStandaloneConfig, loadStandaloneConfig } from './config';

const CONFIG_DIR = join(__dirname, '..', '..', 'config');

describe('standalone enricher config', () => {
  it('accepts minimal.yaml and fills every default', () => {
    const c = loadStandaloneConfig(join(CONFIG_DIR, 'minimal.yaml'));
    expect(c.input.streamName).toBe('raw');
    expect(c.batching).toEqual({ flushMaxAgeSecs: 30, flushMaxBytes: 32 * 1024 * 1024 });
    expect(c.output.prefix).toBe('enriched');
    expect(Object.isFrozen(c.output)).toBe(true);
  });

  it('reference.yaml states exactly the defaults (once the required values are set)', () => {
    const ref = loadStandaloneConfig(join(CONFIG_DIR, 'reference.yaml'), {
      SLEET_ENRICHER_STREAM: 'raw',
      SLEET_ENRICHER_BUCKET: 'b',
      SLEET_ENRICHER_CHECKPOINT_TABLE: 't',
    });
    const defaults = buildStandaloneConfig({ input: { streamName: 'raw' }, output: { s3: { bucket: 'b' } }, checkpoints: { dynamodb: { tableName: 't' } } });
    expect(ref).toEqual(defaults);
  });

  it('reports every problem at once, with key paths', () => {
    let err: unknown;
    try {
      buildStandaloneConfig({ batching: { flushMaxAgeSecs: 0, surprise: 1 }, output: { prefix: 'a b' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/batching\.surprise: unknown key/);
    expect(problems).toMatch(/batching\.flushMaxAgeSecs/);
    expect(problems).toMatch(/output\.prefix/);
    expect(() => buildStandaloneConfig({ input: { streamName: 's' }, output: { type: 'local', prefix: 'a/../b' }, checkpoints: { type: 's3', s3: { bucket: 'b' } } })).toThrow(
      /output\.prefix: must not contain/,
    );
  });

  it('checks the required keys of the chosen output and checkpoint store', () => {
    expect(() => buildStandaloneConfig({})).toThrow(/input\.streamName: required[\s\S]*output\.s3\.bucket: required[\s\S]*tableName: required/);
    expect(() =>
      buildStandaloneConfig({ input: { streamName: 's' }, output: { type: 'local' }, checkpoints: { type: 's3' } }),
    ).toThrow(/checkpoints\.s3\.bucket: required/);
  });

  it('takes per-environment values from env', () => {
    const c = buildStandaloneConfig({}, 'x', {
      SLEET_ENRICHER_STREAM: 'raw',
      SLEET_ENRICHER_BUCKET: 'b',
      SLEET_ENRICHER_CHECKPOINT_TABLE: 't',
      SLEET_ENRICHER_KINESIS_ENDPOINT: 'http://127.0.0.1:4567',
    });
    expect(c.aws.endpoints.kinesis).toBe('http://127.0.0.1:4567');
  });
});
