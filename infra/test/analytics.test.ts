import { ENRICHED_FIELDS, ENRICHED_FIELD_COUNT } from '../../common/enriched-fields';
import { GLUE_TYPE_OF } from '../lib/constructs/glue-columns';
import { DOMAIN_CONFIG, logicalId, synthStack } from './synth-stack';

const { template } = synthStack(DOMAIN_CONFIG);
const lakeRef = { Ref: logicalId(template, 'AWS::S3::Bucket', 'BucketsLake') };

interface TableInput {
  Name: string;
  Parameters: Record<string, unknown>;
  PartitionKeys: Array<{ Name: string; Type: string }>;
  StorageDescriptor: {
    Columns: Array<{ Name: string; Type: string }>;
    Location: unknown;
    SerdeInfo: { SerializationLibrary: string; Parameters: Record<string, string> };
    InputFormat: string;
    Compressed: boolean;
  };
}

function table(name: string): TableInput {
  const found = Object.values(template.findResources('AWS::Glue::Table')).map(
    (r) => (r.Properties as { TableInput: TableInput }).TableInput,
  );
  const t = found.find((x) => x.Name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

const events = table('events');

describe('Glue table over the enriched TSV', () => {
  it('has exactly the enricher\'s 131 fields as columns, same names, same order (single source of truth)', () => {
    expect(events.StorageDescriptor.Columns).toHaveLength(ENRICHED_FIELD_COUNT);
    expect(events.StorageDescriptor.Columns.map((c) => c.Name)).toEqual(ENRICHED_FIELDS.map((f) => f.name));
  });

  it('types each column from its field type (0/1 booleans as tinyint, BigDecimal text as double)', () => {
    ENRICHED_FIELDS.forEach((f, i) => {
      expect([f.name, events.StorageDescriptor.Columns[i]?.Type]).toEqual([f.name, GLUE_TYPE_OF[f.type]]);
    });
    const typeOf = (n: string): string | undefined => events.StorageDescriptor.Columns.find((c) => c.Name === n)?.Type;
    expect(typeOf('collector_tstamp')).toBe('timestamp');
    expect(typeOf('br_cookies')).toBe('tinyint');
    expect(typeOf('dvce_ismobile')).toBe('tinyint');
    expect(typeOf('tr_total')).toBe('double');
    expect(typeOf('se_value')).toBe('double');
    expect(typeOf('geo_latitude')).toBe('double');
    expect(typeOf('contexts')).toBe('string');
    expect(typeOf('txn_id')).toBe('int');
  });

  it('reads gzip TSV with LazySimpleSerDe: tab-delimited, empty field = NULL', () => {
    expect(events.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': '\t', 'serialization.format': '\t', 'serialization.null.format': '' },
    });
    expect(events.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
    expect(events.StorageDescriptor.Compressed).toBe(true);
    expect(events.StorageDescriptor.Location).toEqual({ 'Fn::Join': ['', ['s3://', lakeRef, '/enriched/good/']] });
  });

  it('projects dt (date) and hr (00–23) partitions onto <prefix>/good/dt=YYYY-MM-DD/hr=HH/', () => {
    expect(events.PartitionKeys.map((k) => [k.Name, k.Type])).toEqual([
      ['dt', 'string'],
      ['hr', 'string'],
    ]);
    expect(events.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2024-01-01,NOW',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
      'projection.hr.type': 'integer',
      'projection.hr.range': '0,23',
      'projection.hr.digits': '2',
      'storage.location.template': { 'Fn::Join': ['', ['s3://', lakeRef, '/enriched/good/dt=${dt}/hr=${hr}/']] },
    });
  });
});

describe('Glue table over the bad rows', () => {
  it('reads each JSON line whole into one string column, with the same partitions under bad/', () => {
    const bad = table('bad_rows');
    expect(bad.StorageDescriptor.Columns.map((c) => [c.Name, c.Type])).toEqual([['line', 'string']]);
    expect(bad.StorageDescriptor.SerdeInfo.Parameters['field.delim']).toBe('\u0001');
    expect(bad.Parameters['storage.location.template']).toEqual({
      'Fn::Join': ['', ['s3://', lakeRef, '/enriched/bad/dt=${dt}/hr=${hr}/']],
    });
  });
});

describe('Athena workgroup', () => {
  it('enforces an encrypted result location, engine 3 and a per-query scan limit', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'sleet',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 200 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: {
            'Fn::Join': ['', ['s3://', { Ref: logicalId(template, 'AWS::S3::Bucket', 'BucketsAthenaResults') }, '/results/']],
          },
        },
      },
    });
  });

  it('ships example queries that filter on partitions and name the tables', () => {
    const queries = Object.values(template.findResources('AWS::Athena::NamedQuery')).map(
      (q) => (q.Properties as { QueryString: string; Database: string }),
    );
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const q of queries) {
      expect(q.Database).toBe('sleet');
      expect(q.QueryString).toMatch(/"sleet"\."(events|bad_rows)"/);
      expect(q.QueryString).toMatch(/WHERE[\s\S]*\bdt\b/);
    }
  });

  it('offers analysts a managed policy limited to the workgroup, the catalog and the lake\'s good/bad prefixes', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const statements = (policy?.Properties as { PolicyDocument: { Statement: Array<{ Sid: string; Action: unknown; Resource: unknown }> } })
      .PolicyDocument.Statement;
    const read = statements.find((s) => s.Sid === 'ReadLakeData');
    expect(read?.Action).toBe('s3:GetObject');
    expect(read?.Resource).toHaveLength(2);
    expect(read?.Resource).toEqual(
      expect.arrayContaining([
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [lakeRef.Ref, 'Arn'] }, '/enriched/good/*']] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [lakeRef.Ref, 'Arn'] }, '/enriched/bad/*']] },
      ]),
    );
    const workgroup = statements.find((s) => s.Sid === 'UseWorkgroup');
    expect(JSON.stringify(workgroup?.Resource)).toContain(':workgroup/sleet');
    for (const s of statements) expect(s.Resource).not.toBe('*');
  });

  it('analytics can be turned off', () => {
    const { template: t } = synthStack({ ...DOMAIN_CONFIG, analytics: { enabled: false } });
    t.resourceCountIs('AWS::Glue::Table', 0);
    t.resourceCountIs('AWS::Athena::WorkGroup', 0);
  });
});
