import type { SleetConfig } from '../config/sleet-config';

/**
 * Where each kind of data lands in the lake bucket (DESIGN.md "S3 layout"). Partitions are Hive-style
 * `dt=YYYY-MM-DD/hr=HH/` so Athena projection, DuckDB, Spark and MSCK all read them unchanged.
 */
export interface LakeLayout {
  /** Enriched TSV written by the enricher: `<good>dt=…/hr=…/<stream>-<shard>-<firstSeq>.tsv.gz`. */
  readonly goodPrefix: string;
  /** Bad rows (JSON lines): the enricher's, plus the collector's bad stream delivered by Firehose. */
  readonly badPrefix: string;
  /** Raw CollectorPayloads, one base64 line per record, by arrival hour (Firehose raw archive). */
  readonly rawPrefix: string;
  /** Records Firehose could not process or deliver, kept for inspection and replay. */
  readonly firehoseErrorsPrefix: string;
}

export function lakeLayout(config: SleetConfig): LakeLayout {
  const out = config.enricher.outputPrefix;
  return {
    goodPrefix: `${out}/good/`,
    badPrefix: `${out}/bad/`,
    rawPrefix: `${config.rawArchive.prefix}/`,
    firehoseErrorsPrefix: 'firehose-errors/',
  };
}
