/**
 * Charts that cannot mislead, as plain functions on real data in the real DuckDB:
 * - 对比's labels: one body in two years reads as two bars, each with its year, kept whole when the
 *   axis has to cut the name (charts/text.ts fitLabel);
 * - a share past 100 %: the real 运城 2021 report (data/reports) and the same text as 2022 with its
 *   （七）总计 lowered from 43 to 23 — groups that add up to more than the total, a data problem of the
 *   report that no real report here has — parsed by the engine, loaded as the app loads reports: the
 *   bar is cut at 100 % (charts/overflow.ts) and the note says so, naming the report;
 * - 缺 marks laid out without overlap (charts/missing.ts), the slide size (charts/layout.ts) and the
 *   units stated on the value axis (charts/units.ts, from the metric definitions).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chrome,
  fitLabel,
  GROUP_KEYS,
  layoutMissing,
  metricUnit,
  MISSING_ROW,
  overflows,
  slideSize,
  stackSegments,
  textWidth,
  UNITS,
} from '../../src/lib/charts';
import { normalize } from '../../src/lib/data/normalize';
import type { ReportListRow } from '../../src/lib/db/queries-analysis';
import type { Db } from '../../src/lib/db/types';
import { METRIC_BY_KEY, METRICS } from '../../src/lib/metrics/definitions';
import { parseReportText } from '../../src/lib/report/parse';
import * as v from '../../src/routes/compare/view';
import { REPORTS } from '../support/app';
import { appDb } from '../support/app-db';
import { answer } from '../support/db';
import { TOTAL_LINE, YUNCHENG_2022_OVER } from '../support/overflow-report';

const YUNCHENG = readFileSync(join(REPORTS, '000_8077d3367313ca29.txt'), 'utf8');

const loaded = { ready: async () => {}, version: 1 };
let db: Db;
let all: ReportListRow[];
beforeAll(async () => {
  expect(YUNCHENG).toContain(TOTAL_LINE);
  const records = [
    parseReportText(YUNCHENG, '000_8077d3367313ca29.txt'),
    parseReportText(YUNCHENG_2022_OVER, 'yuncheng-2022-over.txt'),
  ];
  db = await appDb(normalize(records, 'builtin'));
  all = (await answer(db, v.listQueries())).list;
}, 120_000);
afterAll(() => db?.close());

describe('对比: one body in two years', () => {
  it('reads as two labels, each with its year, the year kept whole however narrow the axis', () => {
    expect(all.map((r) => r.year).sort()).toEqual([2021, 2022]);
    expect(new Set(all.map((r) => r.agency)).size).toBe(1);
    const labels = v.compareLabels(all);
    const texts = all.map((r) => labels.get(r.report_id)!);
    expect(new Set(texts).size).toBe(2);
    for (const r of all) {
      const label = labels.get(r.report_id)!;
      expect(v.flat(label)).toContain(String(r.year));
      // A narrow band (an x axis of 12 bars) and a narrow left margin: the name is cut, the year is not.
      for (const [w, lines] of [
        [40, 3],
        [60, 2],
        [90, 2],
      ] as const) {
        const fit = fitLabel(label, w, 11, lines);
        expect(fit.length).toBeLessThanOrEqual(lines);
        expect(fit[fit.length - 1].endsWith(String(r.year))).toBe(true);
        for (const l of fit) expect(textWidth(l, 11)).toBeLessThanOrEqual(w);
      }
      // Wide enough: one line, name and year.
      expect(fitLabel(label, 400, 11, 2)).toEqual([v.flat(label)]);
    }
    // The same body and year twice (the embedded report and an import of it): still two bars.
    const twice = v.compareLabels([all[0], { ...all[0], report_id: 'copy' }]);
    expect(new Set(twice.values()).size).toBe(2);
    // Labels without a break are cut with … as before.
    expect(fitLabel('平潭综合实验区管理委员会办公室', 33, 11, 1)).toEqual(['平潭…']);
  });
});

describe('对比: a share past 100 %', () => {
  it('is the report’s own numbers not adding up: cut at 100 %, named in the note', async () => {
    const ids = all.map((r) => r.report_id);
    const d = await answer(db, v.compareQueries(ids, null, loaded));
    const os = v.outcomes(d, all);
    const over = os.find((o) => o.r.year === 2022)!;
    const fine = os.find((o) => o.r.year === 2021)!;
    expect(over.total).toBe(23);
    expect(fine.total).toBe(43);
    const sumOf = (o: v.Outcome) => GROUP_KEYS.reduce((a, g) => a + (o.groups[g].value ?? 0), 0);
    expect(sumOf(over)).toBe(43);
    expect(sumOf(fine)).toBe(43);

    const rows = v.outcomeRows(os);
    const found = overflows(rows, GROUP_KEYS);
    expect(found).toHaveLength(1);
    expect(v.flat(found[0].y)).toContain('2022');
    expect(found[0].sum).toBeCloseTo(43 / 23, 12);
    // Laid out from 0 and cut at the end of the axis: no segment passes 1, the first ones are whole.
    const row = rows.find((r) => r.y === found[0].y)!;
    const { segments, sum, over: isOver } = stackSegments(row.values, GROUP_KEYS, 1);
    expect(isOver).toBe(true);
    expect(sum).toBeCloseTo(43 / 23, 12);
    expect(Math.max(...segments.map((s) => s.b))).toBe(1);
    expect(segments.some((s) => s.clipped)).toBe(true);
    for (const s of segments) expect(s.a).toBeLessThan(s.b);
    // The report that adds up is not cut.
    const ok = stackSegments(rows.find((r) => r.y !== found[0].y)!.values, GROUP_KEYS, 1);
    expect(ok.over).toBe(false);
    expect(ok.segments.every((s) => !s.clipped)).toBe(true);

    const c = v.outcomeChart(os, 'n = 2 份报告');
    expect(c.over).toEqual(found);
    expect(c.note).toContain(`${v.flat(found[0].y)} 187.0%`);
    expect(v.flat(found[0].y)).toBe('运城市政府办 2022');
    expect(c.note).toContain('报告本身的数据问题');
    expect(c.note).toContain('截断');
    // The review chart of the same reports adds up: nothing said.
    const ls = v.reviewLines(d, all);
    expect(v.reviewChart(ls, '').over).toEqual(
      overflows(v.reviewRows(ls), ['upheld', 'corrected', 'other', 'pending']),
    );
  });
});

describe('charts: 缺 marks, the slide, the units', () => {
  it('缺 marks of one year share its band in a grid: no two overlap, none leaves the band', () => {
    for (const [step, cell, n] of [
      [100, 15, 7],
      [45, 24, 10],
      [30, 15, 3],
      [200, 24, 1],
    ] as const) {
      const marks = Array.from({ length: n }, () => ({ x: '2020' }));
      const cells = layoutMissing([...marks, { x: '2021' }], step, cell);
      const boxes = cells.slice(0, n).map((c) => ({ x0: c.dx - cell / 2, x1: c.dx + cell / 2, row: c.row }));
      for (let i = 0; i < boxes.length; i++) {
        expect(boxes[i].x0).toBeGreaterThanOrEqual(-step / 2 - 1e-9);
        expect(boxes[i].x1).toBeLessThanOrEqual(step / 2 + 1e-9 + (step < cell ? cell : 0));
        for (let j = i + 1; j < boxes.length; j++)
          if (boxes[i].row === boxes[j].row)
            expect(boxes[i].x1 <= boxes[j].x0 || boxes[j].x1 <= boxes[i].x0, `${step}/${cell}: ${i} ${j}`).toBe(true);
      }
      // Another year starts its own grid.
      expect(cells[n]).toEqual({ dx: 0, row: 0 });
    }
    expect(MISSING_ROW).toBeGreaterThanOrEqual(14);
  });

  it('a slide is 16:9 with room for the plot, however much text the chart carries', () => {
    const text = (foot: number) => ({
      title: '本年新收申请，2019–2024年',
      n: 'n = 8 份报告',
      legend: [],
      unit: '单位：件',
      foot: Array.from({ length: foot }, () => '口径：'.padEnd(400, '很长的说明')),
    });
    for (const foot of [1, 6, 30]) {
      const s = slideSize((w) => chrome(text(foot), w).height);
      expect(s.height * 16).toBe(s.width * 9);
      expect(Number.isInteger(s.height)).toBe(true);
      expect(s.height - chrome(text(foot), s.width).height).toBeGreaterThanOrEqual(240);
    }
    expect(slideSize((w) => chrome(text(1), w).height)).toEqual({ width: 1200, height: 675 });
  });

  it('every indicator has a unit on its axis, from its definition', () => {
    for (const m of METRICS) {
      const u = metricUnit(m);
      expect(u.zh, m.key).toBeTruthy();
      if (m.unit === 'rate') expect(u).toBe(UNITS.percent);
      if (m.unit === '10k_yuan') expect(u).toBe(UNITS.yuan10k);
    }
    expect(metricUnit(METRIC_BY_KEY.requests_new).zh).toBe('件');
    expect(metricUnit(METRIC_BY_KEY.findings_errors).zh).toBe('条');
    expect(v.PANELS.map((p) => p.unit)).toEqual(['件', '件', '件', '万元', '件']);
  });
});
