/**
 * 开放数据 (src/routes/data/view.ts) on the embedded data in the real DuckDB:
 * the row counts it lists are each table's own count, the total is their sum,
 * and the dictionary it shows has a description for every table and the
 * columns each open table really has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_TABLES, tableSchema } from '../../src/lib/data/open-data';
import type { Db } from '../../src/lib/db/types';
import * as v from '../../src/routes/data/view';
import { answer, embeddedDb, withMetricViews } from '../support/db';

let db: Db;
beforeAll(async () => {
  // report_metrics and the aggregates, as the app makes them over the tables.
  db = await withMetricViews(await embeddedDb());
});
afterAll(() => db.close());

describe('开放数据 view', () => {
  it('counts the rows of every open table, and adds them up', async () => {
    const { counts } = await answer(db, { counts: v.countsQuery() });
    for (const name of OPEN_TABLES) {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${name}`);
      expect(counts[name], name).toBe(row.n);
    }
    expect(counts.reports).toBeGreaterThan(0);
    expect(v.totalRows(counts)).toBe(OPEN_TABLES.reduce((a, n) => a + counts[n], 0));
  });

  it('describes every table and lists the columns the table has', async () => {
    for (const name of OPEN_TABLES) {
      expect(v.tableDoc(name).zh, name).toBeTruthy();
      expect(
        v.columnsOf(name).map((c) => c.column),
        name,
      ).toEqual(Object.keys(tableSchema(name)));
      const cols = await db.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${name})`);
      for (const c of v.columnsOf(name))
        expect(
          cols.map((x) => x.column_name),
          `${name}.${c.column}`,
        ).toContain(c.column);
    }
    expect(v.columnCount()).toBe(OPEN_TABLES.reduce((a, n) => a + v.columnsOf(n).length, 0));
    expect(v.filesOf('reports', ['csv', 'arrow'])).toBe('csv/reports.csv arrow/reports.arrow');
  });

  it('marks the Chinese runs of an English text, and keeps every character', () => {
    const s = 'level: 省 / 市 (the form’s 总计 row), 12 cells';
    const parts = v.runs(s);
    expect(parts.map((p) => p.p).join('')).toBe(s);
    expect(parts.filter((p) => p.zh).map((p) => p.p)).toEqual(['省 / 市', '总计']);
    expect(v.datasetLabel({ synthetic: true } as never).en).toBe('Synthetic data');
    expect(v.datasetKey({ synthetic: false, choice: 'mine' } as never)).toBe('mine');
  });
});
