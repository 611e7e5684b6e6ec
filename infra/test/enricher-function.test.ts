import { Match } from 'aws-cdk-lib/assertions';
import { actionsOf, DOMAIN_CONFIG, logicalId, statementsOfRole, synthStack } from './synth-stack';

const { stack, template } = synthStack(DOMAIN_CONFIG);
const roleId = logicalId(template, 'AWS::IAM::Role', 'EnricherRole');
const statements = statementsOfRole(template, roleId);

describe('enricher function', () => {
  it('runs on Node 22 (arm64) with its own log group and the output bucket in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 120,
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
      Environment: {
        Variables: Match.objectLike({
          SLEET_ENRICHER_BUCKET: { Ref: logicalId(template, 'AWS::S3::Bucket', 'BucketsLake') },
          SLEET_ENRICHER_PREFIX: 'enriched',
          SLEET_ENRICHER_POSITION_STORE: 'dynamodb',
          SLEET_ENRICHER_POSITION_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'EnricherCheckpoints') },
        }),
      },
      LoggingConfig: { LogGroup: { Ref: logicalId(template, 'AWS::Logs::LogGroup', 'EnricherLogs') } },
    });
  });
});

describe('event source mapping', () => {
  it("tells the handler the mapping's ParallelizationFactor (above 1 the per-shard position store must be off)", () => {
    const esm = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0] as { Properties: { ParallelizationFactor: number } };
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SLEET_ENRICHER_PARALLELIZATION_FACTOR: String(esm.Properties.ParallelizationFactor) }) },
    });
  });

  it('has bounded retries and record age, bisect, partial batch responses and an S3 on-failure destination', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(template, 'AWS::Kinesis::Stream', 'StreamsRaw'), 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 5,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86400,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(template, 'AWS::S3::Bucket', 'BucketsFailures'), 'Arn'] } },
      },
      MetricsConfig: { Metrics: ['EventCount'] },
    });
  });

  it('takes its settings from the config', () => {
    const custom = synthStack({
      ...DOMAIN_CONFIG,
      enricher: { batchSize: 250, maxBatchingWindowSecs: 1, parallelizationFactor: 4, retryAttempts: 3, maxRecordAgeSecs: 3600 },
    });
    custom.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 250,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 4,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
    });
  });
});

describe('enricher role (least privilege)', () => {
  it('writes and deletes objects only under the enriched good/ and bad/ prefixes', () => {
    const s3Writes = statements.filter((s) => actionsOf(s).some((a) => a === 's3:PutObject' || a === 's3:DeleteObject'));
    const write = s3Writes.find((s) => s.Sid === 'WriteEnrichedObjects');
    expect(write).toBeDefined();
    const resources = JSON.stringify(write?.Resource);
    expect(resources).toContain('/enriched/good/*');
    expect(resources).toContain('/enriched/bad/*');
    expect(actionsOf(write as never).sort()).toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject']);
  });

  it('may only put (and list) on the failures bucket, never read or delete there', () => {
    const failuresArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::S3::Bucket', 'BucketsFailures'), 'Arn'] };
    const onFailures = statements.filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(failuresArn)));
    const actions = onFailures.flatMap(actionsOf).sort();
    expect(actions).toEqual(['s3:ListBucket', 's3:PutObject']);
  });

  it('reads only the raw stream', () => {
    const kinesis = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kinesis:')));
    expect(kinesis.length).toBeGreaterThan(0);
    const rawArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::Kinesis::Stream', 'StreamsRaw'), 'Arn'] };
    for (const s of kinesis) {
      expect(s.Resource).toEqual(rawArn);
      expect(actionsOf(s).every((a) => /^kinesis:(Get|Describe|List|Subscribe)/.test(a))).toBe(true);
    }
  });

  it('logs only to its own log group and has no wildcard resource or action', () => {
    const logsStatement = statements.find((s) => s.Sid === 'WriteOwnLogs');
    expect(logsStatement?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(template, 'AWS::Logs::LogGroup', 'EnricherLogs'), 'Arn'],
    });
    for (const s of statements) {
      expect(s.Resource).not.toEqual('*');
      expect(actionsOf(s).some((a) => a.endsWith(':*') || a === '*')).toBe(false);
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    expect(stack.enricher.role.roleName).toBeDefined();
  });
});

describe('checkpoint table', () => {
  it('is on-demand, encrypted, point-in-time recoverable and retained; the role may only get and put items', () => {
    const id = logicalId(template, 'AWS::DynamoDB::Table', 'EnricherCheckpoints');
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0] as never).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(dynamo[0]?.Resource).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
  });
});

describe('enricher config delivery', () => {
  it('enrichment assets in S3: read access to exactly those prefixes', () => {
    const { template: t } = synthStack({
      ...DOMAIN_CONFIG,
      enricher: { assetS3Uris: ['s3://acme-assets/maxmind/', 's3://acme-assets/lists/referers.json'] },
    });
    const st = statementsOfRole(t, logicalId(t, 'AWS::IAM::Role', 'EnricherRole'));
    const read = st.find((x) => x.Sid === 'ReadEnrichmentAssets');
    expect(JSON.stringify(read?.Resource)).toContain(':s3:::acme-assets/maxmind/*');
    expect(JSON.stringify(read?.Resource)).toContain(':s3:::acme-assets/lists/referers.json/*');
    const list = st.find((x) => actionsOf(x).includes('s3:ListBucket') && JSON.stringify(x.Resource).includes('acme-assets'));
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['maxmind/*', 'lists/referers.json/*'] } });
  });

  it('bundled: points the handler at the resolver and enrichments copied into the bundle', () => {
    const { template: t } = synthStack({
      ...DOMAIN_CONFIG,
      enricher: { configDir: 'infra/test/fixtures/enricher-config', resolverConfigFile: 'resolver.json', enrichmentsDir: 'enrichments' },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SLEET_ENRICHER_RESOLVER_FILE: '/var/task/sleet-config/resolver.json',
          SLEET_ENRICHER_ENRICHMENTS_DIR: '/var/task/sleet-config/enrichments',
        }),
      },
    });
  });

  it('without a config directory: Sleet\'s default resolver, no enrichments', () => {
    const vars = (Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.Environment?.Variables?.SLEET_ENRICHER_BUCKET !== undefined,
    )?.Properties.Environment.Variables ?? {}) as Record<string, unknown>;
    expect(vars.SLEET_ENRICHER_RESOLVER_FILE).toBeUndefined();
    expect(vars.SLEET_ENRICHER_ENRICHMENTS_DIR).toBeUndefined();
    expect(stack.config.enricher.configDir).toBeNull();
  });
});
