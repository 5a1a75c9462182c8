/**
 * The covariates as the Arrow table `covariates` DuckDB loads. Apart from ./sql.ts, so that the views that only
 * write per-capita SQL do not load apache-arrow.
 */
import { encodeIPC } from '../data/arrow';
import type { CovariateRow } from './types';

/** The table `covariates` as Arrow IPC (empty when nothing was imported: the views' SQL still runs). */
export function covariatesIPC(rows: readonly CovariateRow[]): Uint8Array {
  return encodeIPC(
    { region_code: 'text', covariate: 'text', value: 'double', unit: 'text', source: 'text', year: 'int' },
    rows as unknown as Record<string, unknown>[],
  );
}
