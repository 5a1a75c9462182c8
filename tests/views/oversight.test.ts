/**
 * 跨年核查 (src/routes/oversight/view.ts) on the embedded data in the real
 * DuckDB: the reports it checks are the data set's, one each; the pairs are the
 * jurisdictions with reports in consecutive years; a carry-over it calls 一致
 * is the same number in both years' tables (asked of the cell table); the
 * filters keep what they say and the exports hold what is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportListSql } from '../../src/lib/db/queries-report';
import type { Db } from '../../src/lib/db/types';
import type { LoadedReport } from '../../src/lib/oversight/reports-query';
import { toLines } from '../../src/lib/report/text/lines';
import * as v from '../../src/routes/oversight/view';
import { answer, embeddedDb } from '../support/db';
import { reportFiles } from '../support/report-files';

let db: Db;
let reports: LoadedReport[];
beforeAll(async () => {
  db = await embeddedDb();
  ({ reports } = await answer(db, v.oversightQueries(reportFiles())));
});
afterAll(() => db.close());

const cell = async (id: string, row: string) =>
  (
    await db.query<{ value: number | null }>(
      `SELECT value FROM requests WHERE report_id = '${id.replace(/'/g, "''")}' AND row_key = '${row}' AND col = 6`,
    )
  )[0]?.value ?? null;

describe('跨年核查 view', () => {
  it('checks every report of the data set, once', async () => {
    const rows = await db.query<{ report_id: string; agency: string; year: number }>(
      'SELECT report_id, agency, year FROM reports',
    );
    expect(reports.map((r) => r.id).sort()).toEqual(rows.map((r) => r.report_id).sort());
    for (const r of rows) {
      const got = reports.find((x) => x.id === r.report_id)!;
      expect([got.record.agency, got.record.year]).toEqual([r.agency, r.year]);
    }
  });

  it('pairs a jurisdiction’s consecutive years, and its carry-over agrees with both tables', async () => {
    const f = v.filtersFrom(new URLSearchParams(''));
    expect(f).toEqual({ rule: '', severity: '', threshold: 50 });
    const result = v.checkAll(reports, f);
    const js = await db.query<{ j: string; year: number }>(`SELECT jurisdiction AS j, year FROM (${reportListSql()})`);
    const consecutive = js.filter((a) => js.some((b) => b.j === a.j && b.year === a.year - 1));
    expect(result.pairs.length).toBe(consecutive.length);
    expect(result.pairs.length).toBeGreaterThan(0);
    const byId = v.byIdOf(reports);
    for (const p of result.pairs) {
      expect(p.current.year).toBe(p.previous.year + 1);
      const c = v.checks(p, byId);
      const [fwd, over] = [await cell(p.previous.id, 'carried_forward'), await cell(p.current.id, 'carried_over')];
      if (c.carry === 'ok') expect(over).toBe(fwd);
      if (c.carry === 'differs') expect(over).not.toBe(fwd);
      // Last year's words shown beside a shared passage are last year's.
      const prev = toLines(byId.get(p.previous.id)!.text!)
        .map((l) => l.text)
        .join('')
        .replace(/\s+/g, '');
      for (const k of v.KEYS)
        for (const s of p.boilerplate[k]?.passages ?? []) expect(prev).toContain(v.previousWords(p, s, byId));
    }
    const rows = v.pairsExport(result, byId).rows;
    expect(rows.map((r) => r.current)).toEqual(result.pairs.map((p) => `${p.current.agency} ${p.current.year}`));
  });

  it('filters the findings as the URL says, and exports what it shows; a deadline per report', () => {
    const f = v.filtersFrom(new URLSearchParams('threshold=40&severity=warning'));
    expect(f.threshold).toBe(40);
    expect(v.filtersFrom(new URLSearchParams('threshold=150')).threshold).toBe(50);
    const result = v.checkAll(reports, f);
    const all = v.findingsOf(result, { ...f, severity: '' });
    const warnings = v.findingsOf(result, f);
    expect(warnings.shown.every((x) => x.severity === 'warning')).toBe(true);
    expect(warnings.shown.length).toBe(result.findings.filter((x) => x.severity === 'warning').length);
    expect(all.shown.length).toBe(result.findings.length);
    expect(all.own + all.reading).toBe(result.findings.length);
    expect(Object.values(all.totals).reduce((a, n) => a + n, 0)).toBe(all.own);
    const ex = v.findingsExport(warnings.shown);
    expect(ex.rows.map((r) => r.message)).toEqual(warnings.shown.map((x) => x.message));
    const dl = v.deadlinesOf(reports);
    expect(dl.map((x) => x.r.id)).toEqual(reports.map((r) => r.id));
    for (const { r, tl } of dl)
      if (tl.status === 'on_time' || tl.status === 'late') expect(tl.published).toBe(r.record.published);
    expect(v.deadlinesExport(dl).rows.length).toBe(reports.length);
  });

  it('shapes the page from the reports and the filters: the same checks, findings, deadlines and exports', () => {
    const f = v.filtersFrom(new URLSearchParams('threshold=30&severity=warning'));
    const d = v.shape(reports, f);
    const result = v.checkAll(reports, f);
    expect(d.reports).toBe(reports);
    expect([...d.byId.keys()]).toEqual(reports.map((r) => r.id));
    expect(d.result).toEqual(result);
    const found = v.findingsOf(result, f);
    expect({ rules: d.rules, shown: d.shown, own: d.own, reading: d.reading, totals: d.totals }).toEqual(found);
    expect(d.deadlines).toEqual(v.deadlinesOf(reports));
    expect(d.exports).toEqual({
      findings: v.findingsExport(found.shown),
      pairs: v.pairsExport(result, d.byId),
      deadlines: v.deadlinesExport(v.deadlinesOf(reports)),
    });
    expect(d.shown.every((x) => x.severity === 'warning')).toBe(true);
    expect(d.exports.findings.rows.length).toBe(d.shown.length);
  });
});
