/**
 * The synthetic data set (benchmarks only): a real GB/T 2260 hierarchy,
 * realistic volumes, every identity kept except the injected errors — and
 * every injected error found by the validator the real reports go through.
 */
import { describe, expect, it } from 'vitest';
import { validate } from '../src/lib/report/validate';
import { crossYear } from '../src/lib/oversight/cross-year';
import { generate } from '../src/lib/synthetic/generate';

const { records, injected } = generate({ reports: 3000, years: 3, seed: 7, errorRate: 0.03 });
const findings = new Map(records.map((r) => [r.source, validate(r)]));

describe('synthetic data set', () => {
  it('is marked synthetic, sized as asked, deterministic', () => {
    expect(records).toHaveLength(3000);
    expect(records.every((r) => r.source.startsWith('synthetic-'))).toBe(true);
    expect(generate({ reports: 50, years: 2, seed: 7 }).records).toEqual(generate({ reports: 50, years: 2, seed: 7 }).records);
  });

  it('follows the real hierarchy with realistic volumes: most counties tens, a few cities thousands', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const newOf = (level: RegExp) => records.filter((r) => level.test(r.region_code!) && /人民政府$/.test(r.agency!)).map((r) => r.requests.new_received![6] as number);
    const counties = newOf(/^\d{4}(?!00)\d{2}$/), cities = newOf(/^\d{2}(?!00)\d{2}00$/);
    expect(median(counties)).toBeGreaterThanOrEqual(10);
    expect(median(counties)).toBeLessThan(100);
    expect(Math.max(...cities)).toBeGreaterThan(1000);
    expect(records.some((r) => r.agency === '北京市人民政府' && r.region_code === '110000')).toBe(true);
  });

  it('keeps every identity in the reports without an injected error', () => {
    const broken = new Set(injected.map((e) => e.source));
    const bad = records.filter((r) => !broken.has(r.source)).flatMap((r) => findings.get(r.source)!.filter((f) => f.severity !== 'info').map((f) => `${r.source} ${f.rule}`));
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
      expect(got.some((f) => f.rule === e.rule && e.cells.some((c) => f.cells.includes(c))), `${e.source} ${e.rule}`).toBe(true);
    }
  });
});
