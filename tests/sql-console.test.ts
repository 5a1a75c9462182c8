/**
 * The SQL console (/sql) in Node, on the real DuckDB-WASM engine:
 *
 * - the guard lets through one read-only statement only, and refuses every
 *   statement and function that reaches a file, the network, an extension, a
 *   setting, the log or secrets, and a file name or URL where a table stands
 *   (FROM 'http://…'), each with a Chinese reason first: unit cases, and
 *   fast-check properties — a forbidden keyword outside literals is always
 *   refused, a literal's or comment's content never matters, and no text made
 *   of the lexer's tricky pieces that the guard lets through changes a table
 *   when DuckDB runs it;
 * - every example query runs on the embedded reports, loaded as the app loads
 *   them, and returns what a computation by hand from the report tables gives;
 * - every table and column the database has is described in both languages;
 * - a statement runs with its first rows, its row count, its column types,
 *   and DuckDB's own message (on the user's line numbers) when it fails.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA } from '../src/lib/data/arrow';
import { buildTables } from '../src/lib/data/build';
import type { Tables } from '../src/lib/data/normalize';
import { builtinTable, mineTable, SHADOW_TABLE } from '../src/lib/db/datasets';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES, type Db } from '../src/lib/db/types';
import { METRICS, SMALL_SAMPLE } from '../src/lib/metrics/definitions';
import { metricColumns } from '../src/lib/metrics/sql';
import { EXAMPLES } from '../src/lib/sql-console/examples';
import { checkSql, FORBIDDEN, FORBIDDEN_FUNCTIONS, READ_ONLY_STARTS } from '../src/lib/sql-console/guard';
import { cellValue, runStatement } from '../src/lib/sql-console/run';
import { completionSchema, liveTables } from '../src/lib/sql-console/schema';
import { codesOf, columnDoc, MAIN_TABLES, tableDoc } from '../src/lib/sql-console/schema-docs';
import { appDb } from './support/app-db';

const CJK = /[\u3400-\u9fff]/;
const refused = (sql: string) => {
  const g = checkSql(sql);
  return g.ok ? null : g.reason;
};

describe('guard: unit cases', () => {
  it('lets a read-only statement through, starting with any read-only keyword', () => {
    const ok = [
      'SELECT 1',
      'select * from reports',
      'WITH x AS (SELECT 1 AS a) SELECT a FROM x',
      'FROM reports',
      'VALUES (1), (2)',
      'TABLE reports',
      'DESCRIBE reports',
      'SHOW TABLES',
      'SUMMARIZE reports',
      'EXPLAIN SELECT 1',
      'PIVOT reports ON level USING count(*)',
      'UNPIVOT (SELECT 1 AS a, 2 AS b) ON a, b INTO NAME k VALUE v',
      '(SELECT 1) UNION ALL (SELECT 2)',
      '  \n -- a comment\n /* another */ SELECT 1',
    ];
    for (const s of ok) expect(checkSql(s), s).toEqual({ ok: true, statement: s });
    expect(
      READ_ONLY_STARTS.every((k) =>
        ok.some((s) =>
          s
            .trim()
            .replace(/^(--.*\n|\/\*.*?\*\/|\s|\()+/g, '')
            .toUpperCase()
            .startsWith(k),
        ),
      ),
    ).toBe(true);
  });

  it('drops a trailing semicolon and a comment after it, and nothing else', () => {
    expect(checkSql('SELECT 1;')).toEqual({ ok: true, statement: 'SELECT 1' });
    expect(checkSql('SELECT 1 ;  \n')).toEqual({ ok: true, statement: 'SELECT 1 ' });
    expect(checkSql('SELECT 1; -- done')).toEqual({ ok: true, statement: 'SELECT 1' });
    expect(checkSql("SELECT ';' AS s;")).toEqual({ ok: true, statement: "SELECT ';' AS s" });
  });

  it('ignores keywords and semicolons inside literals, quoted names and comments', () => {
    for (const s of [
      "SELECT 'DROP TABLE reports; DELETE FROM x' AS s",
      "SELECT 'it''s; drop' AS s",
      'SELECT 1 AS "delete"',
      'SELECT 1 AS "a"";drop"',
      'SELECT 1 -- drop table reports; delete\n',
      'SELECT /* DELETE; */ 1',
      'SELECT $$ ; drop table x $$ AS s',
      "SELECT $tag$ it's $$; DROP $tag$ AS s",
      "SELECT E'\\' ; drop' AS s",
      "SELECT E'a\\\\' AS s",
      "SELECT x'ab' AS s",
      "SELECT N'set' AS s",
      // words that contain a keyword are not the keyword
      'SELECT report_id AS updated_at, 1 AS offset_set FROM reports',
      'SELECT 1 AS reset_at, 2 AS setting',
      'SELECT requests_load FROM report_metrics',
      'SELECT 1 AS 测试drop',
    ])
      expect(refused(s), s).toBeNull();
  });

  it('refuses every forbidden keyword, with a message in both languages', () => {
    const cases: [string, string][] = [
      ['DROP TABLE reports', 'DROP'],
      ['drop table reports;', 'DROP'],
      ['DELETE FROM reports', 'DELETE'],
      ['UPDATE reports SET year = 0', 'UPDATE'],
      ['INSERT INTO reports SELECT * FROM reports', 'INSERT'],
      ['CREATE TABLE x AS SELECT 1', 'CREATE'],
      ['ALTER TABLE reports RENAME TO r', 'ALTER'],
      ["ATTACH 'x.db' AS x", 'ATTACH'],
      ['DETACH x', 'DETACH'],
      ["COPY reports TO 'r.csv'", 'COPY'],
      ["EXPORT DATABASE 'd'", 'EXPORT'],
      ["IMPORT DATABASE 'd'", 'IMPORT'],
      ['INSTALL httpfs', 'INSTALL'],
      ['LOAD httpfs', 'LOAD'],
      ['SET threads = 1', 'SET'],
      ['RESET threads', 'RESET'],
      ['PRAGMA show_tables', 'PRAGMA'],
      ['CALL pragma_version()', 'CALL'],
      ['CHECKPOINT', 'CHECKPOINT'],
      ['VACUUM', 'VACUUM'],
      ['TRUNCATE reports', 'TRUNCATE'],
      ['USE memory', 'USE'],
      ['BEGIN TRANSACTION', 'BEGIN'],
      ['COMMIT', 'COMMIT'],
      ['ROLLBACK', 'ROLLBACK'],
      // hidden behind a read-only start, a CTE, a comment's end, a literal's end
      ['SELECT 1; DROP TABLE reports', 'DROP'],
      ['WITH x AS (SELECT 1) DELETE FROM reports', 'DELETE'],
      ['SELECT 1 -- c\n; DROP TABLE reports', 'DROP'],
      ['SELECT $$x$$; DROP TABLE reports', 'DROP'],
      ["SELECT 'a'; drop table reports; --'", 'DROP'],
      // E'…': \' does not close it, '' after it does not reopen it
      ["SELECT E'a\\'' ; DROP TABLE reports; --'", 'DROP'],
      // a backslash does not escape in a plain string
      ["SELECT 'a\\' ; DROP TABLE reports; --'", 'DROP'],
      // $ inside an identifier is part of it, not a dollar quote
      ['SELECT x$$ FROM reports; DROP TABLE reports; --$$', 'DROP'],
      // DuckDB nests block comments; the guard ends one at the first */, so sees more code, never less
      ['SELECT /* a /* b */ DROP TABLE x */ 1', 'DROP'],
    ];
    for (const [sql, word] of cases) {
      const g = checkSql(sql);
      expect(g.ok, sql).toBe(false);
      if (g.ok) continue;
      expect([g.reason, g.word], sql).toEqual(['forbidden', word]);
      expect(g.zh).toMatch(CJK);
      expect(g.zh).toContain(word);
      expect(g.en).not.toMatch(CJK);
      expect(g.en).toContain(word);
    }
    expect(FORBIDDEN.every((k) => cases.some(([, w]) => w === k))).toBe(true);
  });

  it('refuses every statement that reaches a file, the network, an extension, a setting or the log — a Chinese reason first', () => {
    const cases: [string, string][] = [
      ["ATTACH 'http://127.0.0.1:9/x.db' AS x (READ_ONLY)", 'ATTACH'],
      ["ATTACH ':memory:' AS m", 'ATTACH'],
      ['DETACH m', 'DETACH'],
      ["COPY (SELECT * FROM reports) TO '/tmp/r.csv'", 'COPY'],
      ["COPY reports FROM 'http://127.0.0.1:9/r.csv'", 'COPY'],
      ["EXPORT DATABASE '/tmp/d'", 'EXPORT'],
      ["IMPORT DATABASE 'http://127.0.0.1:9/d'", 'IMPORT'],
      ['INSTALL httpfs', 'INSTALL'],
      ['FORCE INSTALL httpfs', 'INSTALL'],
      ["INSTALL x FROM 'http://127.0.0.1:9'", 'INSTALL'],
      ['LOAD httpfs', 'LOAD'],
      ['SET enable_external_access = true', 'SET'],
      ['SET GLOBAL lock_configuration = false', 'SET'],
      ["SET allowed_directories = ['/']", 'SET'],
      ['SET VARIABLE v = 1', 'SET'],
      ['RESET enable_external_access', 'RESET'],
      ['PRAGMA enable_profiling', 'PRAGMA'],
      ['PRAGMA enable_logging', 'PRAGMA'],
      ["CALL enable_logging(storage = 'file', storage_path = '/tmp/l')", 'CALL'],
      ["CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", 'CREATE'],
      ['WITH x AS (SELECT 1) SELECT * FROM x; SET threads = 1', 'SET'],
      ["EXPLAIN COPY reports TO '/tmp/r.csv'", 'COPY'],
    ];
    for (const [sql, word] of cases) {
      const g = checkSql(sql);
      expect(g.ok, sql).toBe(false);
      if (g.ok) continue;
      expect([g.reason, g.word], sql).toEqual(['forbidden', word]);
      expect(g.zh, sql).toMatch(new RegExp(`^[\\u3400-\\u9fff].*不允许使用 ${word}`));
      expect(g.en, sql).not.toMatch(CJK);
    }
    expect(checkSql("COPY reports TO 'x'")).toMatchObject({
      zh: expect.stringContaining('不读写本机文件、不连接网络'),
    });
    expect(checkSql('SET threads = 1')).toMatchObject({ zh: expect.stringContaining('不查看、不更改数据库设置') });
  });

  it('refuses every function that reads outside the database, runs SQL from a string, or touches settings, the log or secrets', () => {
    const all = Object.values(FORBIDDEN_FUNCTIONS).flat();
    expect(all).toEqual(
      expect.arrayContaining([
        'read_csv',
        'read_csv_auto',
        'read_text',
        'read_blob',
        'glob',
        'read_json',
        'read_parquet',
        'sniff_csv',
        'query',
        'query_table',
        'current_setting',
        'duckdb_settings',
        'enable_logging',
        'disable_logging',
        'truncate_duckdb_logs',
        'duckdb_logs',
        'duckdb_secrets',
        'force_checkpoint',
      ]),
    );
    for (const name of all) {
      // Called plainly, in any case, after a schema, with a comment before its parenthesis, or by its quoted name
      // (a name that is also a keyword, checkpoint, is refused as the keyword when plain).
      const plain = (FORBIDDEN as readonly string[]).includes(name.toUpperCase())
        ? []
        : [
            `SELECT * FROM ${name}('http://127.0.0.1:9/x.csv')`,
            `select * from ${name.toUpperCase()}('x')`,
            `SELECT ${name}('x') AS v`,
            `FROM main.${name} /* c */ ('x')`,
            `SELECT * FROM reports WHERE agency IN (SELECT * FROM ${name}\n('x'))`,
          ];
      for (const sql of [
        ...plain,
        `SELECT * FROM "${name}"('x')`,
        `SELECT * FROM "${name.toUpperCase()}" ('x')`,
        `SELECT * FROM system.main."${name}"()`,
      ]) {
        const g = checkSql(sql);
        expect(g.ok, sql).toBe(false);
        if (g.ok) continue;
        expect([g.reason, g.word], sql).toEqual(['function', name]);
        expect(g.zh, sql).toMatch(new RegExp(`^不允许调用 ${name}\\(\\)：[\\u3400-\\u9fff]`));
        expect(g.en, sql).toContain(`${name}() is not allowed`);
        expect(g.en, sql).not.toMatch(CJK);
      }
    }
    // The tester's cases.
    expect(checkSql("SELECT * FROM read_csv('http://127.0.0.1:8000/x.csv')")).toMatchObject({
      reason: 'function',
      zh: expect.stringContaining('不读取本机文件或网络地址'),
    });
    expect(checkSql("SELECT * FROM read_text('http://127.0.0.1:8000/x')")).toMatchObject({
      reason: 'function',
      word: 'read_text',
    });
    expect(checkSql('SELECT * FROM enable_logging()')).toMatchObject({
      reason: 'function',
      zh: expect.stringContaining('数据库日志'),
    });
    expect(checkSql("SELECT * FROM query('SELECT * FROM read_csv(''http://x/y.csv'')')")).toMatchObject({
      reason: 'function',
      word: 'query',
    });
  });

  it("refuses a file name or URL where a table stands: FROM 'http://…', JOIN \"x.csv\", DESCRIBE '…'", () => {
    for (const sql of [
      "SELECT * FROM 'http://127.0.0.1:8000/x.csv'",
      "FROM 'https://example.org/x.parquet'",
      'SELECT * FROM "http://127.0.0.1:8000/x.csv"',
      "SELECT * FROM reports r JOIN 'data/x.csv' x ON true",
      "SELECT * FROM ('/etc/passwd')",
      "DESCRIBE 'http://127.0.0.1:8000/x.csv'",
      "SUMMARIZE 'x.csv'",
      "SELECT * FROM E'http://127.0.0.1:8000/x.csv'",
      'SELECT * FROM $$http://127.0.0.1:8000/x.csv$$',
      "FROM'x.json'",
      'SELECT * FROM "x.parquet"',
      "SELECT * FROM 's3://bucket/x'",
      "SELECT * FROM '*.csv'",
      "TABLE 'x.csv'",
    ]) {
      const g = checkSql(sql);
      expect(g.ok, sql).toBe(false);
      if (g.ok) continue;
      expect(g.reason, sql).toBe('external');
      expect(g.zh, sql).toMatch(/^控制台只查询已载入的表，不按文件名或网址读取数据/);
      expect(g.en, sql).not.toMatch(CJK);
    }
  });

  it('still lets ordinary queries through: the catalogue, GLOB as an operator, FROM inside extract/trim, URLs as values, names like functions', () => {
    for (const sql of [
      "SELECT 'a' GLOB 'a*' AS g",
      "SELECT extract(year FROM '2024-03-01'::DATE) AS y",
      "SELECT trim(BOTH ' ' FROM agency) FROM reports",
      "SELECT 'http://www.gov.cn/x.csv' AS url",
      "FROM reports WHERE source_file LIKE 'http%.csv'",
      'SELECT 1 AS glob, 2 AS query, 3 AS read_csv',
      'SELECT * FROM "reports"',
      'FROM reports r JOIN agencies a USING (agency_id)',
      'SELECT * FROM duckdb_tables()',
      "SELECT * FROM pragma_table_info('reports')",
      'SELECT log(10) AS l, version() AS v',
      'WITH query AS (SELECT 1 AS a) SELECT a FROM query',
      'SELECT * FROM "metric_values" WHERE metric = \'disclosure_rate\'',
    ])
      expect(checkSql(sql), sql).toEqual({ ok: true, statement: sql });
  });

  it('refuses a second statement, an unclosed literal, an ambiguous quote, an empty text and a statement that is not a query', () => {
    expect(refused('SELECT 1; SELECT 2')).toBe('multiple');
    expect(refused('SELECT 1;;')).toBe('multiple');
    for (const s of [
      "SELECT 'abc",
      'SELECT "abc',
      'SELECT 1 /* x',
      'SELECT $$abc',
      'SELECT $t$ abc $$',
      "SELECT E'abc\\'",
    ])
      expect(refused(s), s).toBe('unterminated');
    for (const s of ["SELECT 1E'2'", 'SELECT 1$$ ; DROP $$', "SELECT $1E'x'"]) expect(refused(s), s).toBe('ambiguous');
    for (const s of ['', '   \n', '-- only a comment', '/* */ ;']) expect(refused(s), JSON.stringify(s)).toBe('empty');
    for (const s of ['ANALYZE', 'GRANT x', 'PREPARE p AS SELECT 1', 'EXECUTE p', '测试', 'foo'])
      expect(refused(s), s).toBe('not-read-only');
    for (const s of ['SELECT 1; SELECT 2', "SELECT 'x", 'ANALYZE', '']) {
      const g = checkSql(s);
      if (g.ok) throw new Error(s);
      expect(g.zh).toMatch(CJK);
      expect(g.en).not.toMatch(CJK);
    }
  });

  it('lets every example through, in both languages', () => {
    for (const e of EXAMPLES)
      for (const l of ['zh', 'en'] as const)
        expect(checkSql(e.sql(l)), `${e.id} ${l}`).toEqual({ ok: true, statement: e.sql(l) });
  });
});

/* ------------------------------------------------------- fast-check pieces */

const word = fc
  .stringMatching(/^[a-z_][a-z0-9_]{0,7}$/)
  .filter((w) => !(FORBIDDEN as readonly string[]).includes(w.toUpperCase()));
const literal = fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => `'${s.replace(/'/g, "''")}'`);
const quotedName = fc
  .string({ maxLength: 8, unit: 'grapheme' })
  .filter((s) => s.length > 0)
  .map((s) => `"${s.replace(/"/g, '""')}"`);
const lineComment = fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => `-- ${s.replace(/[\n\r]/g, ' ')}\n`);
const blockComment = fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => `/* ${s.replace(/\*/g, '')} */`);
const dollar = fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => `$q$${s.replace(/\$/g, '')}$q$`);
/** Pieces of code that open nothing: words, numbers, operators and complete literals and comments. */
const piece = fc.oneof(
  word,
  fc.nat(9999).map(String),
  fc.constantFrom('(', ')', ',', '*', '=', '+', '.', '<>', '||'),
  literal,
  quotedName,
  lineComment,
  blockComment,
  dollar,
);
const code = fc.array(piece, { maxLength: 8 }).map((ps) => ps.join(' '));
const anyCase = (k: string) =>
  fc
    .array(fc.boolean(), { minLength: k.length, maxLength: k.length })
    .map((up) => [...k].map((c, i) => (up[i] ? c : c.toLowerCase())).join(''));

describe('guard: properties', () => {
  it('never lets a forbidden keyword outside literals and comments through', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...READ_ONLY_STARTS, ''),
        code,
        fc.constantFrom(...FORBIDDEN).chain(anyCase),
        code,
        fc.constantFrom('', ';', ' ;'),
        (start, before, keyword, after, end) => {
          const g = checkSql(`${start} ${before} ${keyword} ${after}${end}`);
          return !g.ok && g.reason === 'forbidden' && g.word === keyword.toUpperCase();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never minds what a string, quoted name, comment or dollar quote holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'grapheme' }), (s) => {
        const texts = [
          `SELECT '${s.replace(/'/g, "''")}' AS s`,
          `SELECT 1 AS "${s.replace(/"/g, '""') || 'x'}"`,
          `SELECT 1 -- ${s.replace(/[\n\r]/g, ' ')}`,
          `SELECT /* ${s.replace(/\*/g, '')} */ 1`,
          `SELECT $z$${s.replace(/\$/g, '')}$z$ AS s`,
          `SELECT E'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' AS s`,
        ];
        return texts.every((t) => checkSql(t).ok);
      }),
      { numRuns: 1000 },
    );
  });
});

/* --------------------------------------------------- the embedded reports */

let db: Db;
let tables: Tables;

beforeAll(async () => {
  ({ tables } = await buildTables(resolve(__dirname, '../data/reports')));
  // The app's load (src/lib/db/app.ts): builtin_* and mine_* tables, the dataset views, the indicators, the aggregates.
  db = await appDb(tables);
}, 180_000);
afterAll(async () => db?.close());

/** A 表三 cell (总计 column) of a report; null when blank. */
const req = (id: string, row: string) =>
  tables.requests.find((r) => r.report_id === id && r.row_key === row && r.col === 6)?.value ?? null;
const rev = (id: string, col: number) =>
  tables.review_litigation.find((r) => r.report_id === id && r.grp === 'review' && r.col === col)?.value ?? null;
/** A sum as the definitions take it: the printed terms, NULL when every term is blank. */
const sum = (vs: (number | null)[], signs = vs.map(() => 1)) =>
  vs.every((v) => v === null) ? null : vs.reduce<number>((s, v, i) => s + signs[i] * (v ?? 0), 0);
const example = (id: string) => EXAMPLES.find((e) => e.id === id)!;
async function runExample(id: string) {
  const results = [];
  for (const l of ['zh', 'en'] as const) {
    const g = checkSql(example(id).sql(l));
    if (!g.ok) throw new Error(g.en);
    results.push(await runStatement(db, g.statement, 1000));
  }
  // The comment's language changes nothing else.
  expect(results[1].rows).toEqual(results[0].rows);
  return results[0];
}

describe('example queries on the embedded reports', () => {
  it('the data has the levels the examples rely on', async () => {
    const levels = (await db.query<{ level: string }>('SELECT DISTINCT level FROM reports ORDER BY level')).map(
      (r) => r.level,
    );
    expect(levels).toEqual(['办公室', '县', '市'].sort());
    expect(tables.reports).toHaveLength(8);
  });

  it('各市公开率排名: pooled Σ(granted + partially granted) ÷ Σ total handled per city, its latest year', async () => {
    const r = await runExample('city-disclosure');
    // By hand: city = the first 4 digits of the region code; its reports of its latest year; a report with an empty rate adds nothing.
    const byCity = new Map<string, { year: number; reports: typeof tables.reports }>();
    for (const rep of tables.reports) {
      if (!rep.region_code) continue;
      const code = rep.region_code.slice(0, 4);
      const c = byCity.get(code);
      if (!c || rep.year > c.year) byCity.set(code, { year: rep.year, reports: [rep] });
      else if (rep.year === c.year) c.reports.push(rep);
    }
    const want = [...byCity]
      .map(([code, c]) => {
        let num = 0,
          den = 0,
          withValue = 0;
        for (const rep of c.reports) {
          const n = sum([req(rep.report_id, 'granted'), req(rep.report_id, 'partially_granted')]);
          const d = req(rep.report_id, 'processed_total');
          if (n === null || d === null || d === 0) continue;
          num += n;
          den += d;
          withValue++;
        }
        return {
          city_code: code,
          year: c.year,
          reports: c.reports.length,
          with_value: withValue,
          numerator: withValue ? num : null,
          denominator: withValue ? den : null,
          rate: withValue ? Math.round((num / den) * 1e4) / 1e4 : null,
        };
      })
      .sort(
        (a, b) =>
          (a.rate === null ? 1 : b.rate === null ? -1 : b.rate - a.rate) || a.city_code.localeCompare(b.city_code),
      );
    expect(r.total).toBe(want.length);
    expect(
      r.rows.map((x) => ({
        city_code: x.city_code,
        year: x.year,
        reports: x.reports,
        with_value: x.with_value,
        numerator: x.numerator,
        denominator: x.denominator,
        rate: x.disclosure_rate,
      })),
    ).toEqual(want);
    expect(r.rows.map((x) => x.city)).toEqual(['济源市', '淮安市', '晋城市', '临汾市', '运城市', '上海市']);
    // 淮安: the city's 2024 report and 洪泽区's (its 2023 report is an earlier year): (1362 + 454 + 59) ÷ (3050 + 95).
    expect(r.rows[1]).toMatchObject({
      city: '淮安市',
      year: 2024,
      reports: 2,
      numerator: 1875,
      denominator: 3145,
      disclosure_rate: 0.5962,
    });
    // 上海: the report leaves granted blank, so no rate: NULL, never 0.
    expect(r.rows[5]).toMatchObject({ city: '上海市', with_value: 0, numerator: null, disclosure_rate: null });
  });

  it('历年申请量: Σ new requests (total column) per year', async () => {
    const r = await runExample('requests-by-year');
    const want = new Map<number, { reports: number; with_value: number; requests_new: number | null }>();
    for (const rep of tables.reports) {
      const v = req(rep.report_id, 'new_received');
      const w = want.get(rep.year) ?? { reports: 0, with_value: 0, requests_new: null };
      want.set(rep.year, {
        reports: w.reports + 1,
        with_value: w.with_value + (v === null ? 0 : 1),
        requests_new: v === null ? w.requests_new : (w.requests_new ?? 0) + v,
      });
    }
    expect(r.rows).toEqual([...want].sort((a, b) => a[0] - b[0]).map(([year, w]) => ({ year, ...w })));
    expect(r.rows.map((x) => [x.year, x.requests_new])).toEqual([
      [2019, 859],
      [2021, 234],
      [2023, 21],
      [2024, 3214],
    ]);
  });

  it('复议纠错率最高的单位: corrected ÷ (total − pending), n = the denominator, NULLs left out', async () => {
    const r = await runExample('review-correction');
    const want = tables.reports
      .map((rep) => {
        const num = rev(rep.report_id, 1);
        const den = sum([rev(rep.report_id, 4), rev(rep.report_id, 3)], [1, -1]);
        const rate = num === null || den === null || den === 0 ? null : num / den;
        return {
          agency: rep.agency,
          level: rep.level,
          year: rep.year,
          corrected: num,
          n: den,
          rate,
          small: den !== null && den < SMALL_SAMPLE,
        };
      })
      .filter((x) => x.rate !== null)
      .sort((a, b) => b.rate! - a.rate! || b.n! - a.n! || a.agency!.localeCompare(b.agency!));
    expect(want.length).toBeGreaterThan(0);
    expect(r.rows).toEqual(
      want.map((w) => ({
        agency: w.agency,
        level: w.level,
        year: w.year,
        corrected: w.corrected,
        n: w.n,
        review_correction_rate: Math.round(w.rate! * 1e4) / 1e4,
        small_sample: w.small,
      })),
    );
    expect(r.rows[1]).toMatchObject({ agency: '淮安市人民政府', corrected: 64, n: 351 - 37 });
    expect(r.rows.every((x) => x.review_correction_rate !== null)).toBe(true);
  });
});

describe('schema descriptions', () => {
  it('describes every table, view and column of the database in Chinese and English', async () => {
    // The synthetic set's pre-computed indicators too, and the user's covariates (as src/lib/db/app.ts loads them).
    await db.query('CREATE OR REPLACE TABLE builtin_report_metrics AS SELECT * FROM report_metrics');
    const covariates = resolve(__dirname, '../src/lib/covariates/ipc.ts');
    if (existsSync(covariates)) {
      const { covariatesIPC } = (await import(/* @vite-ignore */ covariates)) as {
        covariatesIPC: (rows: never[]) => Uint8Array;
      };
      await db.loadArrow('covariates', covariatesIPC([]));
    }
    const live = await liveTables(db);
    await db.query('DROP TABLE builtin_report_metrics');
    await db.query('DROP TABLE IF EXISTS covariates');
    const names = live.map((t) => t.name);
    // The main ones first, in order; then the internal ones.
    expect(names.slice(0, MAIN_TABLES.length)).toEqual([...MAIN_TABLES]);
    for (const n of [
      'report_quantities',
      'report_metrics_live',
      SHADOW_TABLE,
      ...TABLES.map(builtinTable),
      ...TABLES.map(mineTable),
    ])
      expect(names).toContain(n);
    if (existsSync(covariates)) expect(names).toContain('covariates');
    let columns = 0;
    for (const t of live) {
      const d = tableDoc(t.name);
      expect(d, t.name).not.toBeNull();
      expect(d!.zh, t.name).toMatch(CJK);
      expect(d!.en.length, t.name).toBeGreaterThan(5);
      for (const c of t.columns) {
        const cd = columnDoc(t.name, c.name);
        expect(cd, `${t.name}.${c.name}`).not.toBeNull();
        expect(cd!.zh, `${t.name}.${c.name}`).toMatch(CJK);
        expect(cd!.en.length, `${t.name}.${c.name}`).toBeGreaterThan(3);
        columns++;
      }
    }
    expect(columns).toBeGreaterThan(300);
  });

  it('generates the indicator columns from the definitions', async () => {
    const cols = (await liveTables(db)).find((t) => t.name === 'report_metrics')!.columns.map((c) => c.name);
    expect(cols).toEqual([
      'report_id',
      'level',
      'year',
      ...METRICS.flatMap((m) => Object.values(metricColumns(m.key))),
    ]);
    const dr = METRICS.find((m) => m.key === 'disclosure_rate')!;
    expect(columnDoc('report_metrics', 'disclosure_rate')!.zh).toContain(dr.formula);
    expect(columnDoc('report_metrics', 'disclosure_rate')!.en).toContain(dr.formulaEn);
    expect(columnDoc('report_metrics', 'disclosure_rate__den')!.zh).toContain(dr.zh);
    expect(columnDoc('report_quantities', 'q_req_granted_6')!.zh).toContain('（一）予以公开');
    expect(codesOf('metric_values', 'metric').map((c) => c.code)).toEqual(METRICS.map((m) => m.key));
    expect(codesOf('builtin_requests', 'row_key').map((c) => c.code)).toContain('new_received');
  });

  it('gives the editor every table and its columns to complete', async () => {
    const live = await liveTables(db);
    const ns = completionSchema(live, false) as Record<
      string,
      { self: { label: string; detail?: string }; children: { label: string; detail?: string }[] }
    >;
    expect(Object.keys(ns).sort()).toEqual(live.map((t) => t.name).sort());
    expect(ns.reports.children.map((c) => c.label)).toEqual(
      live.find((t) => t.name === 'reports')!.columns.map((c) => c.name),
    );
    expect(ns.reports.self.detail).toBe('视图');
    expect((completionSchema(live, true) as typeof ns).report_metrics.self.detail).toBe('table');
  });
});

describe('running a statement', () => {
  it('returns the first rows, the row count and the column types; NULL stays null', async () => {
    const r = await runStatement(db, 'SELECT * FROM requests ORDER BY report_id, row_order, col', 10);
    expect(r.total).toBe(tables.requests.length);
    expect(r.rows).toHaveLength(10);
    expect(r.columns.map((c) => c.name)).toEqual([
      'report_id',
      'row_key',
      'row_order',
      'outcome_group',
      'applicant',
      'col',
      'value',
    ]);
    expect(r.columns.find((c) => c.name === 'value')!.type).toBe('DOUBLE');
    const all = await runStatement(
      db,
      "SELECT value FROM requests WHERE report_id LIKE '上海市%' AND value IS NULL",
      1000,
    );
    expect(all.total).toBe(126);
    expect(all.rows.every((x) => x.value === null)).toBe(true);
    expect(cellValue(null, 'DOUBLE')).toBeNull();
    expect(cellValue(0, 'DOUBLE')).toBe(0);
  });

  it('keeps the statement’s order, and its columns when it returns no row', async () => {
    const r = await runStatement(db, 'SELECT year, agency FROM reports ORDER BY year DESC, agency', 3);
    expect(r.rows.map((x) => x.year)).toEqual([2024, 2024, 2023]);
    expect(r.total).toBe(8);
    const none = await runStatement(db, 'SELECT agency, year FROM reports WHERE false', 10);
    expect([none.total, none.columns.map((c) => c.name)]).toEqual([0, ['agency', 'year']]);
  });

  it('runs what DuckDB takes only as written (EXPLAIN), and a trailing comment', async () => {
    expect((await runStatement(db, 'EXPLAIN SELECT 1', 10)).columns.map((c) => c.name)).toEqual([
      'explain_key',
      'explain_value',
    ]);
    expect((await runStatement(db, 'SELECT 42 AS x -- the answer', 10)).rows).toEqual([{ x: 42 }]);
    expect((await runStatement(db, 'DESCRIBE reports', 100)).total).toBe(Object.keys(SCHEMA.reports).length);
  });

  it('fails with DuckDB’s own message, on the user’s own line numbers', async () => {
    await expect(runStatement(db, 'SELECT nope FROM reports', 10)).rejects.toThrow(
      /Referenced column "nope" not found/,
    );
    await expect(runStatement(db, 'SELECT 1,\n  nope FROM reports', 10)).rejects.toThrow(/LINE 2:/);
    await expect(runStatement(db, 'SELECT * FROM no_such_table', 10)).rejects.toThrow(
      /Table with name no_such_table does not exist/,
    );
  });

  it('formats dates, lists and structs as text', async () => {
    const r = await runStatement(db, "SELECT DATE '2024-03-01' AS d, [1, 2] AS l, {'a': 1} AS s", 10);
    const [row] = r.rows;
    const types = Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
    expect([cellValue(row.d, types.d), cellValue(row.l, types.l), cellValue(row.s, types.s)]).toEqual([
      '2024-03-01',
      '[1,2]',
      '{"a":1}',
    ]);
  });
});

/* ------------------------------------------ what DuckDB does with the text */

describe('guard against DuckDB itself', () => {
  it(
    'no text the guard lets through changes a table when DuckDB runs it (every quote trick up to a size)',
    { timeout: 600_000 },
    async () => {
      // Every text `SELECT [1 ]<open><inner…>; DROP TABLE victim; --<close>`: a quote, escape or comment opened before a
      // statement that writes and closed after it. The guard must see the write unless DuckDB also reads it inside a
      // literal or a comment; whatever the guard lets through is run as written, and the table must still be there.
      const open = [
        "'",
        "E'",
        "e'",
        "x'",
        "N'",
        "U&'",
        "1E'",
        "xE'",
        '$$',
        '$q$',
        '"',
        '/*',
        '--',
        'a$$',
        '1$$',
        'E$$',
        ' ',
      ];
      const inner = ["'", "''", '\\', "\\'", '$', '$$', '$q$', '"', '*/', '/*', '\n', 'E', 'x', ' '];
      const close = ["'", '$$', '$q$', '"', '*/', ' '];
      const d = await createNodeDb();
      await d.query("CREATE TABLE victim AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) v(id, s)");
      const inners: string[] = [''];
      for (const a of inner) inners.push(a);
      for (const a of inner) for (const b of inner) inners.push(a + b);
      let tried = 0,
        passed = 0;
      for (const pre of ['SELECT ', 'SELECT 1 '])
        for (const o of open)
          for (const i of inners)
            for (const c of close) {
              const text = `${pre}${o}${i}; DROP TABLE victim; --${c}`;
              tried++;
              const g = checkSql(text);
              if (!g.ok) continue;
              passed++;
              try {
                await d.query(text);
              } catch {
                /* a syntax error is fine */
              }
              const [{ n }] = await d.query<{ n: number }>('SELECT count(*) AS n FROM victim');
              expect(n, text).toBe(3);
            }
      expect(tried).toBeGreaterThan(20_000);
      expect(passed).toBeGreaterThan(100);
      await d.close();
    },
  );

  it('enable_logging() is refused: run on the engine, it would stop every later query for good (its file is denied by the lockdown)', async () => {
    const d = await createNodeDb();
    const sql = "SELECT * FROM enable_logging(storage = 'file', storage_path = '/tmp/mingjing-never')";
    expect(checkSql(sql)).toMatchObject({ ok: false, reason: 'function', word: 'enable_logging' });
    // Behind the guard's back, on the engine itself: accepted, after which even SELECT 1 fails.
    await d.query(sql);
    await expect(d.query('SELECT 1 AS x')).rejects.toThrow(/disabled by configuration/);
    expect(checkSql('SELECT * FROM disable_logging()')).toMatchObject({ ok: false, word: 'disable_logging' });
    // Nor can it be turned off again, and closing it would abort the wasm: this database is left as it is.
    await expect(d.query('SELECT * FROM disable_logging()')).rejects.toThrow(/disabled by configuration/);
  });

  it('DROP TABLE is refused, and the tables are still there', async () => {
    expect(refused('DROP TABLE reports')).toBe('forbidden');
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM reports');
    expect(n).toBe(8);
  });
});
