/**
 * 报告 (src/routes/report/view.ts) on the embedded data in the real DuckDB,
 * each report's file read from static/data/reports as the app reads it: the
 * list is every report with its own findings counted, the findings of a
 * report are the `findings` table's (读取问题 apart, worst first), the corner
 * marks are the worst finding of each cell, the exported tables are the
 * cells as printed (blanks empty, never 0), and a reading problem's 更正 opens
 * the cell or the row it names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFile } from '../../src/lib/db/queries-report';
import type { Db } from '../../src/lib/db/types';
import { REQUEST_COLUMNS } from '../../src/lib/report/formats';
import type { Finding, ReportRecord } from '../../src/lib/report/types';
import * as v from '../../src/routes/report/view';
import { answer, EMBEDDED, embeddedDb } from '../support/db';

let db: Db;
beforeAll(async () => (db = await embeddedDb()));
afterAll(() => db.close());

const index = new Map(
  (JSON.parse(readFileSync(join(EMBEDDED, 'reports/index.json'), 'utf8')) as { report_id: string; file: string }[]).map(
    (e) => [e.report_id, e.file],
  ),
);
/** A report's file, as loadReport reads it in the app. */
const load = async (id: string): Promise<ReportFile | null> =>
  index.has(id) ? JSON.parse(readFileSync(join(EMBEDDED, `reports/${index.get(id)}.json`), 'utf8')) : null;
const report = async (id: string) => (await answer(db, v.reportQueries(id, load))).report;
const SHANGHAI = '上海市人民政府办公厅|2019|shanghai-office-2019.txt';

describe('报告 view', () => {
  it('lists every report with its own findings by severity', async () => {
    const { list } = await answer(db, v.listQueries());
    expect(list.length).toBe(index.size);
    const counts = await db.query<{ report_id: string; severity: string; n: number }>(
      `SELECT report_id, severity, count(*)::INT AS n FROM findings WHERE origin = 'report' GROUP BY ALL`,
    );
    const n = (id: string, s: string) => counts.find((c) => c.report_id === id && c.severity === s)?.n ?? 0;
    for (const r of list)
      expect([r.n_errors, r.n_warnings, r.n_info], r.report_id).toEqual([
        n(r.report_id, 'error'),
        n(r.report_id, 'warning'),
        n(r.report_id, 'info'),
      ]);
    const exported = v.listExport(list);
    for (const c of exported.columns) expect(exported.rows[0], c.key).toHaveProperty(c.key);
    expect(exported.rows.map((r) => r.format)).toEqual(list.map((r) => v.formatName(r.format) ?? r.format));
    expect(await report('no such report')).toBeNull();
  });

  it('orders a report’s findings worst first, blank cells last of their severity, 读取问题 apart', async () => {
    for (const id of index.keys()) {
      const file = (await report(id))!;
      const { own, reading } = v.splitFindings(file.record);
      const rows = await db.query<{ severity: string; origin: string }>(
        `SELECT severity, origin FROM findings WHERE report_id = '${id.replace(/'/g, "''")}'`,
      );
      expect(own.length + reading.length, id).toBe(rows.length);
      expect(reading.length, id).toBe(rows.filter((r) => r.origin === 'reading').length);
      expect(v.severityCounts(own), id).toEqual({
        error: rows.filter((r) => r.origin === 'report' && r.severity === 'error').length,
        warning: rows.filter((r) => r.origin === 'report' && r.severity === 'warning').length,
        info: rows.filter((r) => r.origin === 'report' && r.severity === 'info').length,
      });
      const key = ({ f, i }: v.Numbered) =>
        ['error', 'warning', 'info'].indexOf(f.severity) * 1e6 + (f.rule.endsWith('.blank_cell') ? 1e5 : 0) + i;
      for (let k = 1; k < own.length; k++) expect(key(own[k]), id).toBeGreaterThan(key(own[k - 1]));
      // Each index names its finding in the record (what data-finding and finding= carry).
      for (const { f, i } of [...own, ...reading]) expect(file.record.findings[i]).toBe(f);

      // A corner mark: the worst of the report's own findings on the cell, blank cells aside.
      const marks = v.cellSeverity(file.record);
      const worst = new Map<string, number>();
      for (const f of file.record.findings) {
        if (f.origin === 'reading' || f.rule.endsWith('.blank_cell')) continue;
        for (const c of f.cells)
          worst.set(c, Math.min(worst.get(c) ?? 9, ['error', 'warning', 'info'].indexOf(f.severity)));
      }
      expect(new Map([...marks].map(([c, s]) => [c, ['error', 'warning', 'info'].indexOf(s)]))).toEqual(worst);
    }
  });

  it('exports 表三 as printed: the cells of the requests table, blanks empty', async () => {
    const file = (await report(SHANGHAI))!;
    const lay = v.layout(file.record);
    const exported = v.requestsExport(lay.req);
    expect(Object.keys(exported.rows[0])).toEqual(exported.columns.map((c) => c.key));
    const cells = await db.query<{ row_key: string; col: number; value: number | null }>(
      `SELECT row_key, col, value FROM requests WHERE report_id = '${SHANGHAI}'`,
    );
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      const line = lay.req.findIndex((l) => l.def.key === c.row_key);
      expect(line, c.row_key).toBeGreaterThanOrEqual(0);
      expect(exported.rows[line][`c${c.col}`], `${c.row_key}[${c.col}]`).toBe(c.value);
    }
    const blanks = exported.rows
      .flatMap((r) => REQUEST_COLUMNS.map((_, j) => r[`c${j}`]))
      .filter((x) => x === null).length;
    expect(blanks).toBe(cells.filter((c) => c.value === null).length);
    expect(blanks).toBeGreaterThan(100);
    // 表二 and 表四: a line per printed cell / per group.
    expect(v.activeExport(lay.act).rows.length).toBe(
      lay.act.reduce((a, b) => a + b.items.reduce((x, it) => x + it.cells.length, 0), 0),
    );
    expect(v.reviewExport(lay.rev).rows.map((r) => r.group)).toEqual(lay.rev.map((b) => b.label));
  });

  it('names every cell of a report apart, and says where a span is', async () => {
    const file = (await report(SHANGHAI))!;
    const lay = v.layout(file.record);
    const paths = [
      ...lay.act.flatMap((b) => b.items.flatMap((it) => it.cells)),
      ...lay.req.flatMap((l) => l.cells),
      ...lay.rev.flatMap((b) => b.cells),
    ].map((c) => c.path);
    const labels = paths.map((p) => v.pathLabel(lay.act, p));
    expect(new Set(labels).size).toBe(paths.length);
    for (const [i, l] of labels.entries()) expect(l, paths[i]).toMatch(/^表[二三四] /);
    expect(v.pathLabel(lay.act, 'published')).toBe('发布日期');
    const span = { line: 12, col: 3, len: 2, text: '17', page: 4 };
    expect(v.where(span)).toBe('第 12 行，第 4–5 字；PDF 第 4 页');
    expect(v.segments(span, 12, 'abcdefgh')).toEqual({ pre: 'abc', hl: 'de', post: 'fgh' });
    expect(v.segments(span, 11, 'abcdefgh')).toEqual({ pre: 'abcdefgh', hl: null, post: '' });
    expect(v.cellTitle('表三 x', null, undefined, true)).toBe('表三 x：空白 — 点击查看原文');
  });

  it('opens what a reading problem names for correction: a cell, a row, or a choice of rows', async () => {
    const record = (await report(SHANGHAI))!.record as ReportRecord;
    const f = (cells: string[]): Finding => ({
      rule: 'table.unlabeled_numbers',
      severity: 'warning',
      origin: 'reading',
      message: '',
      cells,
    });
    expect(v.fixTarget(record, f(['requests.granted[2]']))).toEqual({ cell: 'requests.granted[2]' });
    expect(v.fixTarget(record, f(['requests.granted[2]', 'requests.granted[6]']))).toEqual({ row: 'requests.granted' });
    expect(v.fixTarget(record, f(['requests.granted[2]', 'requests.new_received[6]']))).toEqual({
      cell: 'requests.granted[2]',
    });
    expect(v.fixTarget(record, f(['requests']))).toEqual({ row: 'requests' });
    expect(v.fixTarget(record, f(['agency']))).toBeNull();
    expect(v.fixLabel({ row: 'requests' })).toBe('补录一行');
    expect(v.fixLabel({ row: 'requests.granted' })).toBe('更正（整行补录）');
    expect(v.fixLabel({ cell: 'requests.granted[2]' })).toBe('更正');
    // 查看原文 only where there is a place to show: a cell as read, or a sentence.
    expect(v.hasSource(record, f(['requests.granted[2]']))).toBe(true);
    expect(v.hasSource(record, f(['requests']))).toBe(false);
    expect(v.hasSource(record, f([]))).toBe(false);
    expect(v.hasSource(record, { ...f([]), source: { line: 3, col: 0, len: 4, text: '正文' } })).toBe(true);
  });
});
