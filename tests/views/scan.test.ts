/**
 * Scans in the views (issue 18), on a real table picture read by the real engine (tesseract.js, in Node): the
 * record as the workspace stores it (its OCR summary and each value's confidence and box kept, a wrong one
 * refused), the cell an `ocr.*` finding asks to look at, the import row's words, and 确认无误 — a correction to
 * the same value that resolves that cell's reading problem and says who confirmed it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFileWithText } from '../../src/lib/report/io/read';
import { nodeOcr, stopNodeOcr } from '../../src/lib/report/ocr/node';
import { pictureSize } from '../../src/lib/report/ocr/rasterize';
import type { ReportRecord } from '../../src/lib/report/types';
import { CONFIRM_REASON, correctedRecord, getCell, makeConfirmation } from '../../src/lib/workspace/corrections';
import { checkRecord } from '../../src/lib/workspace/schema';
import * as imp from '../../src/routes/import/view';
import * as rep from '../../src/routes/report/view';
import { entryOf } from '../support/entries';

const PNG = resolve(__dirname, '../fixtures/scans/tables/huaian-city-2024.requests.web-150.png');
let record: ReportRecord;
let text: string | null;
const bytes = new Uint8Array(readFileSync(PNG));

beforeAll(async () => {
  ({ record, text } = await readReportFileWithText(bytes, 'requests.png', { ...nodeEnv, ocr: nodeOcr() }));
}, 120_000);
afterAll(() => stopNodeOcr());

const entry = () => entryOf(record, text, { id: 'w1', name: join('scans', 'requests.png'), size: bytes.length });

describe('a scan in the workspace and the views', () => {
  it('is stored with its OCR summary and every value’s confidence and box; a wrong note is refused', () => {
    expect(record.ocr?.pages).toBe(1);
    expect(checkRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
    const path = Object.keys(record.cells!).find((p) => record.cells![p].ocr)!;
    const bad = JSON.parse(JSON.stringify(record));
    bad.cells[path].ocr.confidence = 140;
    expect(() => checkRecord(bad)).toThrow(/confidence/);
    delete bad.cells[path].ocr.confidence;
    expect(() => checkRecord(bad)).toThrow(/confidence/);
  });

  it('names the cell of each ocr.* finding, its box inside the picture', () => {
    const size = pictureSize(bytes)!;
    const ocr = record.findings.filter((f) => f.rule.startsWith('ocr.'));
    expect(ocr.length).toBeGreaterThan(0);
    for (const f of ocr) {
      const c = rep.scanCellOf(record, f)!;
      expect(c.path).toBe(f.cells[0]);
      expect(c.box.x + c.box.w).toBeLessThanOrEqual(size.width);
      expect(c.box.y + c.box.h).toBeLessThanOrEqual(size.height);
      expect(rep.scanCaption(c, true)).toContain(`${c.confidence}%`);
    }
    // Not a scan finding, or a cell read from text: nothing to crop.
    expect(rep.scanCellOf(record, { ...ocr[0], rule: 'requests.row_sum' })).toBeNull();
    expect(rep.scanCell(record, 'agency')).toBeNull();
  });

  it('says on the import row how many pages were read and how long it took, and how far a scan is', () => {
    const e = entry();
    expect(imp.ocrLine(e)).toBe(`已识别 1 页，用时 ${(record.ocr!.ms / 1000).toFixed(1)} 秒（扫描件，文字识别）`);
    expect(imp.ocrLine({ ...e, record: { ...record, ocr: undefined } })).toBeNull();
    expect(imp.ocrProgress({ done: 0, total: 0 }).value).toBeNull();
    expect(imp.ocrProgress({ done: 2, total: 5 })).toMatchObject({
      value: 2,
      max: 5,
      text: '文字识别：已识别 2 / 5 页',
    });
  });

  it('确认无误 keeps the value as read, with who and when, and resolves that cell’s reading problem only', () => {
    const e = entry();
    const f = record.findings.find((x) => x.rule === 'ocr.unproven')!;
    const path = f.cells[0];
    const c = makeConfirmation(e, path, '核对员甲', new Date('2026-02-03T04:05:06Z'));
    expect([c.value, c.original, c.author, c.reason, c.at]).toEqual([
      getCell(record, path),
      getCell(record, path),
      '核对员甲',
      CONFIRM_REASON,
      '2026-02-03T04:05:06.000Z',
    ]);
    const after = correctedRecord(e, [c])!;
    const reading = (r: ReportRecord) => r.findings.filter((x) => x.origin === 'reading');
    expect(reading(after)).toHaveLength(reading(record).length - 1);
    expect(after.findings.some((x) => x.rule === f.rule && x.cells[0] === path)).toBe(false);
    const note = after.findings.find((x) => x.rule === 'user.correction' && x.cells[0] === path)!;
    expect(note.message).toMatch(/^用户确认无误：.*核对员甲，2026-02-03 04:05/);
    expect(() => makeConfirmation(e, 'requests.no_such_row[0]', '甲')).toThrow();
    expect(() => makeConfirmation(e, path, ' ')).toThrow(/更正人/);
  });
});
