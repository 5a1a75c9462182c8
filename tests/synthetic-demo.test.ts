/**
 * The national demo that `npm run data` writes (scripts/data/synthetic.ts --demo): one whole province — its
 * government, every city and county with its government, office and departments — over 5 years, enough to rank
 * every level; written only where no set is, so a set of npm run data:synthetic is never overwritten.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AREAS, CITIES, isPlaceholder } from '../src/lib/report/divisions';
import { generate } from '../src/lib/synthetic/generate';

const OUT = mkdtempSync(join(tmpdir(), 'mingjing-demo-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the synthetic demo (one province)', () => {
  it('holds every body of the province and no other, each for every year', () => {
    const { records } = generate({ reports: 100_000, years: 5, seed: 1, province: '64' });
    expect(records.every((r) => r.region_code!.startsWith('64'))).toBe(true);
    const places =
      1 +
      CITIES.filter((c) => c.code.startsWith('64') && !isPlaceholder(c.name)).length +
      AREAS.filter((a) => a.code.startsWith('64') && !isPlaceholder(a.name)).length;
    // A government, an office and 15 departments per place.
    const bodies = new Set(records.map((r) => r.agency));
    expect(bodies.size).toBe(places * 17);
    expect(records.length).toBe(bodies.size * 5);
    expect(new Set(records.map((r) => r.year))).toEqual(new Set([2021, 2022, 2023, 2024, 2025]));
  });

  it('is written by --demo where no set is, and a set already there is kept', { timeout: 120_000 }, () => {
    const run = () =>
      execFileSync('npx', ['tsx', join(__dirname, '../scripts/data/synthetic.ts'), '--demo', '--out', OUT]).toString();
    expect(run()).toMatch(/^synthetic: \d+ reports/);
    const a = JSON.parse(readFileSync(join(OUT, 'aggregates.json'), 'utf8'));
    expect(a.synthetic).toBe(true);
    expect(a.options).toMatchObject({ province: '64', demo: true, years: 5 });
    expect(a.bodies.count * 5).toBe(a.reports);
    expect(a.bodies.levels.map((l: { level: string }) => l.level).sort()).toEqual(
      ['县', '办公室', '市', '省', '部门'].sort(),
    );
    // A set there (as npm run data:synthetic leaves one) is never overwritten.
    writeFileSync(join(OUT, 'aggregates.json'), JSON.stringify({ ...a, reports: 100_000 }));
    const before = statSync(join(OUT, 'aggregates.json')).mtimeMs;
    expect(run()).toContain('kept');
    expect(statSync(join(OUT, 'aggregates.json')).mtimeMs).toBe(before);
    expect(JSON.parse(readFileSync(join(OUT, 'aggregates.json'), 'utf8')).reports).toBe(100_000);
  });
});
