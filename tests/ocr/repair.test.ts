/**
 * A misread digit of 表三 set right by the identities (src/lib/report/ocr/repair.ts): on a real report's 表三,
 * cells changed as OCR misreads them (454 → 154, a 4 read as 1), only where every identity the cell lies in
 * agrees on one value; never a blank, never a cell not read by OCR, never where one identity still holds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repairByIdentities } from '../../src/lib/report/ocr/repair';
import { parseReportText } from '../../src/lib/report/parse';
import { SHARED } from '../support/fixtures';

const report = () => parseReportText(readFileSync(join(SHARED, 'real/huaian-city-2024.txt'), 'utf8'), 'city.txt');
const every = () => true;

describe('repair by the identities', () => {
  it('the fixture’s 表三 holds every identity as printed (what the cases below break)', () => {
    const r = report();
    expect(r.kind).toBe('annual_report');
    expect(r.findings.filter((f) => /^requests\.(row_sum|outcome_sum|balance)$/.test(f.rule))).toEqual([]);
    expect(repairByIdentities(r, every)).toEqual([]);
  });

  it('sets one misread cell to the value its row and column agree on, and says what was read', () => {
    const r = report();
    const want = structuredClone(r.requests);
    const read = r.requests.partially_granted![6]!;
    r.requests.partially_granted![6] = read - 300; // 454 read as 154
    expect(repairByIdentities(r, every)).toEqual([
      { path: 'requests.partially_granted[6]', read: read - 300, value: read },
    ]);
    expect(r.requests).toEqual(want);
  });

  it('repairs misreads in different rows and columns; two in one row stay (their row agrees on neither)', () => {
    const r = report();
    const want = structuredClone(r.requests);
    r.requests.granted![0]! += 10;
    r.requests.unable_not_held![1]! += 3;
    const repairs = repairByIdentities(r, every);
    expect(repairs.map((x) => x.path).sort()).toEqual(['requests.granted[0]', 'requests.unable_not_held[1]']);
    expect(r.requests).toEqual(want);

    const s = report();
    s.requests.granted![0]! += 10;
    s.requests.granted![1]! += 3;
    expect(repairByIdentities(s, every)).toEqual([]);
  });

  it('leaves a cell one of whose identities still holds (two misreads hiding each other in the balance)', () => {
    const r = report();
    const c = 5;
    r.requests.new_received![c]! += 3;
    r.requests.processed_total![c]! += 3; // 一 + 二 = （七）+ 四 still holds
    const before = structuredClone(r.requests);
    const repairs = repairByIdentities(r, every);
    expect(repairs.map((x) => x.path)).not.toContain(`requests.new_received[${c}]`);
    expect(r.requests.new_received![c]).toBe(before.new_received![c]);
  });

  it('sets doubtful readings right together where single repairs cannot (three 1s for 0s sharing a row and a column)', () => {
    const r = report();
    const want = structuredClone(r.requests);
    const bad = [
      ['not_processed_duplicate', 4],
      ['not_processed_duplicate', 5],
      ['not_processed_publication', 5],
    ] as const;
    for (const [k, c] of bad) r.requests[k]![c]! += 1;
    const paths = bad.map(([k, c]) => `requests.${k}[${c}]`);
    // Not doubted by the engine: left as read (their identities agree on none of them alone).
    const sure = structuredClone(r);
    expect(repairByIdentities(sure, every)).toEqual([]);
    // Doubted: each solved in turn, taken because every identity then holds.
    const repairs = repairByIdentities(r, every, (p) => paths.includes(p));
    expect(repairs.map((x) => x.path).sort()).toEqual([...paths].sort());
    expect(r.requests).toEqual(want);
  });

  it('takes no doubtful repair when the misread is a cell the engine was sure of (the identities do not all hold)', () => {
    const r = report();
    r.requests.granted![0]! += 10; // misread, but read with confidence
    r.requests.granted![1]! += 3; // the same row: no single repair
    const before = structuredClone(r.requests);
    // A doubtful cell that is right, in the failing row: solving for it cannot make every identity hold.
    expect(repairByIdentities(r, every, (p) => p === 'requests.granted[2]')).toEqual([]);
    expect(r.requests).toEqual(before);
  });

  it('never fills a blank, never touches a cell not read by OCR', () => {
    const r = report();
    r.requests.granted![0] = null;
    expect(repairByIdentities(r, every)).toEqual([]);
    expect(r.requests.granted![0]).toBeNull();

    const s = report();
    s.requests.granted![0]! += 10;
    expect(repairByIdentities(s, (path) => path !== 'requests.granted[0]')).toEqual([]);
  });
});
