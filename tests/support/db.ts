/**
 * The embedded data set in the real DuckDB (the wasm build's node-blocking
 * flavour, the same tables the browser loads from static/data), and a way to
 * answer a view's named queries (src/routes/<view>/view.ts) with it — so a
 * view's shaping is tested on what the engine really returns.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Answers, Query } from '../../src/lib/db/coordinator';
import { parseCovariateFile, toCovariates } from '../../src/lib/covariates/parse';
import { covariatesIPC } from '../../src/lib/covariates/ipc';
import { metaOf, rowsOf, type CovariateMeta } from '../../src/lib/covariates/types';
import { createNodeDb } from '../../src/lib/db/node';
import { TABLES, type Db } from '../../src/lib/db/types';
import { aggregatesSql } from '../../src/lib/db/aggregates';
import { metricViews } from '../../src/lib/metrics/sql';

export const EMBEDDED = resolve(__dirname, '../../static/data');

/** A Node DuckDB with the embedded tables loaded; close it in afterAll. */
export async function embeddedDb(dir = EMBEDDED): Promise<Db> {
  const db = await createNodeDb();
  for (const t of TABLES) await db.loadArrow(t, new Uint8Array(readFileSync(join(dir, `${t}.arrow`))));
  return db;
}

/** Every query of a view's set, answered by `db`, by name (what useQueries hands the view). */
export async function answer<Q extends Record<string, Query<unknown>>>(db: Db, qs: Q): Promise<Answers<Q>> {
  const out: Record<string, unknown> = {};
  // A query that asks another gets it answered the same way (the app's coordinator shares it).
  const ask = <U>(sub: Query<U>): Promise<U> => sub.run(db, ask);
  for (const [name, q] of Object.entries(qs)) out[name] = await q.run(db, ask);
  return out as Answers<Q>;
}

/** The indicator views (metric_values …) and aggregates the app creates over the tables (src/lib/db/app.ts). */
export async function withMetricViews(db: Db): Promise<Db> {
  for (const sql of [...metricViews(), ...aggregatesSql()]) await db.query(sql);
  return db;
}

/**
 * The test covariate (tests/fixtures/covariates, invented population figures) loaded as the app loads an
 * imported one, over the indicator views: for the per-capita views (排名, 对比, 趋势).
 */
export async function withTestCovariate(db: Db): Promise<CovariateMeta> {
  await withMetricViews(db);
  const name = '测试用人口_虚构数值.csv';
  const bytes = new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/covariates', name)));
  const covs = toCovariates(await parseCovariateFile(name, bytes), {});
  await db.loadArrow('covariates', covariatesIPC(rowsOf(covs)));
  return metaOf(covs[0]);
}
