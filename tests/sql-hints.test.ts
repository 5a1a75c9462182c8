/**
 * The SQL console's hints (src/lib/sql-console/hints.ts) on the real engine's
 * messages: each bad statement runs on DuckDB-WASM loaded as the app loads
 * its data (the same lockdown, the same tables and views), and the message it
 * really gives is what the hint reads. The nearest names are checked against
 * the live schema, not against a list written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTables } from '../src/lib/data/build';
import type { Db } from '../src/lib/db/types';
import { duckMessage } from '../src/lib/sql-console/console.svelte';
import { checkSql } from '../src/lib/sql-console/guard';
import { distance, nearestName, refusalHint, sqlHint, type SqlHint } from '../src/lib/sql-console/hints';
import { runStatement } from '../src/lib/sql-console/run';
import { liveTables, type LiveTable } from '../src/lib/sql-console/schema';
import { MAIN_TABLES } from '../src/lib/sql-console/schema-docs';
import { REPORTS } from './support/app';
import { appDb } from './support/app-db';

const CJK = /[\u3400-\u9fff]/;
let db: Db;
let tables: LiveTable[];

/** DuckDB's real message for `sql` run as the console runs it (it must fail). */
async function messageOf(sql: string): Promise<string> {
  try {
    await runStatement(db, sql, 10);
  } catch (e) {
    return duckMessage(e);
  }
  throw new Error(`expected DuckDB to refuse: ${sql}`);
}
async function hintOf(sql: string): Promise<{ message: string; hint: SqlHint | null }> {
  const message = await messageOf(sql);
  return { message, hint: sqlHint(message, sql, tables) };
}
const columns = (name: string) => tables.find((t) => t.name === name)!.columns.map((c) => c.name);

beforeAll(async () => {
  db = await appDb((await buildTables(REPORTS)).tables);
  tables = await liveTables(db);
}, 120_000);
afterAll(() => db?.close());

describe('nearest names', () => {
  it('edit distance and the nearest of a list', () => {
    expect(distance('agncy', 'agency')).toBe(1);
    expect(distance('YEAR', 'year')).toBe(0);
    expect(distance('', 'abc')).toBe(3);
    expect(nearestName('agncy', ['year', 'agency', 'agency_id'])).toBe('agency');
    expect(nearestName('Agency', ['year', 'agency'])).toBe('agency');
    expect(nearestName('report', ['agencies', 'reports'])).toBe('reports');
    // Contained: a part of a longer name.
    expect(nearestName('fee', ['year', 'processing_fee_yuan'])).toBe('processing_fee_yuan');
    // Far from everything: nothing, rather than a name that shares a letter.
    expect(nearestName('nope', ['agency', 'year', 'format', 'source'])).toBeNull();
    expect(nearestName('xyz', [])).toBeNull();
  });
});

describe('hints on the real engine messages', () => {
  it('unknown column: the schema panel, the nearest column of the table queried', async () => {
    const { message, hint } = await hintOf('SELECT agncy FROM reports');
    expect(message).toMatch(/^Binder Error: Referenced column "agncy" not found/);
    expect(hint).toMatchObject({ kind: 'column', target: 'schema', nearest: { table: 'reports', column: 'agency' } });
    expect(hint!.zh).toContain('表 reports 中没有列 agncy');
    expect(hint!.zh).toContain('最接近的现有列：agency');
    expect(hint!.zh).toContain('可查询的表与视图');
    expect(hint!.en).toContain('The table reports has no column agncy');
    expect(hint!.en).toContain('Tables and views');
  });

  it('unknown column with nothing close: no made-up suggestion (DuckDB’s candidates are not taken as near)', async () => {
    const { message, hint } = await hintOf('SELECT agency, nope\nFROM reports');
    expect(message).toContain('Candidate bindings');
    expect(hint).toMatchObject({ kind: 'column', target: 'schema' });
    expect(hint!.nearest).toBeUndefined();
    expect(hint!.en).not.toContain('Nearest');
  });

  it('a text value in double quotes: single quotes, not the schema', async () => {
    const { message, hint } = await hintOf('SELECT * FROM reports WHERE agency = "泽州县人民政府"');
    expect(message).toContain('Referenced column "泽州县人民政府" not found');
    expect(hint).toMatchObject({ kind: 'quotes', target: null });
    expect(hint!.zh).toContain("文本值要用单引号：'泽州县人民政府'");
    // A quoted name that is a typo of a column is still a column.
    expect((await hintOf('SELECT "agncy" FROM reports')).hint).toMatchObject({
      kind: 'column',
      nearest: { column: 'agency' },
    });
  });

  it('a column qualified by an alias is looked up in the aliased table', async () => {
    const { message, hint } = await hintOf('SELECT r.agncy FROM reports r');
    expect(message).toContain('does not have a column named "agncy"');
    expect(hint).toMatchObject({ kind: 'column', nearest: { table: 'reports', column: 'agency' } });
    const join = await hintOf('SELECT a.nme FROM reports r JOIN agencies a ON r.agency_id = a.agency_id');
    const near = nearestName('nme', columns('agencies'));
    expect(near).not.toBeNull();
    expect(join.hint).toMatchObject({ kind: 'column', nearest: { table: 'agencies', column: near } });
  });

  it('a column of another table: says which table has it', async () => {
    const reports = columns('reports');
    const elsewhere = columns('agencies').find((c) => !reports.includes(c) && nearestName(c, reports) === null);
    expect(elsewhere, 'a column of agencies with nothing like it in reports').toBeDefined();
    const { hint } = await hintOf(`SELECT ${elsewhere} FROM reports`);
    expect(hint).toMatchObject({ kind: 'column', nearest: { table: 'agencies', column: elsewhere } });
    expect(hint!.en).toContain(`The column ${elsewhere} is in the table agencies`);
  });

  it('unknown table: the nearest documented table, never an internal one', async () => {
    for (const [typed, want] of [
      ['report', 'reports'],
      ['agency', 'agencies'],
      ['finding', 'findings'],
    ]) {
      const { message, hint } = await hintOf(`SELECT * FROM ${typed}`);
      expect(message).toContain(`Table with name ${typed} does not exist`);
      expect(hint, typed).toMatchObject({ kind: 'table', target: 'schema', nearest: { table: want } });
      expect(MAIN_TABLES).toContain(want);
    }
    const far = await hintOf('SELECT * FROM nothing_like_it');
    // DuckDB itself suggests an internal table here; the hint does not.
    expect(far.message).toMatch(/Did you mean "builtin_/);
    expect(far.hint).toMatchObject({ kind: 'table', target: 'schema' });
    expect(far.hint!.nearest).toBeUndefined();
  });

  it('syntax errors: the examples', async () => {
    for (const sql of ['SELEC * FROM reports', 'SELECT * FROM reports WHERE', 'SELECT agency,, year FROM reports']) {
      const { message, hint } = await hintOf(sql);
      expect(message, sql).toMatch(/^Parser Error/);
      expect(hint, sql).toMatchObject({ kind: 'syntax', target: 'examples' });
      expect(hint!.zh).toContain('示例');
      expect(hint!.en).toContain('example queries');
    }
  });

  it('type mismatch and conversion: the types in the schema, TRY_CAST', async () => {
    for (const sql of [
      "SELECT * FROM reports WHERE year = 'abc'",
      "SELECT 'abc'::INTEGER",
      'SELECT sum(agency) FROM reports',
      'SELECT agency + 1 FROM reports',
    ]) {
      const { hint } = await hintOf(sql);
      expect(hint, sql).toMatchObject({ kind: 'type', target: 'schema' });
      expect(hint!.en).toContain('TRY_CAST');
    }
  });

  it('GROUP BY, unknown function', async () => {
    expect((await hintOf('SELECT count(*), agency FROM reports')).hint).toMatchObject({ kind: 'group-by' });
    const fn = await hintOf('SELECT nofunc(1)');
    expect(fn.hint).toMatchObject({ kind: 'function', target: 'examples' });
    expect(fn.hint!.zh).toContain('nofunc');
  });

  it('what the locked engine refuses (the guard bypassed): the import page and the export instead', async () => {
    for (const sql of ["SELECT * FROM read_csv('x.csv')", "SELECT * FROM read_text('http://127.0.0.1:9/x.txt')"]) {
      const { message, hint } = await hintOf(sql);
      expect(message, sql).toMatch(/disabled by configuration/);
      expect(hint, sql).toMatchObject({ kind: 'locked', target: null });
      expect(hint!.en).toContain('Import page');
    }
    // A reader of an extension the page never loads: DuckDB's advice (INSTALL, SET) is not to be followed here.
    const ext = await hintOf("SELECT * FROM read_parquet('x.parquet')");
    expect(ext.message).toMatch(/exists in the parquet extension[\s\S]*INSTALL parquet/);
    expect(ext.hint).toMatchObject({ kind: 'locked' });
    expect(ext.hint!.en).toContain('loads no extension (parquet)');
    // A URL where a table stands, on this engine: no such table (it is never fetched), and the same hint.
    const url = await hintOf("SELECT * FROM 'http://127.0.0.1:9/x.parquet'");
    expect(url.message).toMatch(/Table with name http:/);
    expect(url.hint).toMatchObject({ kind: 'locked' });
    const set = await messageOf('SET threads = 1').catch((e) => String(e));
    expect(sqlHint(set, 'SET threads = 1', tables)).toMatchObject({ kind: 'locked' });
  });

  it('another error: DuckDB’s text stands alone', async () => {
    const { message, hint } = await hintOf('SELECT 2147483647::INTEGER + 1::INTEGER');
    expect(message).toMatch(/Out of Range Error/);
    expect(hint).toBeNull();
  });

  it('the guard’s refusals say where to go instead', () => {
    const cases: [string, string | null][] = [
      ['DROP TABLE reports', 'Import page'],
      ["SELECT * FROM read_csv('/etc/passwd')", 'Import page'],
      ["SELECT * FROM 'http://x/y.csv'", 'Import page'],
      ['SELECT 1; SELECT 2', 'one at a time'],
      ['SELEC agency FROM reports', 'spelling of the first word'],
      ['', null],
    ];
    for (const [sql, says] of cases) {
      const g = checkSql(sql);
      expect(g.ok, sql).toBe(false);
      if (g.ok) continue;
      const h = refusalHint(g.reason);
      if (says === null) expect(h, sql).toBeNull();
      else expect(h?.en, sql).toContain(says);
    }
  });

  it('every hint: Chinese in zh, no Chinese in en', async () => {
    const sqls = [
      'SELECT agncy FROM reports',
      'SELECT * FROM report',
      'SELEC 1',
      "SELECT 'a'::INTEGER",
      'SELECT count(*), agency FROM reports',
      'SELECT nofunc(1)',
      "SELECT * FROM read_csv('x.csv')",
      'SELECT x.agency FROM reports',
    ];
    for (const sql of sqls) {
      const { message, hint } = await hintOf(sql);
      expect(hint, `${sql}: ${message}`).not.toBeNull();
      expect(hint!.zh, sql).toMatch(CJK);
      expect(hint!.en, sql).not.toMatch(CJK);
    }
  });
});
