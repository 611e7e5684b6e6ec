/**
 * The collector's config file for the end-to-end pipeline (keys from collector/config/schema.ts): loopback only,
 * durable acknowledgement (a 200 means the record is in Kinesis), the network cookie as Snowplow sets it.
 */
export interface CollectorSetup {
  readonly port: number;
  readonly kinesisEndpoint: string;
  readonly goodStream: string;
  readonly badStream: string;
  readonly metricsPort: number;
}

export function collectorConfig(setup: CollectorSetup): object {
  return {
    interface: '127.0.0.1',
    port: setup.port,
    cookie: { enabled: true, name: 'sp', sameSite: 'None', secure: true, httpOnly: true },
    ack: { mode: 'durable' },
    sink: {
      type: 'kinesis',
      kinesis: {
        region: 'us-east-1',
        endpoint: setup.kinesisEndpoint,
        goodStream: setup.goodStream,
        badStream: setup.badStream,
        lingerMs: 5,
      },
    },
    metrics: { enabled: true, port: setup.metricsPort, interface: '127.0.0.1' },
    logging: { level: 'info' },
  };
}
