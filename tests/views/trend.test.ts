/**
 * 趋势 (src/routes/trend/view.ts) on the embedded data in the real DuckDB:
 * the default places, each place's line as its reports' values, a year
 * without a report as 缺 (null, never 0), a rate's total line as Σ numerators ÷
 * Σ denominators (a count's: tests/views/trend-panel.test.ts), per capita by a covariate, and a table that holds the lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CovariateMeta } from '../../src/lib/covariates/types';
import { JURISDICTION } from '../../src/lib/db/aggregates';
import type { Db } from '../../src/lib/db/types';
import * as v from '../../src/routes/trend/view';
import { answer, embeddedDb, withTestCovariate } from '../support/db';

let db: Db;
let pop: CovariateMeta;
const loaded = { ready: async () => {}, version: 1 };
beforeAll(async () => {
  db = await embeddedDb();
  pop = await withTestCovariate(db);
}, 120_000);
afterAll(() => db.close());

/** Each report's place and year, and its 本年新收 (表三, total column), asked of the tables directly. */
const reports = () =>
  db.query<{ j: string; year: number; report_id: string; level: string; n: number | null }>(
    `SELECT ${JURISDICTION} AS j, r.year, r.report_id, r.level, q.value AS n FROM reports r
   LEFT JOIN requests q ON q.report_id = r.report_id AND q.row_key = 'new_received' AND q.col = 6`,
  );

describe('趋势 view', () => {
  it('reads its state from the URL', () => {
    expect(v.stateFrom(new URLSearchParams(''))).toEqual({
      metric: 'disclosure_rate',
      level: null,
      showPool: true,
      j: null,
      cov: null,
    });
    expect(v.stateFrom(new URLSearchParams('metric=nope&pool=0&j=a&j=b'))).toMatchObject({
      metric: 'disclosure_rate',
      showPool: false,
      j: ['a', 'b'],
    });
  });

  it('follows by default the places reported in more than one year; a year without a report is 缺, never 0', async () => {
    const rs = await reports();
    const byPlace = new Map<string, Set<number>>();
    for (const r of rs) byPlace.set(r.j, (byPlace.get(r.j) ?? new Set()).add(r.year));
    const multi = [...byPlace]
      .filter(([, ys]) => ys.size > 1)
      .map(([j]) => j)
      .sort();
    expect(multi.length).toBeGreaterThan(0);

    const s = v.stateFrom(new URLSearchParams('metric=requests_new'));
    const d = await answer(db, v.trendQueries(s, null, loaded));
    expect([...d.lines.chosen].sort()).toEqual(multi);
    const years = v.yearsOf(d.pooled);
    const all = rs.map((r) => r.year);
    expect(years).toEqual(
      Array.from({ length: Math.max(...all) - Math.min(...all) + 1 }, (_, i) => String(Math.min(...all) + i)),
    );

    const series = v.seriesOf(d, s);
    for (const j of multi) {
      const line = series.find((x) => x.key === j)!;
      for (const p of line.points) {
        const mine = rs.filter((r) => r.j === j && String(r.year) === p.x);
        expect(p.value, `${j} ${p.x}`).toBe(mine.length ? mine[0].n : null);
      }
    }
    // A count's total adds only bodies with a value in every year shown: in the embedded set none has one
    // (tests/views/trend-panel.test.ts), so there is no total line and the note says why.
    const everyYear = [...byPlace].filter(([j]) =>
      years.every((y) => rs.some((r) => r.j === j && String(r.year) === y && r.n !== null)),
    );
    expect(everyYear).toEqual([]);
    expect(d.panel.bodies).toBe(0);
    expect(series.some((x) => x.key === 'pool')).toBe(false);
    expect(v.chartWords(d, s, series, multi.length).note).toContain('没有画合计线');
    // The table holds the lines, one column per year.
    const rows = v.tableRows(series);
    expect(rows.map((r) => r.series)).toEqual(series.map((x) => x.label));
    expect(Object.keys(rows[0]).sort()).toEqual(
      v
        .tableColumns(years)
        .map((c) => c.key)
        .sort(),
    );
  });

  it('a rate pooled over a level: Σ numerators ÷ Σ denominators of the reports with a value', async () => {
    const s = v.stateFrom(new URLSearchParams('metric=disclosure_rate&level=县&j=none'));
    const d = await answer(db, v.trendQueries(s, null, loaded));
    expect(d.lines.chosen).toEqual(['none']);
    const cells = await db.query<{ year: number; row_key: string; value: number | null; report_id: string }>(
      `SELECT r.year, q.row_key, q.value, r.report_id FROM requests q JOIN reports r USING (report_id)
       WHERE r.level = '县' AND q.col = 6 AND q.row_key IN ('granted', 'partially_granted', 'processed_total')`,
    );
    for (const p of v.seriesOf(d, s)[0].points) {
      const ids = [...new Set(cells.filter((c) => String(c.year) === p.x).map((c) => c.report_id))];
      let num = 0,
        den = 0;
      for (const id of ids) {
        const get = (k: string) => cells.find((c) => c.report_id === id && c.row_key === k)?.value ?? null;
        const total = get('processed_total');
        if (total === null || total === 0 || (get('granted') === null && get('partially_granted') === null)) continue;
        num += (get('granted') ?? 0) + (get('partially_granted') ?? 0);
        den += total;
      }
      if (den) expect(p.value, p.x).toBeCloseTo(num / den, 12);
      else expect(p.value, p.x).toBeNull();
    }
    expect(v.chartWords(d, s, v.seriesOf(d, s), 1).n).toContain('合计线：县');
  });

  it('per capita for a count indicator: each year divided by the place’s covariate; none for a rate', async () => {
    const [{ j }] = await db.query<{ j: string }>(
      `SELECT ${JURISDICTION} AS j FROM reports r WHERE r.region_code = '320813' LIMIT 1`,
    );
    const s = v.stateFrom(new URLSearchParams(`metric=requests_new&j=${encodeURIComponent(j)}`));
    const d = await answer(db, v.trendQueries(s, pop, loaded));
    const line = v.perCapitaSeries(d, s.metric)[0];
    const rs = (await reports()).filter((r) => r.j === j);
    for (const p of line.points) {
      const r = rs.find((x) => String(x.year) === p.x);
      if (!r) {
        expect(p.value).toBeNull();
        continue;
      }
      const [{ value }] = await db.query<{ value: number }>(
        `SELECT value FROM covariates WHERE region_code = '320813' AND year = ${r.year}`,
      );
      expect(p.value).toBeCloseTo(r.n! / value, 12);
      expect(v.pcRowOf(d, j, p.x)?.cov_year).toBe(r.year);
    }
    expect(v.perCapitaOn('disclosure_rate', pop)).toBe(false);
    expect((await answer(db, v.trendQueries({ ...s, metric: 'disclosure_rate' }, pop, loaded))).pc).toEqual([]);
    expect(v.trendQueries(s, pop, { ...loaded, version: 2 }).pc.key).not.toBe(v.trendQueries(s, pop, loaded).pc.key);
    expect(v.perCapitaWords(d, s.metric, pop, [line]).exportNote).toContain(pop.fingerprint);
  });

  it('the picker: the places a search finds, and the levels', async () => {
    const d = await answer(db, v.pickerQueries(' 洪泽 '));
    const places = d.places.map(v.placeOf);
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(p.name).toContain('洪泽');
    const levels = await db.query<{ level: string }>('SELECT DISTINCT level FROM reports ORDER BY level');
    expect(d.levels.map((x) => x.level)).toEqual(levels.map((x) => x.level));
    expect(v.toggled(['a'], 'a')).toEqual([]);
    expect(
      v.toggled(
        Array.from({ length: v.MAX_CHOSEN }, (_, i) => `x${i}`),
        'y',
      ),
    ).toHaveLength(v.MAX_CHOSEN);
  });
});
