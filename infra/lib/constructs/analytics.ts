import { Aws, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AnalyticsConfig } from '../config/sleet-config';
import { enrichedGlueColumns, PARTITION_COLUMNS, type GlueColumn } from './glue-columns';
import type { LakeLayout } from './lake-layout';
import { exampleQueries } from './example-queries';

export interface AnalyticsProps {
  readonly config: AnalyticsConfig;
  readonly lake: s3.IBucket;
  readonly layout: LakeLayout;
  readonly results: s3.IBucket;
}

const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/**
 * What analysts query: a Glue database with the enriched-events table (Snowplow's 131-column TSV, columns from
 * common/enriched-fields.ts) and the bad-rows table (one JSON document per row), both with partition projection
 * on `dt`/`hr` so new hours are queryable at once without crawlers or MSCK; an Athena workgroup (engine 3) with
 * an encrypted, enforced result location and a per-query scan limit; example named queries; and a managed policy
 * to attach to analysts.
 *
 * Tables are L1 (`CfnTable`) on purpose: the Glue L2 `S3Table` cannot set SerDe parameters, and without
 * `field.delim = \t` LazySimpleSerDe would read the whole line into the first column.
 */
export class Analytics extends Construct {
  readonly database: glue.CfnDatabase;
  readonly goodTable: glue.CfnTable;
  readonly badTable: glue.CfnTable;
  readonly workgroup: athena.CfnWorkGroup;
  readonly analystPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const { config, layout } = props;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: config.databaseName, description: 'Sleet: Snowplow-compatible enriched events and bad rows' },
    });
    this.goodTable = this.lakeTable('GoodTable', props, {
      name: config.goodTableName,
      description: 'Enriched events: Snowplow enriched TSV (131 columns), gzip, partitioned by UTC hour of collector_tstamp',
      prefix: layout.goodPrefix,
      columns: enrichedGlueColumns(),
      // Empty fields are Snowplow's nulls.
      serdeParameters: { 'field.delim': '\t', 'serialization.format': '\t', 'serialization.null.format': '' },
    });
    this.badTable = this.lakeTable('BadTable', props, {
      name: config.badTableName,
      description: 'Bad rows: one self-describing JSON (com.snowplowanalytics.snowplow.badrows/*) per row, gzip',
      prefix: layout.badPrefix,
      columns: [{ name: 'line', type: 'string', comment: 'the bad row JSON; use json_extract_scalar(line, \'$.schema\')' }],
      // JSON escapes every control character, so \u0001 never splits a line: the whole document is one column.
      serdeParameters: { 'field.delim': '\u0001', 'serialization.format': '\u0001' },
    });

    this.workgroup = new athena.CfnWorkGroup(this, 'Workgroup', {
      name: config.workgroupName,
      description: 'Sleet analysts: results in the Sleet Athena results bucket, per-query scan limit',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: config.bytesScannedCutoffPerQueryGiB * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: props.results.s3UrlForObject('results/'),
          encryptionConfiguration: props.results.encryptionKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: props.results.encryptionKey.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });

    for (const [i, q] of exampleQueries(config).entries()) {
      const named = new athena.CfnNamedQuery(this, `Query${i}`, {
        name: q.name,
        description: q.description,
        database: config.databaseName,
        workGroup: this.workgroup.ref,
        queryString: q.sql,
      });
      named.node.addDependency(this.database);
    }

    this.analystPolicy = this.buildAnalystPolicy(props);
  }

  private lakeTable(
    id: string,
    props: AnalyticsProps,
    t: { name: string; description: string; prefix: string; columns: GlueColumn[]; serdeParameters: Record<string, string> },
  ): glue.CfnTable {
    const base = `s3://${props.lake.bucketName}/${t.prefix}`;
    const table = new glue.CfnTable(this, id, {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.config.databaseName,
      tableInput: {
        name: t.name,
        description: t.description,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'text',
          compressionType: 'gzip',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${props.config.projectionStartDate},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.hr.type': 'integer',
          'projection.hr.range': '0,23',
          'projection.hr.digits': '2',
          'storage.location.template': `${base}dt=\${dt}/hr=\${hr}/`,
        },
        partitionKeys: PARTITION_COLUMNS.map((c) => ({ ...c })),
        storageDescriptor: {
          location: base,
          columns: t.columns.map((c) => ({ ...c })),
          inputFormat: TEXT_INPUT,
          outputFormat: TEXT_OUTPUT,
          compressed: true,
          serdeInfo: { serializationLibrary: LAZY_SIMPLE_SERDE, parameters: t.serdeParameters },
        },
      },
    });
    table.node.addDependency(this.database);
    return table;
  }

  /** Query rights for analysts: this workgroup, the two tables, read the lake's good/bad data, write results. */
  private buildAnalystPolicy(props: AnalyticsProps): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const catalog = stack.formatArn({ service: 'glue', resource: 'catalog' });
    const database = stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.config.databaseName });
    const tables = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.config.databaseName}/*` });
    const policy = new iam.ManagedPolicy(this, 'AnalystPolicy', {
      description: 'Query Sleet data with Athena (workgroup, Glue tables, lake read, results write)',
      statements: [
        new iam.PolicyStatement({
          sid: 'UseWorkgroup',
          actions: [
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:GetQueryResultsStream',
            'athena:ListQueryExecutions',
            'athena:GetWorkGroup',
            'athena:ListNamedQueries',
            'athena:GetNamedQuery',
            'athena:BatchGetNamedQuery',
          ],
          resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.config.workgroupName })],
        }),
        new iam.PolicyStatement({
          sid: 'ReadCatalog',
          actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
          resources: [catalog, database, tables],
        }),
      ],
    });
    const lakePrefixes = [props.layout.goodPrefix, props.layout.badPrefix];
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'ReadLakeData',
        actions: ['s3:GetObject'],
        resources: lakePrefixes.map((p) => props.lake.arnForObjects(`${p}*`)),
      }),
      new iam.PolicyStatement({
        sid: 'ListLakeData',
        actions: ['s3:ListBucket'],
        resources: [props.lake.bucketArn],
        conditions: { StringLike: { 's3:prefix': lakePrefixes.map((p) => `${p}*`) } },
      }),
      new iam.PolicyStatement({ sid: 'LocateLake', actions: ['s3:GetBucketLocation'], resources: [props.lake.bucketArn] }),
      new iam.PolicyStatement({
        sid: 'QueryResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [props.results.bucketArn, props.results.arnForObjects('*')],
      }),
    );
    const keys = [props.lake.encryptionKey, props.results.encryptionKey].filter((k) => k !== undefined);
    if (keys.length > 0) {
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'UseLakeKey',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [...new Set(keys.map((k) => k.keyArn))],
        }),
      );
    }
    return policy;
  }
}
