/**
 * The dashboard's data on the real DuckDB-WASM engine (the node-blocking
 * build): the embedded reports, normalized into Arrow tables, load with every
 * blank kept as NULL, and the indicator SQL generated from the definitions
 * gives, for every report and indicator, exactly what the definitions give
 * when evaluated on the record itself.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { buildTables } from '../src/lib/data/build';
import { reportId, type Tables } from '../src/lib/data/normalize';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES, type Db } from '../src/lib/db/types';
import { evalMetric, METRICS } from '../src/lib/metrics/definitions';
import { metricViews } from '../src/lib/metrics/sql';
import { aggregatesSql } from '../src/lib/db/aggregates';
import type { ReportRecord } from '../src/lib/report/types';

let db: Db;
let tables: Tables;
let records: ReportRecord[];
const levelOf = (r: ReportRecord) => tables.reports.find((x) => x.report_id === reportId(r))!.level;

beforeAll(async () => {
  ({ tables, records } = await buildTables(resolve(__dirname, '../data/reports')));
  db = await createNodeDb();
  for (const name of TABLES) await db.loadArrow(name, toArrowIPC(name, tables[name] as never));
  for (const sql of metricViews()) await db.query(sql);
}, 120_000);
afterAll(async () => db?.close());

describe('embedded data', () => {
  it('holds each real report once, preferring the original PDF, and no work plan', () => {
    expect(records.map((r) => `${r.agency} ${r.year}`).sort()).toEqual(
      [
        '上海市人民政府办公厅 2019',
        '临汾市尧都区人民政府办公室 2021',
        '洪泽区人民政府 2023',
        '泽州县人民政府 2021',
        '济源市人民政府 2021',
        '淮安市人民政府 2024',
        '淮安市洪泽区人民政府 2024',
        '运城市人民政府办公室 2021',
      ].sort(),
    );
    expect(records.find((r) => r.agency === '淮安市人民政府')!.source).toMatch(/\.pdf$/);
  });

  it('loads every table into DuckDB with its row count', async () => {
    for (const name of TABLES) {
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
      expect(n, name).toBe(tables[name].length);
    }
  });

  it('keeps blank cells as NULL, never 0', async () => {
    const shanghai = records.find((r) => r.agency === '上海市人民政府办公厅')!;
    const blanks = Object.values(shanghai.requests)
      .flat()
      .filter((v) => v === null).length;
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM requests WHERE report_id = '${reportId(shanghai).replace(/'/g, "''")}' AND value IS NULL`,
    );
    expect(n).toBe(blanks);
    expect(blanks).toBe(126);
  });

  it('gives each body its level', async () => {
    const rows = await db.query<{ name: string; level: string }>('SELECT name, level FROM agencies ORDER BY name');
    const level = Object.fromEntries(rows.map((r) => [r.name, r.level]));
    expect(level).toMatchObject({
      运城市人民政府办公室: '办公室',
      泽州县人民政府: '县',
      淮安市人民政府: '市',
      上海市人民政府办公厅: '办公室',
    });
  });
});

describe('indicator SQL equals the definitions', () => {
  it.each(METRICS.map((m) => [m.key, m] as const))('%s', async (key, m) => {
    const rows = await db.query<{
      report_id: string;
      numerator: number | null;
      denominator: number | null;
      value: number | null;
      small: boolean;
    }>(`SELECT report_id, numerator, denominator, value, small FROM metric_values WHERE metric = '${key}'`);
    expect(rows).toHaveLength(records.length);
    for (const r of records) {
      const want = evalMetric(r, m);
      const got = rows.find((x) => x.report_id === reportId(r))!;
      expect(got.numerator, `${r.agency} numerator`).toEqual(want.numerator);
      expect(got.denominator, `${r.agency} denominator`).toEqual(want.denominator);
      if (want.value === null) expect(got.value, r.agency!).toBeNull();
      else expect(got.value, r.agency!).toBeCloseTo(want.value, 12);
      expect(got.small, `${r.agency} small`).toBe(want.small);
    }
  });

  it('a hand check: 淮安市 2024 disclosure rate = (1362 + 454) / 3050', async () => {
    const [row] = await db.query<{ value: number }>(
      `SELECT m.value FROM metric_values m JOIN reports r USING (report_id) WHERE r.agency = '淮安市人民政府' AND m.metric = 'disclosure_rate'`,
    );
    expect(row.value).toBeCloseTo((1362 + 454) / 3050, 12);
  });
});

describe('pre-aggregated tables equal what they summarize (src/lib/db/aggregates.ts)', () => {
  beforeAll(async () => {
    for (const sql of aggregatesSql()) await db.query(sql);
  });

  it('agg_pooled: per indicator, level and year, the sums over the reports with a value — from the definitions', async () => {
    const got = await db.query<{
      metric: string;
      level: string;
      year: number;
      reports: number;
      with_value: number;
      numerator: number | null;
      denominator: number | null;
    }>('SELECT metric, level, year, reports, with_value, numerator, denominator FROM agg_pooled');
    expect(got).toHaveLength(METRICS.length * new Set(records.map((r) => `${levelOf(r)}|${r.year}`)).size);
    for (const g of got) {
      const scope = records.filter((r) => levelOf(r) === g.level && r.year === g.year);
      const vals = scope
        .map((r) =>
          evalMetric(
            r,
            METRICS.find((m) => m.key === g.metric)!,
          ),
        )
        .filter((v) => v.value !== null);
      const sum = (xs: (number | null)[]) =>
        xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null;
      expect([g.reports, g.with_value], `${g.metric} ${g.level} ${g.year}`).toEqual([scope.length, vals.length]);
      expect(g.numerator, `${g.metric} ${g.level} ${g.year}`).toEqual(sum(vals.map((v) => v.numerator)));
      expect(g.denominator, `${g.metric} ${g.level} ${g.year}`).toEqual(sum(vals.map((v) => v.denominator)));
    }
  });

  it('agg_jurisdictions: every report in exactly one place-and-kind line', async () => {
    const got = await db.query<{ report_ids: string[]; n: number; years: string }>(
      'SELECT report_ids, n, years FROM agg_jurisdictions',
    );
    const ids = got.flatMap((g) => [...g.report_ids]);
    expect(ids.sort()).toEqual(tables.reports.map((r) => r.report_id).sort());
    for (const g of got) expect(g.years.split(',')).toHaveLength(g.n);
  });
});
