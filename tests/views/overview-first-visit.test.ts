/**
 * 总览's first lines and its export (src/routes/view.ts, src/lib/overview/bodies.ts) on the embedded data in the
 * real DuckDB: the bodies said at build time (aggregates.json) are those the same SQL finds in the reports table,
 * and the live query (the user's own reports) gives the same; the words name them, count the rest and give the
 * years; the export keeps every row and blanks blank; the scopes start with the level and year with the most
 * reports, the rest in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopesSql } from '../../src/lib/db/queries';
import type { Db } from '../../src/lib/db/types';
import { metricViews } from '../../src/lib/metrics/sql';
import { bodiesOf, NAMES, type BodyRow } from '../../src/lib/overview/bodies';
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

describe('总览: what is loaded', () => {
  it('the bodies of the build-time figures are the reports table’s, and the live query gives the same', async () => {
    const rows = await db.query<{ agency: string; level: string; year: number }>(
      'SELECT agency, level, year FROM reports',
    );
    const names = new Set(rows.map((r) => r.agency));
    expect(built.bodies).toBeDefined();
    expect(built.bodies!.count).toBe(names.size);
    for (const n of built.bodies!.names) expect(names.has(n), n).toBe(true);
    expect(built.bodies!.names.length).toBe(Math.min(NAMES, names.size));
    expect(built.bodies!.first_year).toBe(Math.min(...rows.map((r) => r.year)));
    expect(built.bodies!.last_year).toBe(Math.max(...rows.map((r) => r.year)));
    const perLevel = Object.fromEntries(built.bodies!.levels.map((l) => [l.level, l.bodies]));
    for (const l of new Set(rows.map((r) => r.level)))
      expect(perLevel[l], l).toBe(new Set(rows.filter((r) => r.level === l).map((r) => r.agency)).size);
    // The first report offered is a report of the first body named.
    const [first] = await db.query<{ agency: string }>(
      `SELECT agency FROM reports WHERE report_id = '${built.bodies!.first_report}'`,
    );
    expect(first.agency).toBe(built.bodies!.names[0]);
    const { bodies } = await answer(
      db,
      v.liveQueries(() => true),
    );
    expect(bodies).toEqual(built.bodies);
  });

  it('the words name the first bodies, count the rest and give the years', () => {
    const rows: BodyRow[] = Array.from({ length: 9 }, (_, i) => ({
      agency: `单位${i}`,
      level: i < 5 ? '部门' : '县',
      reports: 9 - i,
      first_year: 2020 + (i % 3),
      last_year: 2022 + (i % 2),
      latest_report: `r${i}`,
    }));
    const b = bodiesOf(rows);
    expect(b.count).toBe(9);
    expect(b.levels).toEqual([
      { level: '部门', bodies: 5 },
      { level: '县', bodies: 4 },
    ]);
    const words = v.loadedWords(b, 45, false);
    expect(words).toBe(
      '已载入年报 45 份，来自 9 个单位（部门 5、县 4）：单位0、单位1、单位2、单位3、单位4、单位5 等 9 个，2020—2023 年度。',
    );
    expect(v.loadedWords(bodiesOf(rows.slice(0, 1)), 1, true)).toBe(
      '已载入模拟年报 1 份，来自 1 个单位（部门 1）：单位0，2020—2022 年度。',
    );
    expect(v.loadedWords(bodiesOf([]), 0, false)).toContain('还没有载入任何年报');
  });

  it('the next steps go to the import, the synthetic set (or back) and a report', () => {
    expect(v.nextSteps(false, 'a|b.txt').map((s) => s.path)).toEqual([
      '/import',
      '/?data=synthetic',
      '/report?id=a%7Cb.txt',
    ]);
    expect(v.nextSteps(true, null).map((s) => s.path)).toEqual(['/import', '/?data=real', '/report']);
  });
});

describe('总览: the table’s export', () => {
  it('keeps every row, each figure with its rate’s numerator and denominator, blanks blank', () => {
    const rows = v.exportRows(built.overview);
    expect(rows).toHaveLength(built.overview.length);
    const keys = v.exportColumns().map((c) => c.key);
    built.overview.forEach((r, i) => {
      expect(Object.keys(rows[i])).toEqual(keys);
      expect(rows[i].reports).toBe(r.reports);
      expect(rows[i].requests_new).toBe(r.requests_new);
      expect(rows[i].disclosure_rate).toBe(r.disclosed !== null && r.rate_base ? r.disclosed / r.rate_base : null);
    });
    const blank = v.exportRows([{ ...built.overview[0], requests_new: null, disclosed: null }])[0];
    expect(blank.requests_new).toBeNull();
    expect(blank.disclosure_rate).toBeNull();
    expect(v.exportName({ year: 2021, level: '县' })).toBe('总览_2021年_县');
    expect(v.exportNote(built.source)).toContain('公开率＝');
  });
});

describe('the scope a view opens on', () => {
  it('is the level and year with the most reports; the other scopes follow by year (latest first), then level', async () => {
    const scopes = await db.query<{ level: string; year: number }>(scopesSql);
    const counts = await db.query<{ level: string; year: number; n: number }>(
      'SELECT level, year, count(*)::INT AS n FROM reports GROUP BY level, year',
    );
    const most = Math.max(...counts.map((c) => c.n));
    const top = counts.filter((c) => c.n === most).sort((a, b) => b.year - a.year || (a.level < b.level ? -1 : 1))[0];
    expect(scopes[0]).toEqual({ level: top.level, year: top.year });
    expect(scopes).toHaveLength(counts.length);
    const rest = scopes.slice(1);
    expect(rest).toEqual([...rest].sort((a, b) => b.year - a.year || (a.level < b.level ? -1 : 1)));
  });
});
