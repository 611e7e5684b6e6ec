import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { DOMAIN_CONFIG, logicalId, synthStack } from './synth-stack';

const { template } = synthStack(DOMAIN_CONFIG);
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const topicRef = { Ref: logicalId(template, 'AWS::SNS::Topic', 'AlarmTopic') };

interface AlarmProps {
  AlarmName: string;
  AlarmDescription: string;
  MetricName?: string;
  Namespace?: string;
  Threshold: number;
  EvaluationPeriods: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  Dimensions?: Array<{ Name: string; Value: unknown }>;
  Metrics?: Array<{ Id: string; Expression?: string }>;
  AlarmActions: unknown[];
  OKActions: unknown[];
}

function alarm(name: string): AlarmProps {
  const found = Object.values(alarms)
    .map((a) => a.Properties as AlarmProps)
    .find((p) => p.AlarmName === `Test-${name}`);
  if (!found) throw new Error(`no alarm ${name}; have ${Object.values(alarms).map((a) => a.Properties.AlarmName).join(', ')}`);
  return found;
}

describe('alarms (on by default)', () => {
  it('every alarm explains its threshold and notifies the alarm topic on alarm and on recovery', () => {
    expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(13);
    for (const a of Object.values(alarms)) {
      const p = a.Properties as AlarmProps;
      expect(p.AlarmDescription.length).toBeGreaterThan(40);
      expect(p.AlarmActions).toEqual([topicRef]);
      expect(p.OKActions).toEqual([topicRef]);
    }
  });

  it('iterator age: data-loss risk at 50 % of the record-age limit (min of retention and maxRecordAge)', () => {
    const a = alarm('EnricherIteratorAgeDataLoss');
    // defaults: retention 7 d, maxRecordAge 1 d → 50 % of 86 400 s
    expect([a.MetricName, a.Threshold, a.ComparisonOperator]).toEqual(['IteratorAge', 43_200_000, 'GreaterThanThreshold']);
    expect(a.AlarmDescription).toContain('50 %');
    const { template: t } = synthStack({ ...DOMAIN_CONFIG, streams: { retentionHours: 24 }, enricher: { maxRecordAgeSecs: 82_800 } });
    const shorter = Object.values(t.findResources('AWS::CloudWatch::Alarm')).find(
      (x) => x.Properties.AlarmName === 'Test-EnricherIteratorAgeDataLoss',
    );
    expect(shorter?.Properties.Threshold).toBe(41_400_000);
  });

  it('iterator age: freshness at 15 minutes behind', () => {
    expect(alarm('EnricherIteratorAgeFreshness')).toMatchObject({ MetricName: 'IteratorAge', Threshold: 900_000, EvaluationPeriods: 2 });
  });

  it('enricher errors and throttles', () => {
    expect(alarm('EnricherErrors')).toMatchObject({ MetricName: 'Errors', Threshold: 1, EvaluationPeriods: 3 });
    expect(alarm('EnricherThrottles')).toMatchObject({ MetricName: 'Throttles', Threshold: 1, EvaluationPeriods: 2 });
  });

  it('records parked in the on-failure bucket (event source mapping metric), and records that could not be parked', () => {
    const parked = alarm('EnricherParkedRecords');
    expect(parked).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'OnFailureDestinationDeliveredEventCount', Threshold: 1 });
    expect(parked.Dimensions).toEqual([
      { Name: 'EventSourceMappingUUID', Value: { Ref: logicalId(template, 'AWS::Lambda::EventSourceMapping', 'Enricher') } },
    ]);
    expect(alarm('EnricherLostRecords')).toMatchObject({ MetricName: 'DestinationDeliveryFailures', Threshold: 1 });
  });

  it('collector 5xx rate over requests, unhealthy targets, no healthy target (missing data breaches)', () => {
    const rate = alarm('Collector5xxRate');
    expect(rate.Threshold).toBe(1);
    expect(rate.Metrics?.find((m) => m.Expression)?.Expression).toBe('100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests');
    expect(alarm('CollectorUnhealthyTargets')).toMatchObject({ MetricName: 'UnHealthyHostCount', EvaluationPeriods: 5 });
    expect(alarm('CollectorNoHealthyTargets')).toMatchObject({
      MetricName: 'HealthyHostCount',
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(alarm('RawStreamWriteThrottled')).toMatchObject({ MetricName: 'PutRecords.ThrottledRecords' });
  });

  it('bad-row rate from the enricher log metric filters', () => {
    const a = alarm('BadRowRate');
    expect(a.Threshold).toBe(5);
    expect(a.Metrics?.find((m) => m.Expression)?.Expression).toBe('100 * bad / (good + bad)');
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.bad >= 0 }',
      MetricTransformations: [Match.objectLike({ MetricName: 'EnrichedBadRows', MetricNamespace: 'Sleet/Sleet', MetricValue: '$.bad' })],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.good >= 0 }',
      MetricTransformations: [Match.objectLike({ MetricName: 'EnrichedGoodEvents', MetricValue: '$.good' })],
    });
  });

  it('Firehose freshness at twice the buffering interval', () => {
    expect(alarm('RawArchiveFreshness')).toMatchObject({ MetricName: 'DeliveryToS3.DataFreshness', Threshold: 1800 });
    expect(alarm('CollectorBadRowsFreshness')).toMatchObject({ MetricName: 'DeliveryToS3.DataFreshness', Threshold: 600 });
  });

  it('alarm e-mail subscription when configured; no alarms (and a warning) when turned off', () => {
    const { template: t } = synthStack({ ...DOMAIN_CONFIG, operations: { alarmEmail: 'ops@flowershop.example' } });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@flowershop.example' });
    const off = synthStack({ ...DOMAIN_CONFIG, operations: { alarms: false } });
    off.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    off.template.resourceCountIs('AWS::SNS::Topic', 0);
    Annotations.fromStack(off.stack).hasWarning('*', Match.stringLikeRegexp('operations.alarms = false'));
  });
});

describe('dashboard', () => {
  it('exists and covers collector, enricher and deliveries', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const text of ['Collector (ALB + Fargate)', 'IteratorAge', 'DeliveryToS3.DataFreshness', 'EnrichedBadRows', 'Alarms']) {
      expect(body).toContain(text);
    }
  });
});
