/**
 * 对比 (src/routes/compare/view.ts) on the embedded data in the real DuckDB:
 * the choice read from the URL, the search, and each chart's and table's
 * numbers as the chosen reports' own cells make them (blank never 0),
 * per capita by a covariate, exports holding what the tables show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_KEYS } from '../../src/lib/charts';
import { pcKey } from '../../src/lib/covariates/sql';
import { type CovariateMeta } from '../../src/lib/covariates/types';
import type { ReportListRow } from '../../src/lib/db/queries-analysis';
import type { Db } from '../../src/lib/db/types';
import { REVIEW_COLUMNS } from '../../src/lib/report/formats';
import * as v from '../../src/routes/compare/view';
import { answer, embeddedDb, withTestCovariate } from '../support/db';

let db: Db;
let all: ReportListRow[];
let pop: CovariateMeta;
const loaded = { ready: async () => {}, version: 1 };
beforeAll(async () => {
  db = await embeddedDb();
  pop = await withTestCovariate(db);
  all = (await answer(db, v.listQueries())).list;
}, 120_000);
afterAll(() => db.close());

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const idOf = (agency: string) => all.find((r) => r.agency === agency)!.report_id;

describe('对比 view', () => {
  it('reads the choice from the URL: reports that exist, at most 12; none → every report up to 12', () => {
    const [a, b] = [all[0].report_id, all[1].report_id];
    expect(
      v.chosenFrom(
        new URLSearchParams([
          ['r', a],
          ['r', 'nope'],
          ['r', b],
        ]),
        all,
      ),
    ).toEqual([a, b]);
    expect(v.chosenFrom(new URLSearchParams(''), all)).toEqual(all.slice(0, v.MAX).map((r) => r.report_id));
    expect(v.toggled([a, b], a)).toEqual([b]);
    expect(v.toggled([a], b)).toEqual([a, b]);
    expect(
      v.toggled(
        Array.from({ length: v.MAX }, (_, i) => `x${i}`),
        a,
      ),
    ).toBeNull();
  });

  it('finds reports by name, place, level, year and pinyin', async () => {
    const huaian = all
      .filter((r) => `${r.agency} ${r.region ?? ''}`.includes('淮安市'))
      .map((r) => r.report_id)
      .sort();
    expect(huaian.length).toBeGreaterThan(1);
    const ids = (xs: ReportListRow[]) => xs.map((r) => r.report_id).sort();
    expect(ids(v.matches(all, v.wordsOf('淮安'), null))).toEqual(huaian);
    expect(v.wantsPinyin(v.wordsOf('has'))).toBe(true);
    const py = await v.loadPinyin();
    expect(ids(v.matches(all, v.wordsOf('HAS'), py))).toEqual(huaian);
    expect(ids(v.matches(all, v.wordsOf('huaian'), py))).toEqual(huaian);
    expect(ids(v.matches(all, v.wordsOf('2021 县'), null))).toEqual(
      all
        .filter((r) => r.year === 2021 && r.level === '县')
        .map((r) => r.report_id)
        .sort(),
    );
    expect(v.matches(all, v.wordsOf('xyz'), py)).toEqual([]);
  });

  it("shows each chosen report's own cells: 表二 volumes, 表三 outcome groups, 表四 review and litigation", async () => {
    const ids = [idOf('济源市人民政府'), idOf('淮安市人民政府'), idOf('上海市人民政府办公厅')];
    const selected = all.filter((r) => ids.includes(r.report_id));
    const d = await answer(db, v.compareQueries(ids, null, loaded));
    expect(d.pc).toEqual([]);

    // 表二: licensing decisions and enforcement decisions as the cells print them (2019: 处理决定数量 too).
    const active = v.activeTable(d, selected);
    for (const r of selected) {
      const cell = async (item: string, measure: string) =>
        (
          await db.query<{ value: number | null }>(
            `SELECT value FROM active WHERE report_id = ${q(r.report_id)} AND item = '${item}' AND measure = '${measure}'`,
          )
        )[0]?.value ?? null;
      const line = active.find((a) => a.id === r.report_id)! as Record<string, unknown>;
      expect(line['enforcement.decisions'], r.agency).toBe(await cell('enforcement', 'decisions'));
      expect(line.licensing_decisions, r.agency).toBe(await cell('licensing', 'decisions'));
    }

    // 表三: each group is the sum of its rows' total column; blanks are left out and counted.
    const os = v.outcomes(d, selected);
    for (const o of os) {
      const rows = await db.query<{ row_key: string; value: number | null }>(
        `SELECT row_key, value FROM requests WHERE report_id = ${q(o.r.report_id)} AND col = 6`,
      );
      const get = (k: string) => rows.find((x) => x.row_key === k)?.value ?? null;
      expect(o.total).toBe(get('processed_total'));
      const denied = rows.filter((x) => x.row_key.startsWith('denied_'));
      const printed = denied.filter((x) => x.value !== null);
      expect(o.groups.denied.value).toBe(printed.length ? printed.reduce((a, x) => a + x.value!, 0) : null);
      expect(o.groups.denied.blanks).toBe(denied.length - printed.length);
      expect(o.groups.granted.value).toBe(get('granted'));
    }
    const table = v.outcomeTable(os);
    for (const row of table) for (const c of v.outcomeColumns()) expect(row).toHaveProperty(c.key);
    expect(v.outcomeRows(os).map((r) => Object.keys(r.values))).toEqual(os.map(() => GROUP_KEYS));

    // 表四: litigation is the two groups added, per column.
    const ls = v.reviewLines(d, selected);
    expect(ls).toHaveLength(2 * selected.length);
    for (const l of ls.filter((x) => x.kind === v.KINDS.litigation)) {
      const cells = await db.query<{ col: number; value: number | null }>(
        `SELECT col, value FROM review_litigation WHERE report_id = ${q(l.r.report_id)} AND grp IN ('litigation_direct', 'litigation_after_review')`,
      );
      for (let c = 0; c < REVIEW_COLUMNS.length; c++) {
        const vs = cells.filter((x) => x.col === c && x.value !== null).map((x) => x.value!);
        expect(l.cols[c].value).toBe(vs.length ? vs.reduce((a, b) => a + b, 0) : null);
      }
    }
    expect(v.reviewTable(ls).map((r) => Object.keys(r))).toEqual(ls.map(() => v.reviewColumns().map((c) => c.key)));
    expect(v.outcomeChart(os, 'n').n).toContain(
      String(os.reduce((a, o) => a + (o.total ?? 0), 0).toLocaleString('en-US')),
    );
  });

  it('per capita: each report divided by the covariate of its place, under a key that names the covariate and its version', async () => {
    const ids = all.filter((r) => r.region_code === '320813').map((r) => r.report_id);
    expect(ids).toHaveLength(2);
    const selected = all.filter((r) => ids.includes(r.report_id));
    const d = await answer(db, v.compareQueries(ids, pop, loaded));
    const lines = v.pcTable(d, selected);
    for (const line of lines) {
      const r = selected.find((x) => x.agency === line.agency && x.year === line.year)!;
      const [{ value }] = await db.query<{ value: number }>(
        `SELECT value FROM covariates WHERE region_code = '320813' AND year = ${r.year} AND covariate = ${q(pop.name)}`,
      );
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT value AS n FROM requests WHERE report_id = ${q(r.report_id)} AND row_key = 'new_received' AND col = 6`,
      );
      expect(line.cov_value).toBe(value);
      expect(v.num(line, pcKey('requests_new'))).toBeCloseTo(n / value, 12);
      for (const c of v.pcColumns(pop)) expect(line).toHaveProperty(c.key);
    }
    expect(v.compareQueries(ids, pop, { ...loaded, version: 2 }).pc.key).not.toBe(
      v.compareQueries(ids, pop, loaded).pc.key,
    );
    expect(v.pcUsed(d.pc).years).toEqual(['2023', '2024'].map(Number));
  });
});
