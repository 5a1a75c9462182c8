/**
 * The synthetic data set (benchmarks only): a real GB/T 2260 hierarchy,
 * realistic volumes, every identity kept except the injected errors — and
 * every injected error found by the validator the real reports go through.
 */
import { describe, expect, it } from 'vitest';
import { validate } from '../src/lib/report/validate';
import { crossYear } from '../src/lib/oversight/cross-year';
import { generate } from '../src/lib/synthetic/generate';
import { numberDiffs, sampleTexts, toNumbers } from '../src/lib/synthetic/sample-texts';
import { parseReportText } from '../src/lib/report';
import { normalize, reportId } from '../src/lib/data/normalize';
import { toArrowIPC } from '../src/lib/data/arrow';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES } from '../src/lib/db/types';
import { METRICS } from '../src/lib/metrics/definitions';
import { metricsRow, metricViews } from '../src/lib/metrics/sql';

const { records, injected } = generate({ reports: 3000, years: 3, seed: 7, errorRate: 0.03 });
const findings = new Map(records.map((r) => [r.source, validate(r)]));

describe('synthetic data set', () => {
  it('is marked synthetic, sized as asked, deterministic', () => {
    expect(records).toHaveLength(3000);
    expect(records.every((r) => r.source.startsWith('synthetic-'))).toBe(true);
    expect(generate({ reports: 50, years: 2, seed: 7 }).records).toEqual(
      generate({ reports: 50, years: 2, seed: 7 }).records,
    );
  });

  it('follows the real hierarchy with realistic volumes: most counties tens, a few cities thousands', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const newOf = (level: RegExp) =>
      records
        .filter((r) => level.test(r.region_code!) && /人民政府$/.test(r.agency!))
        .map((r) => r.requests.new_received![6] as number);
    const counties = newOf(/^\d{4}(?!00)\d{2}$/),
      cities = newOf(/^\d{2}(?!00)\d{2}00$/);
    expect(median(counties)).toBeGreaterThanOrEqual(10);
    expect(median(counties)).toBeLessThan(100);
    expect(Math.max(...cities)).toBeGreaterThan(1000);
    expect(records.some((r) => r.agency === '北京市人民政府' && r.region_code === '110000')).toBe(true);
  });

  it('keeps every identity in the reports without an injected error', () => {
    const broken = new Set(injected.map((e) => e.source));
    const bad = records
      .filter((r) => !broken.has(r.source))
      .flatMap((r) =>
        findings
          .get(r.source)!
          .filter((f) => f.severity !== 'info')
          .map((f) => `${r.source} ${f.rule}`),
      );
    expect(bad).toEqual([]);
    // Carried over from last year's 结转下年度, column by column.
    const cy = crossYear(records.map((record) => ({ record, text: null })));
    expect(cy.findings.filter((f) => f.rule === 'cross_year.carry_over' && !broken.has(f.report.source))).toEqual([]);
  });

  it('every injected error is found, with its rule and cell', () => {
    expect(injected.length).toBeGreaterThan(40);
    expect(new Set(injected.map((e) => e.rule)).size).toBe(4);
    for (const e of injected) {
      const got = findings.get(e.source)!;
      expect(
        got.some((f) => f.rule === e.rule && e.cells.some((c) => f.cells.includes(c))),
        `${e.source} ${e.rule}`,
      ).toBe(true);
    }
  });
});

describe("synthetic report texts (the parse benchmark's sample)", () => {
  const small = generate({ reports: 400, years: 2, seed: 11, errorRate: 0.05 });
  const broken = new Set(small.injected.map((e) => e.source));
  const sample = sampleTexts(small.records, { count: 80, seed: 11, exclude: broken });
  const bySource = new Map(small.records.map((r) => [r.source, r]));

  it('prints the numbers of sampled reports without an injected error, in every table layout', () => {
    expect(broken.size).toBeGreaterThan(5);
    expect(sample).toHaveLength(80);
    expect(sample.some((t) => broken.has(t.name))).toBe(false);
    for (const t of sample) expect(t.numbers).toEqual(toNumbers(bySource.get(t.name)!));
    const kinds = new Set(sample.flatMap((t) => [t.layout.active.kind, t.layout.requests.kind, t.layout.review.kind]));
    expect([...kinds].sort()).toEqual(['cells', 'markdown', 'plain', 'tsv']);
    expect(sampleTexts(small.records, { count: 80, seed: 11, exclude: broken }).map((t) => t.text)).toEqual(
      sample.map((t) => t.text),
    );
  });

  it('parse back to exactly the numbers printed, with no error or warning', () => {
    for (const t of sample) {
      const got = parseReportText(t.text, t.name);
      const { agency, year, format, active, requests, review, litigation_direct, litigation_after_review } = got;
      expect(
        { kind: got.kind, agency, year, format, active, requests, review, litigation_direct, litigation_after_review },
        t.name,
      ).toEqual({ kind: 'annual_report', ...t.numbers });
      expect(
        got.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.message}`),
        t.name,
      ).toEqual([]);
      expect(numberDiffs(got, t.numbers)).toEqual([]);
    }
  });

  it("the benchmark's check sees a number read wrong", () => {
    const t = sample[0];
    const got = parseReportText(t.text, t.name);
    const review = [...t.numbers.review];
    review[0] = (review[0] as number) + 1;
    expect(numberDiffs(got, { ...t.numbers, review })).toEqual([
      `review[0]: printed ${review[0]}, read ${t.numbers.review[0]}`,
    ]);
    expect(numberDiffs({ ...got, requests: { ...got.requests, granted: undefined } }, t.numbers).length).toBe(7);
  });
});

describe('the pre-computed indicators it ships equal the SQL definitions on its cells', () => {
  it('report_metrics from metricsRow (TypeScript) = report_metrics from the cell tables (DuckDB)', async () => {
    const sample = records.slice(0, 400);
    for (const r of sample) r.findings = validate(r);
    const tables = normalize(sample, 'synthetic');
    const db = await createNodeDb();
    for (const name of TABLES) await db.loadArrow(name, toArrowIPC(name, tables[name] as never));
    for (const sql of metricViews()) await db.query(sql);
    const fromSql = new Map(
      (await db.query<Record<string, unknown>>('SELECT * FROM report_metrics')).map((r) => [r.report_id as string, r]),
    );
    await db.close();
    expect(fromSql.size).toBe(sample.length);
    let compared = 0;
    for (const r of sample) {
      const got = fromSql.get(reportId(r))!;
      for (const [col, want] of Object.entries(metricsRow(r))) {
        if (typeof want === 'number') expect(got[col] as number, `${r.source} ${col}`).toBeCloseTo(want, 9);
        else expect(got[col], `${r.source} ${col}`).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBe(sample.length * METRICS.length * 4);
  });
});
