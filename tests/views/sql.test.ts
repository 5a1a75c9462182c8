/**
 * SQL 控制台 (src/routes/sql/view.ts) on the embedded data in the real DuckDB:
 * the schema browser lists every table and view the engine has, with their
 * columns as DESCRIBE gives them, the documented ones first; a result's grid
 * and export hold the statement's rows, NULL kept as NULL (never 0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import { TABLES } from '../../src/lib/db/types';
import { runStatement } from '../../src/lib/sql-console/run';
import * as v from '../../src/routes/sql/view';
import { answer, embeddedDb, withMetricViews } from '../support/db';

let db: Db;
beforeAll(async () => {
  // report_metrics and the aggregates, as the app makes them over the tables.
  db = await withMetricViews(await embeddedDb());
});
afterAll(() => db.close());

describe('SQL 控制台 view', () => {
  it('lists every table and view with its columns, the documented ones apart from the internal ones', async () => {
    let readied = 0;
    const { tables } = await answer(
      db,
      v.schemaQueries(async () => void readied++),
    );
    expect(readied).toBe(1);
    const names = tables.map((x) => x.name);
    for (const t of [...TABLES, 'report_metrics']) expect(names, t).toContain(t);
    const main = v.mainTables(tables),
      internal = v.internalTables(tables);
    expect([...main, ...internal].map((x) => x.name).sort()).toEqual([...names].sort());
    expect(main.map((x) => x.name)).toContain('reports');
    for (const t of tables.filter((x) => ['reports', 'report_metrics'].includes(x.name))) {
      const cols = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE ${t.name}`);
      expect(
        t.columns.map((c) => [c.name, c.type]),
        t.name,
      ).toEqual(cols.map((c) => [c.column_name, c.column_type]));
    }
    // A covariates table that cannot be loaded does not stop the schema.
    const failing = await answer(
      db,
      v.schemaQueries(() => Promise.reject(new Error('no IndexedDB'))),
    );
    expect(failing.tables.length).toBe(tables.length);
  });

  it('shows and exports a result’s rows, blanks as NULL', async () => {
    const sql = `SELECT report_id, row_key, col, value FROM requests WHERE value IS NULL OR row_key = 'granted' ORDER BY ALL`;
    const r = await runStatement(db, sql, 100_000);
    const raw = await db.query<{ value: number | null }>(sql);
    expect(r.total).toBe(raw.length);
    expect(raw.some((x) => x.value === null)).toBe(true);
    const rows = v.exportRows(r);
    expect(v.exportColumns(r).map((c) => c.key)).toEqual(['report_id', 'row_key', 'col', 'value']);
    expect(rows.map((x) => x.value)).toEqual(raw.map((x) => (x.value === null ? null : Number(x.value))));
    const valueCol = r.columns.find((c) => c.name === 'value')!;
    expect(v.numeric(valueCol.type, 1)).toBe(true);
    expect(v.numeric('VARCHAR', 'x')).toBe(false);
    for (const [i, x] of raw.entries())
      expect(v.display(r.rows[i].value, valueCol.type)).toBe(x.value === null ? null : String(x.value));
    expect(v.SHOWN).toBeLessThan(100_000);
  });
});
