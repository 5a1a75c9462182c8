/**
 * What the app's database holds besides the embedded tables, set up the same way wherever it runs — in the
 * browser (./app.ts) and at build time for the first paint (scripts/data/first-paint.ts): the user's accepted
 * reports as mine_*, the table names pointed at the chosen data set (./datasets.ts), the indicator views and
 * the aggregates.
 */
import { toArrowIPC } from '$lib/data/arrow';
import type { Tables } from '$lib/data/normalize';
import { metricValuesView, metricViews } from '$lib/metrics/sql';
import type { DatasetChoice } from '$lib/workspace/types';
import { aggregatesSql } from './aggregates';
import { datasetViewsSql, mineTable, SHADOW_TABLE } from './datasets';
import { lit } from './sql';
import { TABLES, type Db } from './types';

export type Mine = { tables: Tables; shadow: string[] };

const EMPTY: Tables = { reports: [], agencies: [], active: [], requests: [], review_litigation: [], findings: [] };

/** Load the user's reports (none: empty tables) and point the views at `choice`. */
export async function loadMine(db: Db, mine: Mine | null, choice: DatasetChoice, synthetic: boolean): Promise<void> {
  const tables = mine?.tables ?? EMPTY;
  for (const name of TABLES) await db.loadArrow(mineTable(name), toArrowIPC(name, tables[name] as never));
  await db.query(`DROP TABLE IF EXISTS ${SHADOW_TABLE}`);
  await db.query(`CREATE TABLE ${SHADOW_TABLE} (report_id VARCHAR)`);
  const shadow = mine?.shadow ?? [];
  if (shadow.length)
    await db.query(`INSERT INTO ${SHADOW_TABLE} VALUES ${shadow.map((s) => `(${lit(s)})`).join(', ')}`);
  await pointViews(db, choice, synthetic);
}

/** Point the table names at a data set and rebuild what is computed from them: the indicators, the aggregates. */
export async function pointViews(db: Db, choice: DatasetChoice, synthetic: boolean): Promise<void> {
  for (const sql of datasetViewsSql(choice)) await db.query(sql);
  const metrics = synthetic
    ? ['CREATE OR REPLACE VIEW report_metrics AS SELECT * FROM builtin_report_metrics', metricValuesView()]
    : metricViews();
  for (const sql of [...metrics, ...aggregatesSql()]) await db.query(sql);
}
