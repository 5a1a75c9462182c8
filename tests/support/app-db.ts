/**
 * The app's own load (src/lib/db/app.ts) in a Node DuckDB: the builtin_* tables from `tables`, empty mine_* tables,
 * the shadow table, the dataset views over both, the indicators and the aggregates — what the SQL console queries.
 */
import { toArrowIPC } from '../../src/lib/data/arrow';
import type { Tables } from '../../src/lib/data/normalize';
import { aggregatesSql } from '../../src/lib/db/aggregates';
import { builtinTable, datasetViewsSql, mineTable, SHADOW_TABLE } from '../../src/lib/db/datasets';
import { createNodeDb } from '../../src/lib/db/node';
import { TABLES, type Db } from '../../src/lib/db/types';
import { metricViews } from '../../src/lib/metrics/sql';

/** A Node DuckDB loaded as the app loads its own; close it in afterAll. */
export async function appDb(tables: Tables): Promise<Db> {
  const db = await createNodeDb();
  const empty: Tables = { reports: [], agencies: [], active: [], requests: [], review_litigation: [], findings: [] };
  for (const name of TABLES) {
    await db.loadArrow(builtinTable(name), toArrowIPC(name, tables[name] as never));
    await db.loadArrow(mineTable(name), toArrowIPC(name, empty[name] as never));
  }
  await db.query(`CREATE TABLE ${SHADOW_TABLE} (report_id VARCHAR)`);
  for (const sql of [...datasetViewsSql('all'), ...metricViews(), ...aggregatesSql()]) await db.query(sql);
  return db;
}
