/**
 * 申请办理 (src/routes/requests/view.ts) on the embedded data in the real
 * DuckDB: the sums it shows are the reports' own cells added, blanks are
 * counted as blanks (never 0), and the table it exports is the table it shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import { REQUEST_COLUMNS, TOTAL_COL } from '../../src/lib/report/formats';
import * as v from '../../src/routes/requests/view';
import { answer, embeddedDb } from '../support/db';

let db: Db;
beforeAll(async () => (db = await embeddedDb()));
afterAll(() => db.close());

describe('申请办理 view', () => {
  it('reads its scope from the URL: a report overrides level and year', () => {
    expect(v.scopeFrom(new URLSearchParams('level=县&year=2021'))).toEqual({ report: null, level: '县', year: 2021 });
    expect(v.scopeFrom(new URLSearchParams('report=x&level=县&year=2021'))).toEqual({
      report: 'x',
      level: null,
      year: null,
    });
  });

  it('adds each cell over the reports in scope, and counts the blanks apart', async () => {
    const scope = v.scopeFrom(new URLSearchParams('level=县&year=2021'));
    const d = await answer(db, v.requestsQueries(scope));
    const ids = v.inScope(d.list, scope).map((r) => r.report_id);
    expect(ids.length).toBe(2);
    const cells = v.cellsOf(d.sums);
    // The same sums, asked of the cell table directly, one report at a time.
    const raw = await db.query<{ report_id: string; row_key: string; col: number; value: number | null }>(
      `SELECT report_id, row_key, col, value FROM requests WHERE report_id IN (${ids.map((i) => `'${i}'`).join(',')})`,
    );
    expect(raw.length).toBeGreaterThan(0);
    for (const key of new Set(raw.map((r) => r.row_key))) {
      for (let col = 0; col < REQUEST_COLUMNS.length; col++) {
        const here = raw.filter((r) => r.row_key === key && r.col === col);
        if (!here.length) continue;
        const printed = here.filter((r) => r.value !== null);
        expect(cells.v.get(key)?.[col] ?? null).toBe(printed.length ? printed.reduce((a, r) => a + r.value!, 0) : null);
        expect(cells.blanks.get(key)?.[col]).toBe(here.length - printed.length);
      }
    }
    expect(v.totalBlanks(d.sums)).toBe(raw.filter((r) => r.value === null).length);
  });

  it('draws one bar per applicant type, of shares of its （七）总计, and exports the rows it shows', async () => {
    const d = await answer(db, v.requestsQueries({ report: null, level: null, year: null }));
    const cells = v.cellsOf(d.sums);
    const bars = v.applicantRows(cells);
    expect(bars.map((b) => b.y).length).toBe(REQUEST_COLUMNS.length);
    const total = cells.v.get('processed_total')![TOTAL_COL]!;
    expect(total).toBeGreaterThan(0);
    expect(v.nLine(d.list.length, cells)).toContain(`（七）总计 ${total.toLocaleString('en-US')} 件`);
    const rows = v.tableRows(cells);
    expect(rows.map((r) => r.row)).toEqual(v.shownRows(cells).map((r) => r.label));
    expect(Object.keys(rows[0])).toEqual(v.exportColumns().map((c) => c.key));
    const totalRow = rows.find((r) => r.row === v.shownRows(cells).find((s) => s.key === 'processed_total')!.label)!;
    expect((totalRow as Record<string, unknown>)[REQUEST_COLUMNS[TOTAL_COL].key]).toBe(total);
  });
});
