/**
 * Every report of the data set shown (内置/我的/全部), with its full record
 * and text, as one query of a view (useQueries): the list from DuckDB (the
 * `reports` view follows the switch), each report's file through
 * loadReport(id). The oversight views (跨年核查, 报送情况, 工作要点) ask it;
 * the coordinator shares it between them and keeps it per data version.
 */
import { query } from '$lib/db/coordinator';
import { loadReport, reportListSql, type ReportFile, type ReportListRow } from '$lib/db/queries-report';
import type { ReportRecord } from '$lib/report/types';
import type { ReportInput } from './cross-year';

export interface LoadedReport {
  id: string;
  /** The row of the `reports` view (level, region, finding counts). */
  row: ReportListRow;
  record: ReportRecord;
  text: string | null;
}

/** `load` reads one report's file (the app's own, or a test's). */
export const reportsQuery = (load: (id: string) => Promise<ReportFile | null> = loadReport) =>
  query('oversight:reports', async (db): Promise<LoadedReport[]> => {
    const rows = await db.query<ReportListRow>(reportListSql());
    const files = await Promise.all(rows.map((r) => load(r.report_id)));
    return rows.flatMap((row, i) => {
      const f = files[i];
      return f ? [{ id: row.report_id, row, record: f.record, text: f.text }] : [];
    });
  });

/** The reports as crossYear takes them (id = the report_id the views link to). */
export const inputsOf = (list: readonly LoadedReport[]): ReportInput[] =>
  list.map((r) => ({ record: r.record, text: r.text, id: r.id }));
