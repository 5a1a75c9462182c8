/**
 * 工作要点 (src/routes/workplan/view.ts) on the embedded data in the real
 * DuckDB: the embedded plan is read into the tasks its file numbers; the
 * matrix has a row per report of the data set with text, and a cell it marks
 * addressed quotes sentences that are in that report's text with the words
 * matched; a pin in the URL opens only an addressed cell; the exports hold
 * the plan's requirements and every target against every report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/types';
import type { LoadedReport } from '../../src/lib/oversight/reports-query';
import type { WorkPlan } from '../../src/lib/oversight/workplan';
import * as v from '../../src/routes/workplan/view';
import { answer, EMBEDDED, embeddedDb } from '../support/db';
import { reportFiles } from '../support/report-files';

const read: v.ReadFile = async (file) => readFileSync(join(EMBEDDED, 'workplans', file), 'utf8');
let db: Db;
let reports: LoadedReport[];
let plan: WorkPlan;
beforeAll(async () => {
  db = await embeddedDb();
  ({ reports } = await answer(db, v.reportsQueries(reportFiles())));
  const { examples } = await answer(db, v.examplesQueries(read));
  const p = (await answer(db, v.planQueries(examples[0].file, read))).plan;
  if ('error' in p) throw new Error(p.error);
  plan = p;
});
afterAll(() => db.close());

describe('工作要点 view', () => {
  it('lists the embedded plans and reads the one named to its items; a plan that is not there says why', async () => {
    const { examples } = await answer(db, v.examplesQueries(read));
    const index = JSON.parse(readFileSync(join(EMBEDDED, 'workplans/index.json'), 'utf8')) as v.PlanEntry[];
    expect(examples).toEqual(index);
    expect(plan.items.length).toBe(index[0].items);
    const text = readFileSync(join(EMBEDDED, 'workplans', index[0].file), 'utf8');
    for (const it of plan.items) expect(text.replace(/\s+/g, '')).toContain(it.content.replace(/\s+/g, '').slice(0, 6));
    const missing = (await answer(db, v.planQueries('nope.txt', read))).plan;
    expect('error' in missing).toBe(true);
    expect(
      (
        await answer(
          db,
          v.examplesQueries(() => Promise.reject(new Error('404'))),
        )
      ).examples,
    ).toEqual([]);
  });

  it('marks a cell addressed only with sentences of that report that hold the words matched', async () => {
    const m = v.matrixOf(plan, reports);
    const withText = await db.query<{ report_id: string }>('SELECT report_id FROM reports');
    expect(m.reports.map((r) => r.id).sort()).toEqual(
      reports
        .filter((r) => r.text !== null)
        .map((r) => r.id)
        .sort(),
    );
    expect(m.reports.length).toBeLessThanOrEqual(withText.length);
    // The text as read, without its page numbers (“- 1 -” between pages).
    const byId = new Map(reports.map((r) => [r.id, r.text!.replace(/\s+/g, '').replace(/[-－—]\d+[-－—]/g, '')]));
    let addressed = 0;
    for (const [ri, r] of m.reports.entries()) {
      for (const c of m.cells[ri]) {
        if (!c.addressed) continue;
        addressed++;
        for (const h of c.hits)
          for (const s of h.sentences) {
            expect(byId.get(r.id)).toContain(s.text.replace(/\s+/g, ''));
            expect(s.text).toContain(h.matched);
            const a = v.around(s.text, h.matched);
            expect(a.pre + a.hl + a.post).toBe(s.text);
            expect(a.hl).toBe(h.matched);
          }
      }
    }
    expect(addressed).toBeGreaterThan(0);
    expect(v.itemsAddressed(m).reduce((a, n) => a + n, 0)).toBe(addressed);
    // A pin opens an addressed cell, and only that.
    const ri = m.cells.findIndex((row) => row.some((c) => c.addressed));
    const ii = m.cells[ri].findIndex((c) => c.addressed);
    expect(v.pinOf(v.pinParam(m, { r: ri, i: ii }), m)).toEqual({ r: ri, i: ii });
    const off = m.cells[ri].findIndex((c) => !c.addressed);
    if (off >= 0) expect(v.pinOf(v.pinParam(m, { r: ri, i: off }), m)).toBeNull();
    expect(v.pinOf('garbage', m)).toBeNull();
  });

  it('exports every requirement, and every target against every report', () => {
    const m = v.matrixOf(plan, reports);
    const tasks = v.tasksExport(plan);
    expect(tasks.rows.length).toBe(plan.items.reduce((a, it) => a + it.requirements.length, 0));
    const rows = v.targetRows(plan, m);
    expect(rows.length).toBe(plan.targets.length * m.reports.length);
    const ex = v.targetsExport(rows);
    expect(ex.rows.filter((r) => r.met === '达到').length).toBe(m.targets.filter((x) => x.met).length);
    expect(v.note(plan, 'x')).toContain(plan.title ?? 'x');
  });
});
