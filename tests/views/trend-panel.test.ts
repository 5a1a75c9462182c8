/**
 * 趋势's total line of a count (src/routes/trend/view.ts panelQuery) in the real DuckDB: it adds only the
 * bodies with a value in every year shown (a balanced panel), and says whom; with none, there is no total
 * line and the note says why. On the embedded reports and on a synthetic set (src/lib/synthetic/generate.ts,
 * the generator behind ?data=synthetic), from which the test takes one body's report of one year away so
 * that the panel and the pooled sum differ — checked against the records' own cells, not the SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/lib/data/normalize';
import type { Db } from '../../src/lib/db/types';
import { TOTAL_COL } from '../../src/lib/report/formats';
import type { ReportRecord } from '../../src/lib/report/types';
import { generate } from '../../src/lib/synthetic/generate';
import * as v from '../../src/routes/trend/view';
import { appDb } from '../support/app-db';
import { answer, embeddedDb, withMetricViews } from '../support/db';

const loaded = { ready: async () => {}, version: 1 };
const newRequests = (r: ReportRecord) => (r.requests.new_received?.[TOTAL_COL] ?? null) as number | null;

describe('趋势: a count’s total line adds a balanced panel', () => {
  let embedded: Db;
  let synthetic: Db;
  let records: ReportRecord[];
  let dropped: ReportRecord;
  beforeAll(async () => {
    embedded = await withMetricViews(await embeddedDb());
    // 10 bodies × 5 years, less one body's middle year.
    const all = generate({ reports: 50, years: 5, seed: 7, errorRate: 0 }).records;
    dropped = all.find((r) => r.year === 2023)!;
    records = all.filter((r) => r !== dropped);
    synthetic = await appDb(normalize(records, 'synthetic'));
  }, 120_000);
  afterAll(() => {
    embedded?.close();
    synthetic?.close();
  });

  it('embedded reports: no body has a value in every year 2019–2024 → no total line, and the note says why', async () => {
    const s = v.stateFrom(new URLSearchParams('metric=requests_new'));
    const d = await answer(embedded, v.trendQueries(s, null, loaded));
    expect(v.yearsOf(d.pooled)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect(d.panel.bodies).toBe(0);
    expect(d.panel.rows).toEqual([]);
    expect(v.seriesOf(d, s).map((x) => x.key)).not.toContain('pool');
    expect(v.panelNote(d, s)).toContain('没有画合计线');
    // A rate keeps its pooled total (a ratio of sums), and the panel is not asked for.
    const rate = v.stateFrom(new URLSearchParams('metric=disclosure_rate'));
    const dr = await answer(embedded, v.trendQueries(rate, null, loaded));
    expect(dr.panel).toEqual(v.NO_PANEL);
    expect(v.seriesOf(dr, rate)[0].key).toBe('pool');
    expect(v.panelNote(dr, rate)).toBe('');
  });

  it('embedded reports, level 市 (one year): the panel is that year’s one body, its own value', async () => {
    const s = v.stateFrom(new URLSearchParams('metric=requests_new&level=市'));
    const d = await answer(embedded, v.trendQueries(s, null, loaded));
    const [{ agency, n }] = await embedded.query<{ agency: string; n: number }>(
      `SELECT r.agency, q.value AS n FROM reports r JOIN requests q USING (report_id)
       WHERE r.level = '市' AND q.row_key = 'new_received' AND q.col = ${TOTAL_COL}`,
    );
    expect(d.panel.bodies).toBe(1);
    expect(d.panel.names).toEqual([agency]);
    const pool = v.seriesOf(d, s)[0];
    expect(pool.key).toBe('pool');
    expect(pool.points.map((p) => p.value)).toEqual([n]);
    expect(pool.label).toContain('1 个每年均有值的单位');
  });

  it('synthetic set less one report: the total adds the bodies reported in every year; the pooled sum would not', async () => {
    const s = v.stateFrom(new URLSearchParams('metric=requests_new'));
    const d = await answer(synthetic, v.trendQueries(s, null, loaded));
    const years = v.yearsOf(d.pooled);
    expect(years).toEqual(['2021', '2022', '2023', '2024', '2025']);
    // From the records: the bodies with a value in every year.
    const bodies = [...new Set(records.map((r) => r.agency))];
    const balanced = bodies.filter((a) =>
      years.every((y) => records.some((r) => r.agency === a && String(r.year) === y && newRequests(r) !== null)),
    );
    expect(balanced.length).toBe(bodies.length - 1);
    expect(balanced).not.toContain(dropped.agency);
    expect(d.panel.bodies).toBe(balanced.length);
    expect(d.panel.all).toBe(bodies.length);
    const pool = v.seriesOf(d, s)[0];
    expect(pool.key).toBe('pool');
    for (const p of pool.points) {
      const sum = records
        .filter((r) => balanced.includes(r.agency) && String(r.year) === p.x)
        .reduce((a, r) => a + newRequests(r)!, 0);
      expect(p.value, p.x).toBe(sum);
      // What the old total did: every report of the year — not the same bodies each year.
      const pooled = d.pooled.find((x) => String(x.year) === p.x)!.numerator;
      const droppedOwn = records.find((r) => r.agency === dropped.agency && String(r.year) === p.x);
      expect(pooled, p.x).toBe(sum + (droppedOwn ? newRequests(droppedOwn)! : 0));
    }
    const note = v.panelNote(d, s);
    expect(note).toContain(`同一批 ${balanced.length} 个单位`);
    expect(note).toContain('其余 1 个单位不是每年都有');
    // With the total line off, the panel is not asked for.
    expect((await answer(synthetic, v.trendQueries({ ...s, showPool: false }, null, loaded))).panel).toEqual(
      v.NO_PANEL,
    );
  });
});
