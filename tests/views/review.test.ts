/**
 * 复议诉讼 (src/routes/review/view.ts) on the embedded data in the real
 * DuckDB: 表四 pooled over a scope is the reports' own cells added (blanks
 * apart, never 0), a pooled rate is Σ numerators ÷ Σ denominators, and the
 * table it exports is a line per report in scope with every column it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import { REVIEW_COLUMNS, REVIEW_GROUPS } from '../../src/lib/report/formats';
import * as v from '../../src/routes/review/view';
import { answer, embeddedDb, withMetricViews } from '../support/db';

let db: Db;
beforeAll(async () => (db = await withMetricViews(await embeddedDb())));
afterAll(() => db.close());

const where = (level: string | null, year: number | null) =>
  [level ? `r.level = '${level}'` : 'TRUE', year ? `r.year = ${year}` : 'TRUE'].join(' AND ');

describe('复议诉讼 view', () => {
  it('reads its scope from the URL', () => {
    expect(v.scopeFrom(new URLSearchParams('level=县&year=2021'))).toEqual({ level: '县', year: 2021 });
    expect(v.scopeFrom(new URLSearchParams(''))).toEqual({ level: null, year: null });
  });

  for (const [level, year] of [
    [null, null],
    ['县', 2021],
  ] as const) {
    it(`pools 表四 and the rates over the scope (${level ?? 'all'} ${year ?? 'years'})`, async () => {
      const scope = { level, year };
      const d = await answer(db, v.reviewQueries(scope));
      const reports = v.inScope(d.list, scope);
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::INT AS n FROM reports r WHERE ${where(level, year)}`,
      );
      expect(reports.length).toBe(n);
      expect(n).toBeGreaterThan(0);
      const l = v.lookup(d.cells, d.rates);
      const pooled = v.pooled(reports, l);

      // The same sums, asked of the cell table directly.
      const raw = await db.query<{ grp: string; col: number; total: number | null; blanks: number }>(
        `SELECT grp, col, sum(value)::DOUBLE AS total, (count(*) - count(value))::INT AS blanks
         FROM review_litigation JOIN reports r USING (report_id) WHERE ${where(level, year)} GROUP BY grp, col`,
      );
      expect(raw.length).toBeGreaterThan(0);
      for (const x of raw) {
        const p = pooled.find((p) => p.g.key === x.grp)!;
        expect(p.cols[x.col].value, `${x.grp}[${x.col}]`).toBe(x.total);
        expect(p.cols[x.col].blanks, `${x.grp}[${x.col}] blanks`).toBe(x.blanks);
      }
      expect(v.pooledBlanks(pooled)).toBe(raw.reduce((a, x) => a + x.blanks, 0));

      for (const m of v.RATES) {
        const [s] = await db.query<{ num: number | null; den: number | null; k: number }>(
          `SELECT sum(numerator)::DOUBLE AS num, sum(denominator)::DOUBLE AS den, count(*)::INT AS k
           FROM metric_values m JOIN reports r USING (report_id) WHERE ${where(level, year)} AND m.metric = '${m}' AND m.value IS NOT NULL`,
        );
        const p = v.pooledRate(l, m);
        expect(p).toMatchObject({ num: s.num, den: s.den, reports: s.k });
        expect(p.value).toBe(s.den ? s.num! / s.den : null);
      }

      // One bar per report and rate, the value the report's own.
      const bars = v.rateBars(reports, l);
      expect(bars.length).toBe(reports.length * v.RATES.length);
      const rates = await db.query<{ report_id: string; metric: string; value: number | null }>(
        `SELECT report_id, metric, value FROM metric_values WHERE metric IN ('${v.RATES.join("','")}')`,
      );
      reports.forEach((r, i) =>
        v.RATES.forEach((m, j) => {
          expect(bars[i * v.RATES.length + j].value).toBe(
            rates.find((x) => x.report_id === r.report_id && x.metric === m)?.value ?? null,
          );
        }),
      );

      // The export: a line per report, the columns it names, the cells of 表四 as printed.
      const rows = v.tableRows(reports, l);
      expect(rows.length).toBe(reports.length);
      expect(Object.keys(rows[0])).toEqual(v.exportColumns().map((c) => c.key));
      const cell = await db.query<{ value: number | null }>(
        `SELECT value FROM review_litigation WHERE report_id = '${reports[0].report_id}' AND grp = '${REVIEW_GROUPS[0].key}' AND col = 0`,
      );
      expect(rows[0][`${REVIEW_GROUPS[0].key}_${REVIEW_COLUMNS[0].key}`]).toBe(cell[0]?.value ?? null);
    });
  }
});
