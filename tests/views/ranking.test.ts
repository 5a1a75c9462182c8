/**
 * 排名 (src/routes/ranking/view.ts) on the embedded data in the real DuckDB:
 * the reports of the level and year asked, each indicator as the cells make
 * it, the order asked (blanks last, small samples after the others), per
 * capita by a covariate, an export that holds what the table shows, and every
 * indicator defined in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CovariateMeta } from '../../src/lib/covariates/types';
import type { Db } from '../../src/lib/db/types';
import { METRICS, SMALL_SAMPLE } from '../../src/lib/metrics/definitions';
import { parseWeights } from '../../src/lib/ui/composite';
import * as v from '../../src/routes/ranking/view';
import { answer, embeddedDb, withTestCovariate } from '../support/db';

let db: Db;
let pop: CovariateMeta;
let readyCalls = 0;
const loaded = { ready: async () => void readyCalls++, version: 1 };
beforeAll(async () => {
  db = await embeddedDb();
  pop = await withTestCovariate(db);
}, 120_000);
afterAll(() => db.close());

const reading = (p: Partial<v.Reading> = {}): v.Reading => ({
  sortKey: 'score',
  desc: true,
  weights: parseWeights(null, v.SHOWN),
  excludeSmall: false,
  cov: null,
  pcBy: new Map(),
  ...p,
});
/** 表三 cells of a report's total column, asked of the cell table directly. */
async function cells(id: string) {
  const rows = await db.query<{ row_key: string; value: number | null }>(
    `SELECT row_key, value FROM requests WHERE report_id = '${id.replace(/'/g, "''")}' AND col = 6`,
  );
  return new Map(rows.map((r) => [r.row_key, r.value]));
}

describe('排名 view', () => {
  it('reads its state from the URL; by default the scope with the most reports', async () => {
    const { scopes } = await answer(db, v.scopeQueries());
    const first = (
      await db.query<{ level: string; year: number }>(
        'SELECT level, year FROM reports GROUP BY level, year ORDER BY count(*) DESC, year DESC, level LIMIT 1',
      )
    )[0];
    const s = v.stateFrom(new URLSearchParams(''), scopes);
    expect([s.level, s.year]).toEqual([first.level, first.year]);
    expect(s).toMatchObject({ sortKey: 'score', desc: true, excludeSmall: false, cov: null, page: 1 });
    const t = v.stateFrom(
      new URLSearchParams('level=办公室&year=2019&sort=denial_rate&dir=asc&small=exclude&page=3'),
      scopes,
    );
    expect(t).toMatchObject({
      level: '办公室',
      year: 2019,
      sortKey: 'denial_rate',
      desc: false,
      excludeSmall: true,
      page: 3,
    });
  });

  it('ranks the reports of the level and year asked, each indicator as its cells make it', async () => {
    const d = await answer(db, v.rankingQueries('县', 2021, null, loaded));
    const ids = (
      await db.query<{ report_id: string }>("SELECT report_id FROM reports WHERE level = '县' AND year = 2021")
    ).map((r) => r.report_id);
    expect(d.ranking.map((e) => e.id).sort()).toEqual(ids.sort());
    expect(ids.length).toBe(2);
    expect(d.pc).toEqual([]);
    for (const e of d.ranking) {
      const c = await cells(e.id);
      const total = c.get('processed_total')!;
      const granted = (c.get('granted') ?? 0) + (c.get('partially_granted') ?? 0);
      expect(e.m.disclosure_rate.value).toBeCloseTo(granted / total, 12);
      expect(e.m.disclosure_rate.denominator).toBe(total);
      expect(e.m.disclosure_rate.small).toBe(total < SMALL_SAMPLE);
      expect(e.m.requests_new.value).toBe(c.get('new_received'));
    }
    // Sorted by an indicator: by its values, small samples after the others, either way round.
    const key = (e: (typeof d.ranking)[number]) =>
      [e.m.disclosure_rate.small ? 1 : 0, e.m.disclosure_rate.value!] as const;
    const order = (dir: 1 | -1) =>
      [...d.ranking].sort((a, b) => key(a)[0] - key(b)[0] || dir * (key(a)[1] - key(b)[1])).map((e) => e.id);
    const byRate = v.rankTable(d.ranking, reading({ sortKey: 'disclosure_rate' }));
    expect(byRate.map((e) => e.id)).toEqual(order(-1));
    expect(byRate.map((e, i) => v.rankOf(e, i, reading({ sortKey: 'disclosure_rate' })))).toEqual([1, 2]);
    expect(v.rankTable(d.ranking, reading({ sortKey: 'disclosure_rate', desc: false })).map((e) => e.id)).toEqual(
      order(1),
    );
  });

  it('puts blanks last and gives them no rank', async () => {
    const d = await answer(db, v.rankingQueries('办公室', 2021, null, loaded));
    const entries = d.ranking.map((e, i) =>
      i === 0 ? { ...e, m: { ...e.m, denial_rate: { ...e.m.denial_rate, value: null } } } : e,
    );
    const r = reading({ sortKey: 'denial_rate' });
    const table = v.rankTable(entries, r);
    expect(table[table.length - 1].id).toBe(entries[0].id);
    expect(v.rankOf(table[table.length - 1], table.length - 1, r)).toBeNull();
  });

  it('divides by a covariate once it is loaded, under a key that names the covariate and its version', async () => {
    const d = await answer(db, v.rankingQueries('县', 2021, pop, loaded));
    expect(readyCalls).toBeGreaterThan(0);
    const by = v.byReport(d.pc);
    for (const e of d.ranking) {
      const p = by.get(e.id)!;
      const [{ value }] = await db.query<{ value: number }>(
        `SELECT c.value FROM covariates c JOIN reports r ON r.region_code = c.region_code WHERE r.report_id = '${e.id}'
         ORDER BY abs(c.year - r.year), c.year LIMIT 1`,
      );
      expect(v.valueOf(e, 'pc_requests_new', by)).toBeCloseTo(e.m.requests_new.value! / value, 12);
      expect(p.cov_value).toBe(value);
    }
    const other = v.rankingQueries('县', 2021, pop, { ...loaded, version: 2 });
    expect(other.pc.key).not.toBe(v.rankingQueries('县', 2021, pop, loaded).pc.key);
    expect(other.ranking.key).toBe(v.rankingQueries('县', 2021, null, loaded).ranking.key);
    expect(v.rankingQueries('县', 2021, { ...pop, fingerprint: 'x' }, loaded).pc.key).not.toBe(other.pc.key);
    // Sorted per capita: by the value the table shows.
    const r = reading({ sortKey: 'pc_requests_new', cov: pop, pcBy: by });
    const vals = v.rankTable(d.ranking, r).map((e) => v.valueOf(e, 'pc_requests_new', by)!);
    expect(vals).toEqual([...vals].sort((a, b) => b - a));
  });

  it('exports every line with the columns it names, the numbers as shown', async () => {
    const d = await answer(db, v.rankingQueries('县', 2021, pop, loaded));
    const r = reading({ cov: pop, pcBy: v.byReport(d.pc) });
    const table = v.rankTable(d.ranking, r);
    const rows = v.exportRows(table, r, { level: '县', year: 2021 });
    const cols = v.exportColumns(r).map((c) => c.key);
    expect(rows).toHaveLength(table.length);
    for (const row of rows) for (const c of cols) expect(row, c).toHaveProperty(c);
    rows.forEach((row, i) => {
      expect(row.agency).toBe(table[i].agency);
      expect((row as Record<string, unknown>).disclosure_rate_den).toBe(table[i].m.disclosure_rate.denominator);
    });
    expect(v.exportColumns(reading()).some((c) => c.key.startsWith('pc_'))).toBe(false);
    expect(v.exportNote(pop, d.pc)).toContain(pop.fingerprint);
    expect(v.exportFile('县', 2021, pop)).toBe(`排名_县_2021_每${pop.name}`);
  });

  it('defines every indicator in words: formula, numerator, denominator and the small-sample threshold of a rate', () => {
    const defs = v.definitions();
    expect(defs.map((d) => d.key)).toEqual(METRICS.map((m) => m.key));
    for (const [i, m] of METRICS.entries()) {
      const d = defs[i];
      expect(d.formula).toBe(m.formula);
      if (m.denominator) {
        expect(d.denominator, m.key).toBeTruthy();
        expect(d.small).toContain(String(SMALL_SAMPLE));
        // The two sides are the formula's, in its order.
        expect(m.formula.indexOf(d.numerator), m.key).toBeGreaterThanOrEqual(0);
        expect(m.formula.lastIndexOf(d.denominator!), m.key).toBeGreaterThan(m.formula.indexOf('÷'));
        expect(m.formula.indexOf(d.numerator)).toBeLessThan(m.formula.indexOf('÷'));
      } else {
        expect(d.denominator).toBeNull();
        expect(d.small).toBeNull();
        expect(d.numerator).toBe(m.formula);
      }
    }
    expect(v.sidesOf('（（一）予以公开 + （二）部分公开）÷（七）总计')).toEqual({
      numerator: '（一）予以公开 + （二）部分公开',
      denominator: '（七）总计',
    });
    expect(v.sidesOf('(VI) other handling (its rows) ÷ (VII) total')).toEqual({
      numerator: '(VI) other handling (its rows)',
      denominator: '(VII) total',
    });
  });

  it('pages the table', () => {
    expect(v.pageOf(450, 9)).toEqual({ pages: 3, pageNo: 3, offset: 400 });
    expect(v.pageOf(0, 1)).toEqual({ pages: 1, pageNo: 1, offset: 0 });
  });
});
