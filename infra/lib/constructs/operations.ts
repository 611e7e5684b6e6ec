import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { SleetConfig } from '../config/sleet-config';
import type { CollectorService } from './collector-service';
import type { EnricherFunction } from './enricher-function';
import type { EnricherOutcomeMetrics } from './enricher-outcome-metrics';
import { buildDashboard } from './dashboard';

export interface OperationsProps {
  readonly config: SleetConfig;
  readonly rawStream: kinesis.IStream;
  readonly collector: CollectorService;
  readonly enricher: EnricherFunction;
  readonly outcomes: EnricherOutcomeMetrics;
  /** Firehose deliveries to watch for freshness, by display name. */
  readonly deliveries: ReadonlyArray<{
    readonly name: string;
    readonly stream: firehose.IDeliveryStream;
    readonly bufferingIntervalSecs: number;
  }>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms (on by default, every threshold explained in its description and in defaults.ts) sent to an SNS topic,
 * and a dashboard of the whole pipeline.
 */
export class Operations extends Construct {
  readonly topic?: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { config } = props;
    if (config.operations.alarms) {
      // No KMS on the topic: CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and the
      // messages carry alarm names only, no data.
      this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Sleet alarms', enforceSSL: true });
      if (config.operations.alarmEmail !== null) {
        this.topic.addSubscription(new subscriptions.EmailSubscription(config.operations.alarmEmail));
      }
      this.buildAlarms(props);
      const action = new actions.SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
    if (config.operations.dashboard) {
      this.dashboard = buildDashboard(this, 'Dashboard', { ...props, alarms: this.alarms });
    }
  }

  private alarm(id: string, props: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.IMetric }): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        alarmName: `${Stack.of(this).stackName}-${id}`,
        // No data = no traffic (Lambda emits no IteratorAge while idle, the ALB no 5xx): that is healthy.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...props,
      }),
    );
  }

  private buildAlarms(props: OperationsProps): void {
    const { config, enricher, collector } = props;
    const t = config.operations.thresholds;
    const fn = enricher.function;

    const ageLimitSecs = Math.min(config.streams.retentionHours * 3600, config.enricher.maxRecordAgeSecs);
    const lossThresholdSecs = Math.floor(ageLimitSecs * t.iteratorAgeLossFraction);
    this.alarm('EnricherIteratorAgeDataLoss', {
      metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: lossThresholdSecs * 1000,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription:
        `Enricher is ${lossThresholdSecs} s behind: ${Math.round(t.iteratorAgeLossFraction * 100)} % of the ` +
        `${ageLimitSecs} s after which records are parked in the failures bucket (maxRecordAge) or expire from ` +
        'the stream (retention). Act now (scale, fix errors) or data must be replayed.',
    });
    this.alarm('EnricherIteratorAgeFreshness', {
      metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: t.iteratorAgeFreshnessSecs * 1000,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription:
        `Enricher more than ${t.iteratorAgeFreshnessSecs} s behind the raw stream for 10 minutes: objects normally ` +
        'land within a minute, so it cannot keep up (raise parallelizationFactor or shards) or keeps retrying.',
    });
    this.alarm('EnricherErrors', {
      metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: 1,
      evaluationPeriods: t.enricherErrorPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        `Enricher invocations failed in ${t.enricherErrorPeriods} consecutive 5-minute periods. Bad data becomes ` +
        'bad rows, so errors are infrastructure faults (S3, config); retries absorb transient ones, this is not.',
    });
    this.alarm('EnricherThrottles', {
      metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: 1,
      evaluationPeriods: t.enricherThrottlePeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        `Enricher throttled for ${t.enricherThrottlePeriods * 5} minutes: account or reserved concurrency is ` +
        'exhausted and every shard behind it is delayed.',
    });
    const mapping = { EventSourceMappingUUID: enricher.eventSourceMappingId };
    this.alarm('EnricherParkedRecords', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'OnFailureDestinationDeliveredEventCount',
        dimensionsMap: mapping,
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'Records were parked in the failures bucket after exhausting retries or maxRecordAge. Any count matters: ' +
        'those events are not in the lake until replayed from the failures bucket (infra/README.md "Replay").',
    });
    this.alarm('EnricherLostRecords', {
      metric: fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'Failed batches could not be written to the failures bucket: those records are only in the raw stream ' +
        '(until its retention) and the raw archive. Fix the bucket access, then replay.',
    });

    const alb = collector.service.loadBalancer;
    const tg = collector.service.targetGroup;
    this.alarm('Collector5xxRate', {
      metric: new cloudwatch.MathExpression({
        expression: '100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests',
        usingMetrics: {
          elb5xx: alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum', period: FIVE_MINUTES }),
          target5xx: alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum', period: FIVE_MINUTES }),
          requests: alb.metrics.requestCount({ statistic: 'Sum', period: FIVE_MINUTES }),
        },
        label: 'Collector 5xx %',
        period: FIVE_MINUTES,
      }),
      threshold: t.collector5xxPercent,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription:
        `More than ${t.collector5xxPercent} % of collector requests answered 5xx for 10 minutes. Trackers retry and ` +
        'keep events meanwhile, so spikes lose nothing; sustained 5xx means Kinesis refuses writes or tasks are overloaded.',
    });
    this.alarm('CollectorUnhealthyTargets', {
      metric: tg.metrics.unhealthyHostCount({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: t.unhealthyTargetMinutes,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        `A collector task failed ${config.collector.healthCheckPath} for ${t.unhealthyTargetMinutes} minutes; a ` +
        'deployment replaces tasks in about 2 minutes, so this one is broken.',
    });
    this.alarm('CollectorNoHealthyTargets', {
      metric: tg.metrics.healthyHostCount({ statistic: 'Minimum', period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // Here missing data means no target reports at all: that is the outage this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: 'No healthy collector task for 2 minutes: trackers get 503s from the load balancer.',
    });
    this.alarm('RawStreamWriteThrottled', {
      metric: props.rawStream.metricPutRecordsThrottledRecords({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'The raw stream throttled collector writes for 15 minutes: the collector retries and answers 503 while it ' +
        'cannot write. Add shards (PROVISIONED) or check on-demand limits.',
    });

    this.alarm('BadRowRate', {
      metric: new cloudwatch.MathExpression({
        expression: '100 * bad / (good + bad)',
        usingMetrics: { good: props.outcomes.good, bad: props.outcomes.bad },
        label: 'Bad rows %',
        period: FIVE_MINUTES,
      }),
      threshold: t.badRowPercent,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription:
        `More than ${t.badRowPercent} % of enriched outputs were bad rows for 15 minutes. Usually a tracker ` +
        'release sends events that fail schema validation, or a schema repository is unreachable (see the bad_rows table).',
    });

    for (const d of props.deliveries) {
      const threshold = Math.round(d.bufferingIntervalSecs * t.deliveryFreshnessFactor);
      this.alarm(`${d.name}Freshness`, {
        metric: d.stream.metric('DeliveryToS3.DataFreshness', { statistic: 'Maximum', period: FIVE_MINUTES }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        alarmDescription:
          `${d.name}: the oldest record not yet in S3 is older than ${threshold} s (${t.deliveryFreshnessFactor}× ` +
          'the buffering interval). Firehose retries until the stream retention ends; check its error logs.',
      });
    }
  }
}
