/**
 * A per-capita query for a view's useQueries: the rows of perCapitaSql, once
 * the table `covariates` is loaded. Its key names everything the answer
 * depends on: the covariate (name and fingerprint), the loaded covariates'
 * version and the SQL (scope, metrics, scale).
 */
import { fileQuery, query, type Query } from '$lib/db/coordinator';
import { perCapitaSql, type PerCapitaRow, type PerCapitaScope } from './sql';
import type { CovariateMeta } from './types';

/** The covariates as loaded now: wait for the table (state.svelte.ts covariatesReady), and its version (covariatesVersion). */
export interface CovariatesLoaded {
  ready: () => Promise<void>;
  version: number;
}

/** For queries asked with no covariate (a preload of a view's default state): nothing to wait for. */
export const NO_COVARIATES: CovariatesLoaded = { ready: async () => {}, version: 0 };

export function perCapitaQuery(
  cov: CovariateMeta,
  scope: PerCapitaScope,
  metrics: readonly string[],
  loaded: CovariatesLoaded,
): Query<PerCapitaRow[]> {
  const sql = perCapitaSql(cov, scope, metrics);
  return query(JSON.stringify(['per-capita', cov.name, cov.fingerprint, loaded.version, sql]), async (db) => {
    await loaded.ready();
    return db.query<PerCapitaRow>(sql);
  });
}

/** No covariate chosen: no rows (a view's set keeps the same names either way). */
export const noPerCapita: Query<PerCapitaRow[]> = fileQuery('per-capita: none', async () => []);
