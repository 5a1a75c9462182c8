/**
 * Every report of the data set shown (内置/我的/全部), as the oversight pages
 * need them: the list from DuckDB (the `reports` view follows the switch) and
 * each report's full record and text through loadReport(id).
 *
 *   loadAllReports()  → Promise<LoadedReport[]>: cached per data version
 *   useReports()      → reactive { reports, error, loaded }: read again when dataVersion() changes
 *   inputsOf(list)    → ReportInput[] for crossYear (id = the report_id the views link to)
 */
import { database } from '$lib/db/app';
import { dataVersion } from '$lib/db/data-version.svelte';
import { loadReport, reportListSql, type ReportListRow } from '$lib/db/queries-report';
import type { ReportRecord } from '$lib/report/types';
import { dbFailed, type Msg } from '$lib/ui/words';
import type { ReportInput } from './cross-year';

export interface LoadedReport {
  id: string;
  /** The row of the `reports` view (level, region, finding counts). */
  row: ReportListRow;
  record: ReportRecord;
  text: string | null;
}

let cache: { version: number; promise: Promise<LoadedReport[]> } | null = null;

/** All reports of the current data set; one read per data version, shared by every page. */
export function loadAllReports(): Promise<LoadedReport[]> {
  const version = dataVersion();
  if (cache?.version === version) return cache.promise;
  const promise = (async () => {
    const db = await database();
    const rows = await db.query<ReportListRow>(reportListSql());
    const files = await Promise.all(rows.map((r) => loadReport(r.report_id)));
    return rows.flatMap((row, i) => {
      const f = files[i];
      return f ? [{ id: row.report_id, row, record: f.record, text: f.text }] : [];
    });
  })();
  cache = { version, promise };
  // A failed read is not kept: the next page asks again.
  promise.catch(() => { if (cache?.promise === promise) cache = null; });
  return promise;
}

export interface ReportsState {
  readonly reports: LoadedReport[];
  readonly error: Msg | null;
  readonly loaded: boolean;
}

export function useReports(): ReportsState {
  let reports = $state.raw<LoadedReport[]>([]);
  let error = $state<Msg | null>(null);
  let loaded = $state(false);
  $effect(() => {
    void dataVersion(); // an import or a switch of 内置/我的/全部 reads them again
    let current = true;
    loadAllReports().then((r) => {
      if (!current) return;
      reports = r;
      error = null;
      loaded = true;
    }).catch((e: Error) => current && (error = dbFailed(e.message)));
    return () => { current = false; };
  });
  return {
    get reports() { return reports; },
    get error() { return error; },
    get loaded() { return loaded; },
  };
}

export const inputsOf = (list: readonly LoadedReport[]): ReportInput[] => list.map((r) => ({ record: r.record, text: r.text, id: r.id }));
