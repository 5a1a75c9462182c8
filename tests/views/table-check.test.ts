/**
 * 整表核对 (issue 18) on a real table picture read by the real engine (tesseract.js, in Node): a 表三 whose
 * identities fail, so every number read from its grid needs a look. Which cells one 整表确认无误 covers (the
 * numbers read, not those the engine could not read in time), the table's picture (the region of the page
 * around its cells), the confirmation itself (one correction per cell, one author and time, the findings
 * resolved, the values unchanged), and undoing it as one. Also the page cache the crops are cut from.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFileWithText } from '../../src/lib/report/io/read';
import { nodeOcr, stopNodeOcr } from '../../src/lib/report/ocr/node';
import { pictureSize } from '../../src/lib/report/ocr/rasterize';
import type { ReportRecord } from '../../src/lib/report/types';
import {
  CORRECTION_RULE,
  correctedRecord,
  getCell,
  makeConfirmation,
  makeCorrection,
  makeTableConfirmation,
  tableConfirmations,
  TABLE_CONFIRM_REASON,
} from '../../src/lib/workspace/corrections';
import { PageCache } from '../../src/lib/workspace/page-cache';
import type { Correction } from '../../src/lib/workspace/types';
import { entryOf } from '../support/entries';
import { flatValues } from '../support/fixtures';
import { readTable, tableChecks, tableRegions, TABLE_MARGIN, withLabels } from '../../src/routes/report/table-check';
import { layout } from '../../src/routes/report/view';

const PHOTO = resolve(__dirname, '../fixtures/scans/tables/huaian-city-2024.requests.web-150.png');
const bytes = new Uint8Array(readFileSync(PHOTO));
let record: ReportRecord;
let text: string | null;

beforeAll(async () => {
  ({ record, text } = await readReportFileWithText(bytes, 'requests.jpg', { ...nodeEnv, ocr: nodeOcr() }));
}, 180_000);
afterAll(() => stopNodeOcr());

const entry = () => entryOf(record, text, { id: 'w1', size: bytes.length });
/** The reading problems of the record (as corrected) that name one 表三 cell, by rule. */
const ocrCells = (r: ReportRecord, rule: string) =>
  r.findings
    .filter((f) => f.rule === rule && f.origin === 'reading' && f.cells[0].startsWith('requests.'))
    .map((f) => f.cells[0])
    .sort();

describe('整表核对 of a scanned 表三 whose identities fail', () => {
  it('covers every number read from the grid with a problem in force, not the ones not read', () => {
    const checks = tableChecks(record, [], 'w1');
    expect(checks.map((c) => c.table)).toEqual(['requests']);
    const [c] = checks;
    const unproven = ocrCells(record, 'ocr.unproven');
    const unread = ocrCells(record, 'ocr.unread');
    // The picture: its 表三 fails its sums, so every number read there is unproven (a few may not be read in time).
    expect(unproven.length).toBeGreaterThan(100);
    // And the ones the sums set right (ocr.repaired): read as the sums say, still to be looked at.
    const look = [...unproven, ...ocrCells(record, 'ocr.repaired')].filter((p) => !unread.includes(p));
    expect([...c.toConfirm].sort()).toEqual(look.sort());
    expect(c.unread).toEqual(unread);
    expect(c.confirmed).toEqual([]);
    // Each has its box on the picture, and is outlined there.
    expect([...c.marks.values()].flat()).toHaveLength(c.toConfirm.length + c.unread.length);
  });

  it('leaves out a number the engine did not read in time: it must be entered, not confirmed', () => {
    const [path] = tableChecks(record, [], 'w1')[0].toConfirm;
    const late = {
      ...record,
      findings: record.findings.map((f) =>
        f.rule === 'ocr.unproven' && f.cells[0] === path ? { ...f, rule: 'ocr.unread' } : f,
      ),
    };
    const [c] = tableChecks(late, [], 'w1');
    expect(c.toConfirm).not.toContain(path);
    expect(c.unread).toContain(path);
    expect([...c.marks.values()].flat()).toContainEqual(record.cells![path].ocr!.box);
  });

  it('cuts the table’s picture around every cell of it read from the grid, a margin around', () => {
    const [c] = tableChecks(record, [], 'w1');
    const size = pictureSize(bytes)!;
    expect(c.pictures).toHaveLength(1);
    const { page, region } = c.pictures[0];
    expect(page).toBe(1);
    const boxes = Object.entries(record.cells!)
      .filter(([p, s]) => p.startsWith('requests.') && s.ocr)
      .map(([, s]) => s.ocr!.box);
    expect(boxes.length).toBeGreaterThanOrEqual(c.toConfirm.length);
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(region.x);
      expect(b.y).toBeGreaterThanOrEqual(region.y);
      expect(b.x + b.w).toBeLessThanOrEqual(region.x + region.w);
      expect(b.y + b.h).toBeLessThanOrEqual(region.y + region.h);
    }
    // No more than the cells and the margin — and to the left, the row labels from the page's edge.
    expect(region.x).toBe(0);
    expect(Math.max(...boxes.map((b) => b.x + b.w))).toBe(region.x + region.w - TABLE_MARGIN);
    expect(Math.min(...boxes.map((b) => b.y))).toBe(region.y + TABLE_MARGIN);
    expect(Math.max(...boxes.map((b) => b.y + b.h))).toBe(region.y + region.h - TABLE_MARGIN);
    expect(region.w).toBeLessThanOrEqual(size.width + 2 * TABLE_MARGIN);
  });

  it('shows the table as read in the layout of the form, each number where the tables show it', () => {
    const [read] = readTable(record, 'requests');
    expect(read.head).toHaveLength(7);
    const printed = layout(record).req.filter((l) => l.printed);
    expect(read.rows.map((r) => r.label.zh)).toEqual(printed.map((l) => l.def.label));
    for (const r of read.rows)
      for (const cell of r.cells) expect(cell.value).toEqual(getCell(record, cell.path) ?? null);
    const [c] = tableChecks(record, [], 'w1');
    const shown = new Set(read.rows.flatMap((r) => r.cells.map((x) => x.path)));
    for (const p of c.toConfirm) expect(shown.has(p), p).toBe(true);
  });

  it('confirms them all in one go: one correction per cell, one author and time, their problems resolved, no value changed', () => {
    const e = entry();
    const [c] = tableChecks(record, [], 'w1');
    const now = new Date('2026-12-03T05:00:00.000Z');
    const cs = makeTableConfirmation(e, [...c.toConfirm, c.toConfirm[0]], ' 核对员乙 ', now);
    expect(cs).toHaveLength(c.toConfirm.length);
    expect(new Set(cs.map((x) => x.id)).size).toBe(cs.length);
    for (const x of cs) {
      expect([x.author, x.at, x.reason]).toEqual(['核对员乙', now.toISOString(), TABLE_CONFIRM_REASON]);
      expect(x.value).toBe(x.original);
      expect(x.value).toEqual(getCell(record, x.cell));
    }
    const after = correctedRecord(e, cs)!;
    expect(Object.fromEntries(flatValues(after))).toEqual(Object.fromEntries(flatValues(record)));
    expect(ocrCells(after, 'ocr.unproven').filter((p) => c.toConfirm.includes(p))).toEqual([]);
    // What it cannot vouch for stays to be entered.
    expect(ocrCells(after, 'ocr.unread')).toEqual(c.unread);
    const notes = after.findings.filter((f) => f.rule === CORRECTION_RULE);
    expect(notes).toHaveLength(cs.length);
    expect(notes.every((f) => f.message.startsWith('用户整表确认无误：') && f.message.includes('核对员乙'))).toBe(true);
    // Shown as one confirmation to undo, and nothing left to confirm.
    const [again] = tableChecks(after, cs, 'w1');
    expect(again.toConfirm).toEqual([]);
    expect(again.unread).toEqual(c.unread);
    expect(again.confirmed).toHaveLength(1);
    expect(again.confirmed[0].ids.sort()).toEqual(cs.map((x) => x.id).sort());
    expect(again.confirmed[0].cells.sort()).toEqual([...c.toConfirm].sort());
    // Undone as one: every problem back.
    const undone = cs.filter((x) => !again.confirmed[0].ids.includes(x.id));
    expect(correctedRecord(e, undone)).toBe(record);
  });

  it('keeps a whole-table confirmation apart from single confirmations, and gives up a cell corrected after it', () => {
    const e = entry();
    const [c] = tableChecks(record, [], 'w1');
    const [first, second, ...rest] = c.toConfirm;
    const single = makeConfirmation(e, first, '甲', new Date('2026-12-03T04:00:00.000Z'));
    const table = makeTableConfirmation(e, [second, ...rest], '乙', new Date('2026-12-03T05:00:00.000Z'));
    const later = makeCorrection(e, second, 12345, '丙', '原图为 12345', new Date('2026-12-03T06:00:00.000Z'));
    const other: Correction = { ...table[0], id: 'x', entryId: 'w2' };
    const all = [single, ...table, later, other];
    const groups = tableConfirmations(all, 'w1');
    expect(groups).toHaveLength(1);
    expect(groups[0].ids).toHaveLength(table.length);
    expect(groups[0].cells.sort()).toEqual(rest.sort());
    const after = correctedRecord(e, all)!;
    const [check] = tableChecks(after, all, 'w1');
    expect(check.toConfirm).toEqual([]);
    expect(check.confirmed[0].cells).not.toContain(second);
    expect(getCell(after, second)).toBe(12345);
  });

  it('refuses an empty table or a cell the record does not have', () => {
    expect(() => makeTableConfirmation(entry(), [], '乙')).toThrow(/没有待核对/);
    expect(() => makeTableConfirmation(entry(), ['requests.nope[0]'], '乙')).toThrow(/没有这个单元格/);
    expect(() => makeTableConfirmation(entry(), tableChecks(record, [], 'w1')[0].toConfirm, ' ')).toThrow(/更正人/);
  });
});

describe('the table’s region on each page', () => {
  it('is the union of the boxes with a margin, kept off the page’s top and left edges, pages in order', () => {
    const r = tableRegions([
      { page: 2, x: 100, y: 50, w: 20, h: 10 },
      { page: 1, x: 5, y: 300, w: 40, h: 20 },
      { page: 2, x: 10, y: 200, w: 30, h: 10 },
    ]);
    expect(r).toEqual([
      { page: 1, region: { x: 0, y: 288, w: 57, h: 44 } },
      { page: 2, region: { x: 0, y: 38, w: 132, h: 184 } },
    ]);
    expect(tableRegions([])).toEqual([]);
    expect(withLabels(r)).toEqual([
      { page: 1, region: { x: 0, y: 288, w: 57, h: 44 } },
      { page: 2, region: { x: 0, y: 38, w: 132, h: 184 } },
    ]);
    expect(withLabels([{ page: 3, region: { x: 40, y: 5, w: 10, h: 10 } }])).toEqual([
      { page: 3, region: { x: 0, y: 5, w: 50, h: 10 } },
    ]);
  });
});

describe('the page cache the crops are cut from', () => {
  const make = () => {
    const drawn: string[] = [];
    const freed: string[] = [];
    const fail = new Set<string>();
    const waits = new Map<string, () => void>();
    const cache = new PageCache<string>(
      async (key) => {
        drawn.push(key);
        if (waits.has(key)) await new Promise<void>((r) => waits.set(key, r));
        if (fail.has(key)) throw new Error(`no ${key}`);
        return `page ${key}`;
      },
      (p) => freed.push(p),
      3,
    );
    return { cache, drawn, freed, fail, waits };
  };

  it('decodes a page once however many crops ask for it, at the same time or later', async () => {
    const { cache, drawn } = make();
    const got = await Promise.all([cache.get('a#1'), cache.get('a#1'), cache.get('a#2')]);
    expect(got).toEqual(['page a#1', 'page a#1', 'page a#2']);
    expect(await cache.get('a#1')).toBe('page a#1');
    expect(drawn).toEqual(['a#1', 'a#2']);
    expect(cache.size).toBe(2);
  });

  it('draws a page that failed again on the next ask', async () => {
    const { cache, drawn, fail } = make();
    fail.add('b#1');
    await expect(cache.get('b#1')).rejects.toThrow('no b#1');
    expect(cache.size).toBe(0);
    fail.delete('b#1');
    expect(await cache.get('b#1')).toBe('page b#1');
    expect(drawn).toEqual(['b#1', 'b#1']);
  });

  it('frees every page when the report is left, one still being drawn when it arrives', async () => {
    const { cache, freed, waits } = make();
    await cache.get('a#1');
    await cache.get('a#2');
    waits.set('a#3', () => {});
    const late = cache.get('a#3');
    await Promise.resolve();
    cache.clear();
    expect(cache.size).toBe(0);
    expect(freed.sort()).toEqual(['page a#1', 'page a#2']);
    waits.get('a#3')!();
    await late;
    expect(freed.sort()).toEqual(['page a#1', 'page a#2', 'page a#3']);
    // Asked again after: drawn anew.
    expect(await cache.get('a#1')).toBe('page a#1');
    expect(cache.size).toBe(1);
  });

  it('keeps at most its number of pages, letting the oldest go', async () => {
    const { cache, drawn } = make();
    for (const k of ['p#1', 'p#2', 'p#3', 'p#4']) await cache.get(k);
    expect(cache.size).toBe(3);
    await cache.get('p#1');
    expect(drawn).toEqual(['p#1', 'p#2', 'p#3', 'p#4', 'p#1']);
  });
});
