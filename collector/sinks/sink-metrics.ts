/** What a sink reports; collector/metrics.ts turns it into Prometheus series labelled with the sink name. */
export interface SinkMetrics {
  /** Records (and their bytes) the sink made durable. */
  sent(records: number, bytes: number): void;
  /** One call to the backing service: how many records it carried and how long it took. */
  call(records: number, seconds: number): void;
  /** Records that will be sent again, by bounded error type. */
  retried(records: number, errorType: string): void;
  healthChanged(healthy: boolean): void;
}

export const NO_SINK_METRICS: SinkMetrics = {
  sent: () => undefined,
  call: () => undefined,
  retried: () => undefined,
  healthChanged: () => undefined,
};
