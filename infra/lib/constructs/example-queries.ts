import type { AnalyticsConfig } from '../config/sleet-config';

export interface ExampleQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/**
 * Named queries saved in the workgroup (also in infra/README.md). Every one filters on the partition columns, so
 * Athena reads only the hours asked for.
 */
export function exampleQueries(c: AnalyticsConfig): ExampleQuery[] {
  const good = `"${c.databaseName}"."${c.goodTableName}"`;
  const bad = `"${c.databaseName}"."${c.badTableName}"`;
  return [
    {
      name: 'sleet-events-per-hour',
      description: 'Events per hour and type for one day (reads only that day\'s partitions)',
      sql: `SELECT hr, event, count(*) AS events
FROM ${good}
WHERE dt = '2024-05-01'
GROUP BY hr, event
ORDER BY hr, events DESC;`,
    },
    {
      name: 'sleet-top-pages',
      description: 'Page views and unique users by page over the last 7 days',
      sql: `SELECT page_urlhost, page_urlpath, count(*) AS page_views, count(DISTINCT domain_userid) AS users
FROM ${good}
WHERE dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
  AND event = 'page_view'
GROUP BY page_urlhost, page_urlpath
ORDER BY page_views DESC
LIMIT 50;`,
    },
    {
      name: 'sleet-deduplicated-events',
      description: 'One row per event_id (delivery is at least once): keep the earliest collector_tstamp',
      sql: `SELECT *
FROM (
  SELECT e.*, row_number() OVER (PARTITION BY event_id ORDER BY collector_tstamp) AS n
  FROM ${good} e
  WHERE dt = '2024-05-01'
)
WHERE n = 1;`,
    },
    {
      name: 'sleet-custom-entity',
      description: 'Read a field of a context entity (self-describing JSON) from the contexts column',
      sql: `SELECT event_id,
       json_extract_scalar(ctx, '$.data.id') AS web_page_id
FROM ${good}
CROSS JOIN UNNEST(CAST(json_extract(contexts, '$.data') AS array(json))) AS t(ctx)
WHERE dt = '2024-05-01' AND hr = '10'
  AND json_extract_scalar(ctx, '$.schema') LIKE 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-%';`,
    },
    {
      name: 'sleet-bad-rows-by-type',
      description: 'Bad rows per type and first failure message, for one day',
      sql: `SELECT json_extract_scalar(line, '$.schema') AS bad_row_type,
       substr(coalesce(
         json_extract_scalar(line, '$.data.failure.messages[0].error.error'),
         json_extract_scalar(line, '$.data.failure.messages[0].message'),
         json_format(json_extract(line, '$.data.failure'))), 1, 200) AS failure,
       count(*) AS rows
FROM ${bad}
WHERE dt = '2024-05-01'
GROUP BY 1, 2
ORDER BY rows DESC;`,
    },
  ];
}
