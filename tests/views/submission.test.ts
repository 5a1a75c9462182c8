/**
 * 报送情况 (src/routes/submission/view.ts) on the embedded data in the real
 * DuckDB: it opens on the city with the most reports and that city's latest
 * year (both asked of the reports table here); a body it calls 未报送 has no
 * government report of its code that year, one it links has; the reports not
 * on the list are that year's reports of the jurisdiction matched to no body;
 * the export holds the rows shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import type { LoadedReport } from '../../src/lib/oversight/reports-query';
import * as v from '../../src/routes/submission/view';
import { answer, embeddedDb } from '../support/db';
import { reportFiles } from '../support/report-files';

let db: Db;
let reports: LoadedReport[];
beforeAll(async () => {
  db = await embeddedDb();
  ({ reports } = await answer(db, v.submissionQueries(reportFiles())));
});
afterAll(() => db.close());

type R = { report_id: string; agency: string; region_code: string | null; year: number };

describe('报送情况 view', () => {
  it('opens on the city with the most reports and its latest year', async () => {
    const s = v.scopeOf(new URLSearchParams(''), reports);
    const [top] = await db.query<{ city: string; n: number }>(
      `SELECT substr(region_code, 1, 4) || '00' AS city, count(*)::INTEGER AS n FROM reports
       WHERE region_code IS NOT NULL AND region_code NOT LIKE '%0000' AND substr(region_code, 3, 2) <> '90' GROUP BY 1 ORDER BY n DESC, city LIMIT 1`,
    );
    expect(s.code).toBe(top.city);
    const [latest] = await db.query<{ y: number }>(
      `SELECT max(year)::INTEGER AS y FROM reports WHERE region_code LIKE '${s.code.slice(0, 4)}%'`,
    );
    expect(s.year).toBe(latest.y);
    expect(s.scoped.length).toBe(top.n);
  });

  it('calls a body missing only when no government report of its code is there that year', async () => {
    const s = v.scopeOf(new URLSearchParams('code=320800&year=2024&self=1'), reports);
    expect([s.code, s.year, s.includeSelf]).toEqual(['320800', 2024, true]);
    const result = v.statusOf(s, v.expectedOf(s, null), reports);
    const rows = await db.query<R>(
      `SELECT report_id, agency, region_code, year FROM reports WHERE year = 2024 AND region_code LIKE '3208%'`,
    );
    expect(result.counts.missing).toBeGreaterThan(0);
    expect(result.rows.length).toBe(result.counts.expected);
    for (const r of result.rows) {
      if (r.status === 'missing') {
        expect(
          rows.filter((x) => x.region_code === r.expected.code && x.agency.endsWith('人民政府')),
          r.expected.name,
        ).toEqual([]);
      } else {
        for (const x of r.reports)
          expect(
            rows.map((y) => y.report_id),
            r.expected.name,
          ).toContain(x.id);
      }
    }
    const linked = new Set(result.rows.flatMap((r) => r.reports.map((x) => x.id)));
    expect(result.extras.map((x) => x.id).sort()).toEqual(
      rows
        .map((r) => r.report_id)
        .filter((id) => !linked.has(id))
        .sort(),
    );
    const ex = v.exportOf(result);
    expect(ex.rows.length).toBe(result.rows.length + result.extras.length);
    expect(ex.rows.slice(0, result.rows.length).map((r) => r.name)).toEqual(result.rows.map((r) => r.expected.name));
    expect(v.shownOrder(result)).not.toContain(result.counts.unknown ? 'none' : 'unknown');
  });

  it('takes an uploaded list instead of GB/T 2260', () => {
    const s = v.scopeOf(new URLSearchParams('code=320800&year=2023'), reports);
    const list = { agencies: [{ name: '洪泽区人民政府', code: '320813', level: '县', row: 2 }], warnings: [] };
    const result = v.statusOf(s, v.expectedOf(s, list), reports);
    expect(result.rows.map((r) => r.expected.name)).toEqual(['洪泽区人民政府']);
    expect(v.note('320800', '名单.csv')).toContain('名单.csv');
  });
});
