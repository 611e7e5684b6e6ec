import { Duration } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { StreamsConfig } from '../config/sleet-config';

/**
 * The collector's two Kinesis streams: `raw` (Thrift CollectorPayloads, read by the enricher and the raw archive)
 * and `bad` (the collector's own bad rows, e.g. size violations, delivered to the lake's bad prefix).
 * Always encrypted; capacity mode and retention come from the config.
 */
export class SleetStreams extends Construct {
  readonly raw: kinesis.Stream;
  readonly bad: kinesis.Stream;
  /** The customer-managed key when `encryption = KMS`. */
  readonly key?: kms.Key;

  constructor(scope: Construct, id: string, config: StreamsConfig) {
    super(scope, id);
    if (config.encryption === 'KMS') {
      this.key = new kms.Key(this, 'Key', {
        description: 'Sleet Kinesis streams (raw, bad)',
        enableKeyRotation: true,
      });
    }
    this.raw = this.buildStream('Raw', config, config.rawShardCount);
    this.bad = this.buildStream('Bad', config, config.badShardCount);
  }

  private buildStream(id: string, config: StreamsConfig, shardCount: number): kinesis.Stream {
    const provisioned = config.mode === 'PROVISIONED';
    return new kinesis.Stream(this, id, {
      streamMode: provisioned ? kinesis.StreamMode.PROVISIONED : kinesis.StreamMode.ON_DEMAND,
      shardCount: provisioned ? shardCount : undefined,
      retentionPeriod: Duration.hours(config.retentionHours),
      ...(this.key
        ? { encryption: kinesis.StreamEncryption.KMS, encryptionKey: this.key }
        : { encryption: kinesis.StreamEncryption.MANAGED }),
    });
  }
}
