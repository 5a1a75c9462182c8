/**
 * 单位画像 (src/routes/profile/view.ts) on the embedded data in the real
 * DuckDB, the reports' files read from static/data/reports as the app reads
 * them: last year's report is the same body's (renamed or not), the ranks are
 * among the reports of the same level and year (worked out here from
 * metric_values), and the findings are the record's own, 读取问题 apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import { METRIC_BY_KEY } from '../../src/lib/metrics/definitions';
import { SEVERITIES } from '../../src/lib/ui/rules';
import * as v from '../../src/routes/profile/view';
import { answer, embeddedDb, withMetricViews } from '../support/db';
import { reportFiles } from '../support/report-files';

let db: Db;
beforeAll(async () => (db = await withMetricViews(await embeddedDb())));
afterAll(() => db.close());

const profile = async (id: string | null) => (await answer(db, v.profileQueries(id, reportFiles()))).profile;

describe('单位画像 view', () => {
  it('lists every report without one chosen, and says when there is no such report', async () => {
    const p = await profile(null);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::INT AS n FROM reports');
    expect(p.reports.length).toBe(n);
    expect(p.me).toBeNull();
    expect((await profile('no such report')).me).toBeNull();
  });

  it('finds last year’s report of the same body, also under a new name', async () => {
    const p = await profile('淮安市洪泽区人民政府|2024|huaian-hongze-2024.pdf');
    expect(p.me?.record.year).toBe(2024);
    expect(p.prev?.id).toBe('洪泽区人民政府|2023|huaian-hongze-2023.pdf');
    expect(p.prev?.record.region_code).toBe(p.me?.record.region_code);
    expect(v.metricLines(p).some((l) => l.p !== undefined)).toBe(true);
    const none = await profile('淮安市人民政府|2024|huaian-city-2024.pdf');
    expect(none.prev).toBeNull();
    expect(v.metricLines(none).every((l) => l.p === undefined)).toBe(true);
  });

  it('ranks each indicator among the reports of the same level and year', async () => {
    const id = '济源市人民政府|2021|003_869c2ba055e881c8.txt';
    const p = await profile(id);
    const peers = await db.query<{ report_id: string }>(
      `SELECT report_id FROM reports WHERE (level, year) = (SELECT (level, year) FROM reports WHERE report_id = '${id.replace(/'/g, "''")}')`,
    );
    expect(p.peers).toBe(peers.length);
    expect(p.peers).toBeGreaterThan(1);
    const vals = await db.query<{ report_id: string; metric: string; value: number | null }>(
      `SELECT report_id, metric, value FROM metric_values WHERE report_id IN (${peers.map((r) => `'${r.report_id}'`).join(',')})`,
    );
    const lines = v.metricLines(p);
    expect(lines.length).toBeGreaterThan(5);
    for (const { m, v: x } of lines) {
      const mine = vals.find((r) => r.report_id === id && r.metric === m.key)!;
      expect(x.value, m.key).toBe(mine.value);
      const others = vals.filter((r) => r.metric === m.key && r.value !== null);
      expect(x.ranked, m.key).toBe(others.length);
      if (mine.value === null) expect(x.rank).toBeNull();
      else {
        const better = others.filter((r) =>
          METRIC_BY_KEY[m.key].higherIsBetter === false ? r.value! < mine.value! : r.value! > mine.value!,
        );
        expect(x.rank, m.key).toBe(better.length + 1);
      }
    }
    // The export: a line per indicator shown.
    expect(v.metricsRows(lines).map((r) => r.name)).toEqual(lines.map((l) => l.m.zh));
  });

  it('counts the report’s own findings by severity and lists 读取问题 apart', async () => {
    for (const r of (await profile(null)).reports) {
      const p = await profile(r.id);
      const f = v.findingsFor(p.me!, p.prev);
      const own = r.record.findings.filter((x) => x.origin !== 'reading');
      for (const s of SEVERITIES) expect(f.counts[s], `${r.id} ${s}`).toBe(own.filter((x) => x.severity === s).length);
      expect(f.reading.every((x) => x.origin === 'reading')).toBe(true);
      expect(f.listed.length + f.blanks.reduce((a, [, n]) => a + n, 0)).toBe(own.length);
      expect(v.findingsRows(f).length).toBe(f.crossFindings.length + own.length + f.reading.length);
      expect(f.timeliness.status).toBeTruthy();
    }
  });

  it('says the change on last year in points for a rate, as a difference for a count', () => {
    const rate = { ...METRIC_BY_KEY.disclosure_rate };
    const count = { ...METRIC_BY_KEY.requests_new };
    expect(rate.unit).toBe('rate');
    expect(v.change(rate, 0.5, 0.4)).toBe('+10.0 个百分点');
    expect(v.change(count, 90, 100)).toBe('−10 (−10%)');
    expect(v.change(count, 5, 0)).toBe('+5');
    expect(v.change(count, null, 3)).toBe('—');
  });
});
