/**
 * 排名's export records the choices the ranking was made with (src/routes/ranking/view.ts): the level and
 * year on every line, the indicator and order in the rank's header, each indicator's weight and direction in
 * its header, and all of it in the XLSX note; the CSV written by the app's one CSV writer stays formula-safe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import { toCsv } from '../../src/lib/export/table';
import { parseWeights } from '../../src/lib/ui/composite';
import * as v from '../../src/routes/ranking/view';
import { answer, embeddedDb, withMetricViews } from '../support/db';

let db: Db;
beforeAll(async () => {
  db = await withMetricViews(await embeddedDb());
}, 120_000);
afterAll(() => db.close());

describe('排名 export', () => {
  it('names level, year, sort indicator and order, weights and directions', async () => {
    const { ranking } = await answer(db, v.rankingQueries('县', 2021, null, { ready: async () => {}, version: 0 }));
    // 公开率 weighed 3 and 不予公开率 turned to “higher is better”, ranked by 不予公开率, lowest first.
    const weights = parseWeights(null, v.SHOWN);
    weights.disclosure_rate = { weight: 3, direction: 'higher' };
    weights.denial_rate = { weight: 2, direction: 'higher' };
    const r: v.Reading = {
      sortKey: 'denial_rate',
      desc: false,
      weights,
      excludeSmall: true,
      cov: null,
      pcBy: new Map(),
    };
    const table = v.rankTable(ranking, r);
    const cols = v.exportColumns(r);
    const rows = v.exportRows(table, r, { level: '县', year: 2021 });
    expect(rows.length).toBe(table.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([row.level, row.year]).toEqual(['县', 2021]);
    const label = (k: string) => cols.find((c) => c.key === k)!.label;
    expect(label('rank')).toBe('名次（按“不予公开率”从低到高）');
    expect(label('disclosure_rate')).toBe('公开率（权重 3，越高越好）');
    expect(label('denial_rate')).toBe('不予公开率（权重 2，越高越好）');
    expect(label('requests_new')).toBe('本年新收申请（权重 0，不参与）');
    expect(label('score')).toContain('排除小样本');

    const csv = toCsv(cols, rows);
    const [head, first] = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(head.startsWith('层级,年度,名次（按“不予公开率”从低到高）,单位')).toBe(true);
    expect(head).toContain('公开率（权重 3，越高越好）');
    expect(first.startsWith(`县,2021,`)).toBe(true);

    const note = v.exportNote(null, [], { level: '县', year: 2021, r });
    expect(note).toContain('县·2021年度，按“不予公开率”从低到高排列');
    expect(note).toContain('公开率（权重 3，越高越好）');
    expect(note).toContain('综合得分 ＝ Σ（权重 × 归一化值）');
  });

  it('keeps a body named like a formula as text in the CSV', () => {
    const r: v.Reading = {
      sortKey: 'score',
      desc: true,
      weights: parseWeights(null, v.SHOWN),
      excludeSmall: false,
      cov: null,
      pcBy: new Map(),
    };
    const evil = { id: 'x', agency: '=HYPERLINK("http://x")', region: '+1', reading: 0, m: {} };
    const table = v.rankTable([evil], r);
    const csv = toCsv(v.exportColumns(r), v.exportRows(table, r, { level: '=县', year: 2021 }));
    const line = csv.split('\r\n')[1];
    expect(line.startsWith(`'=县,2021,`)).toBe(true);
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain(`'+1`);
  });
});
