import { SleetConfigError } from './config-error';
import { DEFAULT_CONFIG } from './defaults';
import { resolveConfig } from './resolve-config';

const DOMAIN = {
  collector: {
    domain: { name: 'c.flowershop.example', hostedZoneId: 'Z0123456789EXAMPLE', hostedZoneName: 'flowershop.example' },
    cookieDomain: 'flowershop.example',
  },
};

function problemsOf(input: unknown): readonly string[] {
  try {
    resolveConfig(input, 'test');
  } catch (e) {
    if (e instanceof SleetConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('resolveConfig', () => {
  it('fills every default around the user values and freezes the result', () => {
    const { config, warnings } = resolveConfig({ ...DOMAIN, enricher: { batchSize: 500 } });
    expect(config.enricher.batchSize).toBe(500);
    expect(config.enricher.maxRecordAgeSecs).toBe(DEFAULT_CONFIG.enricher.maxRecordAgeSecs);
    expect(config.streams).toEqual(DEFAULT_CONFIG.streams);
    expect(config.collector.domain?.name).toBe('c.flowershop.example');
    expect(warnings).toEqual([]);
    expect(Object.isFrozen(config.enricher)).toBe(true);
    expect(Object.isFrozen(config.collector.domain)).toBe(true);
  });

  it('does not mutate the defaults or the input', () => {
    const input = { ...DOMAIN, collector: { ...DOMAIN.collector, settings: { cookie: { name: 'x' } } } };
    const copy = structuredClone(input);
    resolveConfig(input);
    expect(input).toEqual(copy);
    expect(DEFAULT_CONFIG.collector.settings).toEqual({});
  });

  it('requires the collector domain unless plain HTTP is explicitly allowed (with a warning)', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^collector\.domain: is required: HTTPS needs a certificate/)]);
    const { warnings } = resolveConfig({ collector: { allowPlainHttp: true } });
    expect(warnings).toEqual([expect.stringContaining('collector.allowPlainHttp')]);
  });

  it('reports every problem at once, each with its key path', () => {
    const problems = problemsOf({
      ...DOMAIN,
      streams: { mode: 'SOMETIMES', retentionHours: 12 },
      collector: { ...DOMAIN.collector, cpu: 300, keepAliveTimeoutSecs: 30, minTasks: 4, maxTasks: 2 },
      enricher: { batchSize: 20_000, parallelizationFactor: 11, retryAttempts: -1 },
      analytics: { databaseName: 'Sleet-DB', projectionStartDate: '2024-02-30' },
      operations: { alarmEmail: 'not-an-email', thresholds: { iteratorAgeLossFraction: 1 } },
    });
    const paths = problems.map((p) => p.slice(0, p.indexOf(':')));
    expect(paths).toEqual([
      'streams.mode',
      'streams.retentionHours',
      'collector.cpu',
      'collector.maxTasks',
      'collector.keepAliveTimeoutSecs',
      'enricher.batchSize',
      'enricher.parallelizationFactor',
      'enricher.retryAttempts',
      'analytics.databaseName',
      'analytics.projectionStartDate',
      'operations.alarmEmail',
      'operations.thresholds.iteratorAgeLossFraction',
    ]);
    expect(problems.join('\n')).toContain('must exceed idleTimeoutSecs (60)');
  });

  it('rejects unknown keys and non-objects, with their paths', () => {
    expect(problemsOf({ ...DOMAIN, colector: {}, enricher: { batchsize: 5 }, lake: 3 })).toEqual([
      'colector: unknown key',
      'enricher.batchsize: unknown key',
      'lake: must be an object',
    ]);
    expect(problemsOf('yes')).toEqual(['(top level): must be an object']);
    expect(problemsOf({ ...DOMAIN, collector: { ...DOMAIN.collector, domain: { ...DOMAIN.collector.domain, zone: 'x' } } })).toEqual([
      'collector.domain.zone: unknown key',
    ]);
  });

  it('checks the domain: host name, zone membership, certificate ARN, first-party cookie domain', () => {
    expect(problemsOf({ collector: { domain: { name: 'c.other.example', hostedZoneId: 'Z123', hostedZoneName: 'flowershop.example' } } })).toEqual([
      'collector.domain.name: must be inside the hosted zone "flowershop.example"',
    ]);
    expect(problemsOf({ collector: { domain: { name: 'c.flowershop.example' } } })).toEqual([
      expect.stringMatching(/^collector\.domain: needs hostedZoneId \+ hostedZoneName .* or certificateArn/),
    ]);
    expect(problemsOf({ collector: { domain: { name: 'C_flowershop', certificateArn: 'arn:aws:iam::123:role/x' } } })).toEqual([
      expect.stringMatching(/^collector\.domain\.name: must be a lower-case host name/),
      expect.stringMatching(/^collector\.domain\.certificateArn: must be an ACM certificate ARN/),
    ]);
    expect(problemsOf({ ...DOMAIN, collector: { ...DOMAIN.collector, cookieDomain: 'elsewhere.example' } })).toEqual([
      'collector.cookieDomain: must be "c.flowershop.example" or a parent domain of it (first-party cookie)',
    ]);
  });

  it('refuses a record age at or above the stream retention (records would expire before being parked)', () => {
    expect(problemsOf({ ...DOMAIN, streams: { retentionHours: 24 }, enricher: { maxRecordAgeSecs: 86_400 } })).toEqual([
      expect.stringMatching(/^enricher\.maxRecordAgeSecs: must be below the raw stream's retention \(86400 s\)/),
    ]);
  });

  it('checks Fargate sizes, image sources, S3 URIs and prefix overlaps', () => {
    expect(
      problemsOf({
        ...DOMAIN,
        collector: { ...DOMAIN.collector, cpu: 256, memoryMiB: 4096, image: { source: 'ecr', repositoryName: 'sleet' } },
        enricher: { assetS3Uris: ['https://bucket/x'] },
        rawArchive: { prefix: 'enriched/raw' },
      }),
    ).toEqual([
      expect.stringMatching(/^collector\.image\.tag: must be an image tag/),
      'collector.memoryMiB: is not a valid Fargate size for cpu 256 (1024–2048 MiB in steps of 1024)',
      expect.stringMatching(/^enricher\.assetS3Uris\[0\]: must be an s3:\/\/bucket\/prefix URI/),
      'rawArchive.prefix: must not overlap enricher.outputPrefix ("enriched")',
    ]);
    expect(problemsOf({ ...DOMAIN, collector: { ...DOMAIN.collector, cpu: 256, memoryMiB: 512 } })).toEqual([]);
  });

  it('validates the collector settings with the collector\'s own config loader', () => {
    expect(problemsOf({ ...DOMAIN, collector: { ...DOMAIN.collector, settings: { cookie: { sameSite: 'Sometimes' } } } })).toEqual([
      expect.stringMatching(/^collector\.settings: cookie\.sameSite/),
    ]);
    expect(problemsOf({ ...DOMAIN, collector: { ...DOMAIN.collector, settings: { nonsense: true } } })).toEqual([
      expect.stringMatching(/^collector\.settings: .*nonsense/),
    ]);
    expect(problemsOf({ ...DOMAIN, collector: { ...DOMAIN.collector, settings: { redirectDomains: ['shop.flowershop.example'], enableDefaultRedirect: true } } })).toEqual([]);
  });

  it('checks that the bundled enricher config files exist', () => {
    expect(problemsOf({ ...DOMAIN, enricher: { configDir: 'infra/test/fixtures/enricher-config', resolverConfigFile: 'resolver.json', enrichmentsDir: 'enrichments' } })).toEqual([]);
    expect(problemsOf({ ...DOMAIN, enricher: { configDir: 'infra/test/fixtures/enricher-config', resolverConfigFile: 'missing.json', enrichmentsDir: 'resolver.json' } })).toEqual([
      'enricher.resolverConfigFile: infra/test/fixtures/enricher-config/missing.json is not a file in the repository',
      'enricher.enrichmentsDir: infra/test/fixtures/enricher-config/resolver.json is not a directory in the repository',
    ]);
    expect(problemsOf({ ...DOMAIN, enricher: { resolverConfigFile: 'resolver.json' } })).toEqual([
      'enricher.resolverConfigFile: needs enricher.configDir (the directory copied into the bundle)',
    ]);
    expect(problemsOf({ ...DOMAIN, enricher: { configDir: '../outside' } })).toEqual([
      expect.stringMatching(/^enricher\.configDir: must be a repository-relative directory/),
    ]);
  });

  it('replaces tagged unions as a whole instead of merging them with the default', () => {
    const { config } = resolveConfig({ ...DOMAIN, collector: { ...DOMAIN.collector, image: { source: 'registry', imageUri: 'ghcr.io/acme/sleet:1.2.3' } } });
    expect(config.collector.image).toEqual({ source: 'registry', imageUri: 'ghcr.io/acme/sleet:1.2.3' });
  });

  it('warns (does not fail) when prescriptive defaults are turned off', () => {
    const { warnings } = resolveConfig({
      ...DOMAIN,
      operations: { alarms: false },
      lake: { accessLogs: false },
      rawArchive: { enabled: false },
      collector: { ...DOMAIN.collector, minTasks: 1 },
    });
    expect(warnings.map((w) => w.slice(0, w.indexOf(':')))).toEqual([
      'collector.minTasks = 1',
      'lake.accessLogs = false',
      'rawArchive.enabled = false',
      'operations.alarms = false',
    ]);
  });

  it('accepts the defaults plus a domain with no problem at all', () => {
    expect(problemsOf(DOMAIN)).toEqual([]);
  });
});
