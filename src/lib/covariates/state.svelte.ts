/**
 * The imported covariates as the views see them: the list (reactive) and the
 * DuckDB table `covariates`, loaded from IndexedDB (the table once the app's
 * database is ready) and again after an import or a deletion. A view that divides by a
 * covariate awaits `covariatesReady()` first, and asks again when
 * `covariatesVersion()` changes.
 */
import { loadCovariates } from '$lib/db/app';
import { deleteCovariate, listCovariates, putCovariates } from './store';
import { metaOf, rowsOf, type Covariate, type CovariateMeta, type Msg } from './types';

let list = $state.raw<CovariateMeta[]>([]);
let version = $state(0);
let loaded = $state(false);
let failed = $state<Msg | null>(null);
let ready: Promise<void> | null = null;

async function reload(): Promise<void> {
  let all: Covariate[] = [];
  try {
    all = await listCovariates();
    failed = null;
  } catch (e) {
    // IndexedDB off in this profile: no covariates, the views still work.
    failed = {
      zh: `协变量无法读取（IndexedDB 不可用）：${(e as Error).message}`,
      en: `Covariates cannot be read (IndexedDB unavailable): ${(e as Error).message}`,
    };
  }
  // The list is known from IndexedDB, before DuckDB has started (a first paint says "none yet" at once).
  list = all.map(metaOf);
  loaded = true;
  const { covariatesIPC } = await import('./ipc');
  await loadCovariates(covariatesIPC(rowsOf(all)));
  // Only now do the views ask again: an answer at this version is an answer from this table.
  version++;
}

/** The table `covariates` is loaded (once; again after a change). */
export function covariatesReady(): Promise<void> {
  ready ??= reload().catch((e) => {
    ready = null;
    throw e;
  });
  return ready;
}

export const covariateList = (): CovariateMeta[] => list;
export const covariatesVersion = (): number => version;
export const covariatesLoaded = (): boolean => loaded;
export const covariatesFailed = (): Msg | null => failed;
export const covariateNamed = (name: string | null): CovariateMeta | null =>
  name ? (list.find((c) => c.name === name) ?? null) : null;

export async function saveCovariates(cs: readonly Covariate[]): Promise<void> {
  await putCovariates(cs);
  ready = reload();
  await ready;
}

export async function removeCovariate(name: string): Promise<void> {
  await deleteCovariate(name);
  ready = reload();
  await ready;
}
