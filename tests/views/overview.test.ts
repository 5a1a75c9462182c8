/**
 * 总览 (src/routes/view.ts) on the embedded data in the real DuckDB: asked
 * live only when the data shown has the user's own reports; then the same
 * figures as the build-time ones; the key figures and the chart by year as
 * the reports' own cells add up (a year without reports is 缺, never 0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import { metricViews } from '../../src/lib/metrics/sql';
import type { Aggregates } from '../../src/routes/+page';
import * as v from '../../src/routes/view';
import { answer, EMBEDDED, embeddedDb } from '../support/db';

let db: Db;
const built = JSON.parse(readFileSync(join(EMBEDDED, 'aggregates.json'), 'utf8')) as Aggregates;
beforeAll(async () => {
  db = await embeddedDb();
  for (const sql of metricViews()) await db.query(sql);
}, 120_000);
afterAll(() => db.close());

describe('总览 view', () => {
  it('asks DuckDB only when the user has reports of their own; then gives the build-time figures for the same data', async () => {
    expect(v.hasOwnData({ choice: 'all', mineReports: 0 })).toBe(false);
    expect(v.hasOwnData({ choice: 'mine', mineReports: 0 })).toBe(true);
    expect(v.hasOwnData({ choice: 'all', mineReports: 3 })).toBe(true);
    expect(
      (
        await answer(
          db,
          v.liveQueries(() => false),
        )
      ).live,
    ).toBeNull();
    const { live } = await answer(
      db,
      v.liveQueries(() => true),
    );
    expect(live).toEqual(built.overview.map((r) => ({ ...r, reading_reports: r.reading_reports ?? 0 })));
  });

  it('adds the key figures over the scope from the reports’ cells; blank stays blank', async () => {
    const { live } = await answer(
      db,
      v.liveQueries(() => true),
    );
    const cells = await db.query<{ year: number; level: string; row_key: string; value: number | null }>(
      `SELECT r.year, r.level, q.row_key, q.value FROM requests q JOIN reports r USING (report_id) WHERE q.col = 6 AND q.row_key = 'new_received'`,
    );
    const counts = await db.query<{ year: number; level: string; n: number }>(
      'SELECT year, level, count(*)::INTEGER AS n FROM reports GROUP BY ALL',
    );
    for (const scope of [
      v.scopeFrom(null),
      v.scopeFrom(new URLSearchParams('year=2021')),
      v.scopeFrom(new URLSearchParams('year=2021&level=县')),
    ]) {
      const rows = v.rowsIn(live!, scope);
      const inScope = <T extends { year: number; level: string }>(x: T) =>
        (scope.year === 'all' || x.year === scope.year) && (scope.level === 'all' || x.level === scope.level);
      expect(v.sum(rows, 'reports')).toBe(counts.filter(inScope).reduce((a, c) => a + c.n, 0));
      const printed = cells.filter(inScope).filter((c) => c.value !== null);
      expect(v.sum(rows, 'requests_new')).toBe(printed.length ? printed.reduce((a, c) => a + c.value!, 0) : null);
    }
    expect(v.scopeFrom(null)).toEqual({ year: 'all', level: 'all' });
  });

  it('charts new requests for every year from the first to the last; a year without reports is 缺', async () => {
    const bars = v.byYear(built.overview, 'all');
    const years = await db.query<{ year: number; n: number | null; reports: number }>(
      `SELECT r.year, sum(q.value) AS n, count(DISTINCT r.report_id)::INTEGER AS reports FROM reports r
       LEFT JOIN requests q ON q.report_id = r.report_id AND q.row_key = 'new_received' AND q.col = 6 GROUP BY r.year`,
    );
    const lo = Math.min(...years.map((y) => y.year));
    const hi = Math.max(...years.map((y) => y.year));
    expect(bars.map((b) => b.year)).toEqual(Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i)));
    for (const b of bars) {
      const y = years.find((x) => String(x.year) === b.year);
      expect(b.value, b.year).toBe(y ? y.n : null);
      expect(b.reports, b.year).toBe(y ? y.reports : 0);
    }
    expect(bars.some((b) => b.value === null)).toBe(true);
    const w = v.chartWords(bars, 'all');
    expect(w.n).toContain(`n = ${years.reduce((a, y) => a + y.reports, 0)} 份报告`);
    expect(v.barTip(bars.find((b) => b.value === null)!)[1]).toContain('缺');
  });
});
