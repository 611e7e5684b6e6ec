import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The log line from which good/bad counts are taken: the enricher handler logs one pino JSON line per written
 * batch with numeric fields `good` (enriched events) and `bad` (bad rows). This is the contract with
 * enricher/runtimes/lambda/handler.ts; metric filters cost nothing extra, unlike a PutMetricData call per batch.
 */
export const ENRICHER_OUTCOME_LOG = { goodField: 'good', badField: 'bad' } as const;

/** Good and bad counts of the enricher as CloudWatch metrics, extracted from its logs by metric filters. */
export class EnricherOutcomeMetrics extends Construct {
  readonly good: cloudwatch.IMetric;
  readonly bad: cloudwatch.IMetric;

  constructor(scope: Construct, id: string, props: { readonly logGroup: logs.ILogGroup; readonly namespace: string }) {
    super(scope, id);
    this.good = this.filter('Good', props, 'EnrichedGoodEvents', ENRICHER_OUTCOME_LOG.goodField);
    this.bad = this.filter('Bad', props, 'EnrichedBadRows', ENRICHER_OUTCOME_LOG.badField);
  }

  private filter(
    id: string,
    props: { readonly logGroup: logs.ILogGroup; readonly namespace: string },
    metricName: string,
    field: string,
  ): cloudwatch.IMetric {
    const filter = new logs.MetricFilter(this, id, {
      logGroup: props.logGroup,
      metricNamespace: props.namespace,
      metricName,
      // Numeric comparison: matches only lines where the field is a number.
      filterPattern: logs.FilterPattern.numberValue(`$.${field}`, '>=', 0),
      metricValue: `$.${field}`,
      defaultValue: 0,
    });
    return filter.metric({ statistic: 'Sum', period: Duration.minutes(5) });
  }
}
