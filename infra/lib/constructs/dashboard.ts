import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import type { OperationsProps } from './operations';

const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** One dashboard, top to bottom in data-flow order: collector → raw stream → enricher → deliveries → alarms. */
export function buildDashboard(
  scope: Construct,
  id: string,
  props: OperationsProps & { readonly alarms: readonly cloudwatch.IAlarm[] },
): cloudwatch.Dashboard {
  const { collector, enricher, rawStream, outcomes } = props;
  const alb = collector.service.loadBalancer;
  const tg = collector.service.targetGroup;
  const ecsService = collector.service.service;
  const fn = enricher.function;
  const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget =>
    new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });

  const dashboard = new cloudwatch.Dashboard(scope, id, { defaultInterval: Duration.hours(3) });
  dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Collector (ALB + Fargate)', width: 24, height: 1 }));
  dashboard.addWidgets(
    graph(
      'Requests and 5xx',
      [alb.metrics.requestCount({ statistic: 'Sum', period: MINUTE })],
      [
        alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum', period: MINUTE }),
        alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum', period: MINUTE }),
      ],
    ),
    graph('Response time (p50, p99)', [
      alb.metrics.targetResponseTime({ statistic: 'p50', period: MINUTE }),
      alb.metrics.targetResponseTime({ statistic: 'p99', period: MINUTE }),
    ]),
    graph(
      'Tasks: healthy/unhealthy, CPU %',
      [
        tg.metrics.healthyHostCount({ statistic: 'Minimum', period: MINUTE }),
        tg.metrics.unhealthyHostCount({ statistic: 'Maximum', period: MINUTE }),
      ],
      [ecsService.metricCpuUtilization({ period: MINUTE }), ecsService.metricMemoryUtilization({ period: MINUTE })],
    ),
  );
  dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Raw stream and enricher (Lambda)', width: 24, height: 1 }));
  dashboard.addWidgets(
    graph(
      'Raw stream in (records), throttled',
      [rawStream.metricIncomingRecords({ statistic: 'Sum', period: MINUTE })],
      [rawStream.metricPutRecordsThrottledRecords({ statistic: 'Sum', period: MINUTE })],
    ),
    graph('Enricher iterator age (ms, max)', [fn.metric('IteratorAge', { statistic: 'Maximum', period: MINUTE })]),
    graph(
      'Enricher invocations, errors, throttles',
      [fn.metricInvocations({ period: MINUTE })],
      [fn.metricErrors({ period: MINUTE }), fn.metricThrottles({ period: MINUTE })],
    ),
  );
  dashboard.addWidgets(
    graph('Enriched good events / bad rows (per 5 min)', [outcomes.good], [outcomes.bad]),
    graph('Enricher duration (p50, p99)', [
      fn.metricDuration({ statistic: 'p50', period: MINUTE }),
      fn.metricDuration({ statistic: 'p99', period: MINUTE }),
    ]),
    graph('Parked in failures bucket / lost', [
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'OnFailureDestinationDeliveredEventCount',
        dimensionsMap: { EventSourceMappingUUID: enricher.eventSourceMappingId },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
      fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: FIVE_MINUTES }),
    ]),
  );
  if (props.deliveries.length > 0) {
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Firehose deliveries to S3', width: 24, height: 1 }));
    dashboard.addWidgets(
      graph(
        'Data freshness (s, max)',
        props.deliveries.map((d) =>
          d.stream.metric('DeliveryToS3.DataFreshness', { statistic: 'Maximum', period: FIVE_MINUTES, label: d.name }),
        ),
      ),
      graph(
        'Records delivered to S3',
        props.deliveries.map((d) =>
          d.stream.metric('DeliveryToS3.Records', { statistic: 'Sum', period: FIVE_MINUTES, label: d.name }),
        ),
      ),
    );
  }
  if (props.alarms.length > 0) {
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }));
  }
  return dashboard;
}
