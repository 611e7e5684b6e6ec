import { ConfigError } from '../../../common/config/load-config';
import { effectivePositionStore, loadLambdaConfig } from './config';

describe('Lambda config from the environment', () => {
  it('needs only the bucket; region from AWS_REGION; enrichment files under /tmp', () => {
    const c = loadLambdaConfig({ AWS_REGION: 'eu-west-1', SLEET_ENRICHER_BUCKET: 'b' });
    expect(c).toMatchObject({
      aws: { region: 'eu-west-1' },
      output: { type: 's3', prefix: 'enriched', s3: { bucket: 'b' } },
      positions: { type: 's3', s3: { prefix: '_sleet/positions' } },
      retry: { maxAttempts: 3 },
      enrich: { enrichmentCacheDir: '/tmp/sleet-enrichment-files', resolverConfigFile: null },
    });
  });

  it('does not use a per-shard position when the mapping runs concurrent batches per shard', () => {
    expect(effectivePositionStore(loadLambdaConfig({ SLEET_ENRICHER_BUCKET: 'b' }))).toBe('s3');
    expect(effectivePositionStore(loadLambdaConfig({ SLEET_ENRICHER_BUCKET: 'b', SLEET_ENRICHER_PARALLELIZATION_FACTOR: '4' }))).toBe('none');
  });

  it('reports every problem at once', () => {
    let err: unknown;
    try {
      loadLambdaConfig({ SLEET_ENRICHER_POSITION_STORE: 'dynamodb', SLEET_ENRICHER_PREFIX: 'a/../b' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.join('\n')).toMatch(/output\.s3\.bucket: required[\s\S]*output\.prefix[\s\S]*positions\.dynamodb\.tableName: required/);
    expect(() => loadLambdaConfig({ SLEET_ENRICHER_BUCKET: 'b', SLEET_ENRICHER_POSITION_STORE: 'redis' })).toThrow(/positions\.type/);
    expect(() => loadLambdaConfig({ SLEET_ENRICHER_BUCKET: 'b', SLEET_ENRICHER_MAX_RECORD_BYTES: 'lots' })).toThrow(/SLEET_ENRICHER_MAX_RECORD_BYTES/);
  });
});
