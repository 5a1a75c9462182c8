/**
 * What the app's database holds besides the embedded tables, set up the same way wherever it runs — in the
 * browser (./app.ts) and at build time for the first paint (scripts/data/first-paint.ts): the user's accepted
 * reports as mine_*, the table names pointed at the chosen data set (./datasets.ts), the indicator views and
 * the aggregates.
 */
import type { Tables } from '$lib/data/normalize';
import { metricLiveViews, metricValuesView, metricViews } from '$lib/metrics/sql';
import type { DatasetChoice } from '$lib/workspace/types';
import { aggregatesSql } from './aggregates';
import { builtinTable, datasetViewsSql, mineTable, SHADOW_TABLE } from './datasets';
import { lit } from './sql';
import { TABLES, type Db, type TableName } from './types';

/**
 * The user's accepted reports as the database loads them: each table as Arrow IPC (encoded once, and kept
 * between starts while the workspace does not change: src/lib/workspace/derived.ts), the embedded reports
 * they shadow, and how many reports there are.
 */
export type Mine = { ipc: Record<TableName, Uint8Array>; shadow: string[]; reports: number };

/** The workspace's tables (src/lib/workspace/decide.ts workspaceTables) encoded for the database. */
export async function encodeMine({ tables, shadow }: { tables: Tables; shadow: string[] }): Promise<Mine> {
  // apache-arrow, only for a user who has reports of their own: a first visit never loads it.
  const { toArrowIPC } = await import('$lib/data/arrow');
  const ipc = Object.fromEntries(TABLES.map((name) => [name, toArrowIPC(name, tables[name] as never)]));
  return { ipc: ipc as Mine['ipc'], shadow, reports: tables.reports.length };
}

/**
 * The tables computed from the data (the indicators, the aggregates): on a first visit they are the embedded
 * set's, computed by the build with the same SQL and shipped (static/data/computed/VERSION/NAME.arrow), so the start
 * does not compute them again (materializing report_metrics alone took 130–150 ms of a 9-report start).
 */
export const COMPUTED = ['report_metrics', 'agg_jurisdictions', 'agg_pooled'] as const;
export type Computed = Record<(typeof COMPUTED)[number], Uint8Array>;
/** Where a computed table ships, under static/data: in a folder named by the data's version. */
export const computedFile = (version: string, table: string) => `computed/${version}/${table}.arrow`;

/**
 * Load the user's reports (none: empty tables) and point the views at `choice`. Resolves to the statements still
 * to run (see pointViews): the caller runs them when it likes, before anything may read them.
 */
export async function loadMine(
  db: Db,
  mine: Mine | null,
  choice: DatasetChoice,
  synthetic: boolean,
  computed?: Computed,
): Promise<string[]> {
  const run = batch(db);
  if (mine?.reports) for (const name of TABLES) await db.loadArrow(mineTable(name), mine.ipc[name]);
  // Nothing of the user's: the same columns, no rows (one statement each, not an Arrow load).
  else
    for (const t of TABLES)
      run.add(`CREATE OR REPLACE TABLE ${mineTable(t)} AS SELECT * FROM ${builtinTable(t)} LIMIT 0`);
  run.add(`CREATE OR REPLACE TABLE ${SHADOW_TABLE} (report_id VARCHAR)`);
  const shadow = mine?.shadow ?? [];
  if (shadow.length) run.add(`INSERT INTO ${SHADOW_TABLE} VALUES ${shadow.map((s) => `(${lit(s)})`).join(', ')}`);
  return pointViews(db, choice, synthetic, computed, run);
}

/**
 * Point the table names at a data set and rebuild what is computed from them: the indicators, the aggregates —
 * or load them as the build computed them (`computed`: only for the embedded set as built). Resolves to the
 * statements left to run: with `computed`, the views report_metrics was computed from (metricLiveViews — only
 * the SQL console reads them; binding them is a tenth of a second of the app's start), else none.
 */
export async function pointViews(
  db: Db,
  choice: DatasetChoice,
  synthetic: boolean,
  computed?: Computed,
  run = batch(db),
): Promise<string[]> {
  run.add(...datasetViewsSql(choice));
  if (synthetic) {
    run.add('CREATE OR REPLACE VIEW report_metrics AS SELECT * FROM builtin_report_metrics', metricValuesView());
    run.add(...aggregatesSql());
  } else if (computed) {
    await run.load('report_metrics', computed.report_metrics);
    run.add(metricValuesView());
    await run.load('agg_jurisdictions', computed.agg_jurisdictions);
    await run.load('agg_pooled', computed.agg_pooled);
    await run.flush();
    return metricLiveViews();
  } else run.add(...metricViews(), ...aggregatesSql());
  await run.flush();
  return [];
}

/** Statements sent to the engine together (one round trip to its worker), in order with the tables loaded. */
function batch(db: Db) {
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length) await db.query(pending.join(';\n'));
    pending = [];
  };
  return {
    add: (...sqls: string[]) => void pending.push(...sqls),
    flush,
    load: async (table: string, ipc: Uint8Array) => {
      await flush();
      await db.loadArrow(table, ipc);
    },
  };
}
