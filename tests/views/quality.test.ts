/**
 * 数据质量 (src/routes/quality/view.ts) on the embedded data in the real
 * DuckDB: the list holds exactly the findings that pass the filters, the
 * counts are the reports' own problems (读取问题 apart), and the export
 * carries every column it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import type { QualityCount } from '../../src/lib/db/queries-report';
import { SEVERITIES } from '../../src/lib/ui/rules';
import * as v from '../../src/routes/quality/view';
import { answer, embeddedDb } from '../support/db';

let db: Db;
beforeAll(async () => (db = await embeddedDb()));
afterAll(() => db.close());

const count = async (where: string) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::INT AS n FROM findings f JOIN reports r USING (report_id) WHERE ${where}`,
    )
  )[0].n;

describe('数据质量 view', () => {
  it('reads its filters from the URL', () => {
    const f = v.filterFrom(new URLSearchParams('severity=error&origin=reading'));
    expect(f).toEqual({ rule: undefined, severity: 'error', region: undefined, origin: 'reading' });
    expect(v.filtered(f)).toBe(true);
    expect(v.filtered(v.filterFrom(new URLSearchParams('')))).toBe(false);
  });

  it('lists every finding unfiltered, and counts the reports’ own by rule and severity', async () => {
    const d = await answer(db, v.qualityQueries({}));
    expect(d.rows.length).toBe(await count('TRUE'));
    expect(d.rows.length).toBeGreaterThan(0);
    const totals = v.totals(d.counts);
    for (const s of SEVERITIES) expect(totals[s], s).toBe(await count(`f.origin = 'report' AND f.severity = '${s}'`));
    expect(v.allCounted(d.counts)).toBe(d.rows.length);
    expect(v.readingTotal(d.counts)).toBe(await count(`f.origin = 'reading'`));
    const byRule = v.byRule(d.counts);
    for (const r of byRule) expect(r.total, r.rule).toBe(await count(`f.origin = 'report' AND f.rule = '${r.rule}'`));
    const shown = v.shown(d.rows);
    for (const s of SEVERITIES) expect(shown.bySeverity[s]).toBe(totals[s]);
    // Every rule found is offered, and a rule chosen that is not found stays offered.
    const rules = (await db.query<{ rule: string }>('SELECT DISTINCT rule FROM findings')).map((r) => r.rule).sort();
    expect([...v.ruleOptions(d.counts, undefined)].sort()).toEqual(rules);
    expect(v.ruleOptions(d.counts, 'no.such_rule').at(-1)).toBe('no.such_rule');
  });

  it('filters by severity and by jurisdiction (a city and what is under it)', async () => {
    const errors = await answer(db, v.qualityQueries({ severity: 'error' }));
    expect(errors.rows.length).toBe(await count(`f.severity = 'error'`));
    expect(errors.rows.every((r) => r.severity === 'error')).toBe(true);
    const rule = errors.rows[0].rule;
    const d = await answer(db, v.qualityQueries({ rule, region: '320800' }));
    expect(d.rows.length).toBe(await count(`f.rule = '${rule}' AND r.region_code LIKE '3208%'`));
    expect(d.rows.every((r) => r.region_code?.startsWith('3208'))).toBe(true);
    // The counts stay open on rule and severity within the place (to navigate by).
    expect(v.allCounted(d.counts)).toBe(await count(`r.region_code LIKE '3208%'`));
    expect(v.placeName(d.places, '320800')).toBe(d.places.find((p) => p.region_code === '320800')!.region);
    expect(v.placeName(d.places, '999999')).toBe('999999');
  });

  it('keeps 读取问题 apart: a group per rule, never in the own counts', () => {
    const counts: QualityCount[] = [
      { origin: 'report', rule: 'a', severity: 'error', n: 2, reports: 2 },
      { origin: 'reading', rule: 'b', severity: 'warning', n: 3, reports: 2 },
      { origin: 'reading', rule: 'b', severity: 'info', n: 1, reports: 1 },
    ];
    expect(v.byRule(counts)).toEqual([{ rule: 'a', n: { error: 2 }, total: 2 }]);
    expect(v.reading(counts)).toEqual([{ rule: 'b', n: 4, reports: 2 }]);
    expect(v.totals(counts)).toMatchObject({ error: 2, warning: 0, info: 0 });
    expect(v.ruleOptions(counts, undefined)).toEqual(['a', 'b']);
  });

  it('exports the list with every column it names', async () => {
    const d = await answer(db, v.qualityQueries({}));
    const rows = v.exportRows(d.rows);
    for (const c of v.EXPORT_COLUMNS) expect(rows[0], c.key).toHaveProperty(c.key);
    const i = d.rows.findIndex((r) => (JSON.parse(r.cells) as string[]).length > 1);
    expect(rows[i].cells).toBe((JSON.parse(d.rows[i].cells) as string[]).join(' '));
    expect(rows.map((r) => r.origin_zh)).toEqual(d.rows.map((r) => (r.origin === 'reading' ? '读取问题' : '报告问题')));
  });
});
