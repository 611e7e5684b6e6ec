/**
 * Runs the DuckDB recipes of docs/analysts.md, exactly as written there, over a local copy of the bucket layout
 * (`<root>/good/dt=…/hr=…/*.tsv.gz`, `<root>/bad/…/*.jsonl.gz`). Only the `s3://my-bucket/sleet/` location is
 * replaced: reading S3 in place needs DuckDB's httpfs extension, which is downloaded on demand and so not available
 * offline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { recipeBlock } from './analyst-sql';
import { REPO_ROOT } from './prerequisites';

export const ANALYSTS_DOC = join(REPO_ROOT, 'docs', 'analysts.md');
const DOC_LOCATION = 's3://my-bucket/sleet/';

export type RecipeRow = Record<string, unknown>;

export interface RecipeResults {
  readonly eventsByType: RecipeRow[];
  readonly eventsByHour: RecipeRow[];
  readonly browsers: RecipeRow[];
  /** Empty when there is no bad/ directory (DuckDB errors on a glob that matches nothing). */
  readonly badRows: RecipeRow[];
}

export interface AnalystSession {
  /** Runs a recipe of docs/analysts.md by name. */
  recipe(name: string): Promise<RecipeRow[]>;
  /** Runs any SQL against the same connection (the `events` view exists). */
  query(sql: string): Promise<RecipeRow[]>;
  close(): void;
}

/** Opens DuckDB in memory and creates the doc's `events` view over `<localRoot>/good/…`. */
export async function openAnalystSession(localRoot: string): Promise<AnalystSession> {
  const doc = readFileSync(ANALYSTS_DOC, 'utf8');
  const sql = (name: string) => recipeBlock(doc, name).split(DOC_LOCATION).join(`${localRoot.replace(/\/$/, '')}/`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const query = async (text: string) => (await connection.runAndReadAll(text)).getRowObjectsJson() as RecipeRow[];
  try {
    await connection.run(sql('duckdb-events-view'));
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  }
  return {
    recipe: (name) => query(sql(name)),
    query,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export async function runAnalystRecipes(localRoot: string, opts: { withBadRows: boolean }): Promise<RecipeResults> {
  const session = await openAnalystSession(localRoot);
  try {
    return {
      eventsByType: await session.recipe('duckdb-events-by-type'),
      eventsByHour: await session.recipe('duckdb-events-by-hour'),
      browsers: await session.recipe('duckdb-browsers'),
      badRows: opts.withBadRows ? await session.recipe('duckdb-bad-rows') : [],
    };
  } finally {
    session.close();
  }
}
