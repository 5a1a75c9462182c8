/**
 * Which way up a scan is (src/lib/report/ocr/orient.ts): the quarter turns move pixels and boxes alike; the
 * lines' direction tells across from down on real pages; the finder, with the real engine, sets a text page and
 * a table page upright from each of the four turns, reading an upright page once (and the page does not read that
 * line again); and the boxes of a picture taken sideways, read through the file reader, are in the turned page:
 * cut from the picture turned as the crops turn it (workspace/crops.ts), each box holds the value read; the
 * turns are kept by the workspace's schema.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRepo, loadScanManifest, turnOf } from '../../scripts/scans/manifest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFile } from '../../src/lib/report/io/read';
import { findGrid, type Raster } from '../../src/lib/report/ocr/grid';
import { nodeOcr, stopNodeOcr } from '../../src/lib/report/ocr/node';
import { findOrientation, lineDirection, turnBox, turnRaster, type Turn } from '../../src/lib/report/ocr/orient';
import { readPage } from '../../src/lib/report/ocr/page';
import { readCell, type OcrEngine } from '../../src/lib/report/ocr/recognize';
import { checkRecord } from '../../src/lib/workspace/schema';
import { rasterizePdf } from './render';

const TURNS: Turn[] = [0, 90, 180, 270];
const ocr = nodeOcr({ budgetMs: 120_000 });
let engine: OcrEngine;
/** huaian-hongze-2024's clean scan at 200 dpi: page 1 is text only, page 4 holds 表三. */
let pages: Raster[];
/**
 * huaian-city-2024's noisy scan, page 4: 表三, whose widest lines are numbers (96171.6) — once taken as turned
 * (a number is no evidence of which way up), so lines of Chinese glyphs are read instead.
 */
let noisy: Raster;
beforeAll(async () => {
  engine = await ocr.engine();
  const dir = resolve(__dirname, '../fixtures/scans/pdf');
  pages = await rasterizePdf(join(dir, 'huaian-hongze-2024.clean-200.pdf'));
  noisy = (await rasterizePdf(join(dir, 'huaian-city-2024.noisy-300.pdf')))[3];
}, 120_000);
afterAll(() => stopNodeOcr());

/** A small raster whose every pixel differs (its value is its index, modulo 256, on a 7 × 5 page). */
const numbered = (): Raster => ({ data: Uint8Array.from({ length: 35 }, (_, i) => i), width: 7, height: 5 });
const at = (r: Raster, x: number, y: number) => r.data[y * r.width + x];

describe('quarter turns', () => {
  it('turn the raster clockwise, exactly, and swap the sides on a quarter', () => {
    const r = numbered();
    const q = turnRaster(r, 90);
    expect([q.width, q.height]).toEqual([5, 7]);
    // Clockwise: the old bottom-left corner comes to the top left, the old top left to the top right.
    expect(at(q, 0, 0)).toBe(at(r, 0, 4));
    expect(at(q, 4, 0)).toBe(at(r, 0, 0));
    expect(at(q, 4, 6)).toBe(at(r, 6, 0));
    const h = turnRaster(r, 180);
    expect(at(h, 0, 0)).toBe(at(r, 6, 4));
    expect(at(turnRaster(r, 270), 0, 0)).toBe(at(r, 6, 0));
    // Turns add up: four quarters, or 90 then 270, give the page back; 90 twice is 180.
    expect(turnRaster(turnRaster(turnRaster(q, 90), 90), 90)).toEqual(r);
    expect(turnRaster(q, 270)).toEqual(r);
    expect(turnRaster(q, 90)).toEqual(h);
    expect(turnRaster(r, 0)).toBe(r);
  });

  it('move a box where its pixels go', () => {
    const r = numbered();
    const box = { x: 1, y: 1, w: 3, h: 2 };
    const inside = (ras: Raster, b: typeof box) => {
      const v: number[] = [];
      for (let y = b.y; y < b.y + b.h; y++) for (let x = b.x; x < b.x + b.w; x++) v.push(at(ras, x, y));
      return v.sort((a, b) => a - b);
    };
    for (const t of TURNS) expect(inside(turnRaster(r, t), turnBox(box, 7, 5, t)), `turn ${t}`).toEqual(inside(r, box));
  });
});

describe('the direction of the text lines', () => {
  it('runs across on every upright page and down once turned by a quarter (the same size, the sign turned)', () => {
    for (const [i, p] of pages.entries()) {
      const g = findGrid(p);
      const d = lineDirection(g.raster, g.threshold);
      expect(d, `page ${i + 1}`).toBeGreaterThan(0.2);
      for (const t of [90, 270] as Turn[]) {
        const turned = findGrid(turnRaster(p, t));
        expect(lineDirection(turned.raster, turned.threshold), `page ${i + 1} turned ${t}`).toBeLessThan(-0.2);
      }
    }
  });
});

describe('the page set upright', () => {
  it.each([
    ['text', () => pages[0]],
    ['表三', () => pages[3]],
    ['noisy 表三', () => noisy],
  ])(
    'finds the way up of a %s page from each turn, and the same grid as upright',
    async (_what, get) => {
      const page = get();
      const upright = findGrid(page);
      for (const t of TURNS) {
        const o = await findOrientation(engine, turnRaster(page, t));
        expect(o.turn, `turned ${t}: ${JSON.stringify(o.tried.map(({ image: _, ...r }) => r))}`).toBe((360 - t) % 360);
        expect(o.grid.tables.map((x) => x.cells.length)).toEqual(upright.tables.map((x) => x.cells.length));
        expect([o.grid.raster.width, o.grid.raster.height]).toEqual([upright.raster.width, upright.raster.height]);
        // An upright page is read once; a turned one until a reading is sure.
        if (t === 0) expect(o.tried).toHaveLength(1);
        else expect(o.tried.at(-1)!.confidence).toBeGreaterThanOrEqual(70);
      }
    },
    120_000,
  );

  it('does not read the line it was decided on again when the page reads it', async () => {
    const o = await findOrientation(engine, pages[3]);
    const probe = o.tried[0].image;
    let reads = 0;
    const counting: OcrEngine = {
      settings: engine.settings,
      digits: (img) => engine.digits(img),
      terminate: () => engine.terminate(),
      text(img, mode) {
        if (img.length === probe.length && img.every((v, i) => v === probe[i])) reads++;
        return engine.text(img, mode);
      },
    };
    const read = await readPage(counting, pages[3], 4, 1, { budgetMs: 120_000 });
    expect(read.turn).toBe(0);
    // Once by the finder; the page's own reading of that line came from memory (it is in the page's text).
    expect(reads).toBe(1);
    expect(read.html.replace(/\s+/g, '')).toContain(o.tried[0].text.replace(/\s+/g, '').slice(0, 4));
  }, 120_000);
});

describe('a picture of 表三 taken sideways, read through the file reader', () => {
  it('keeps its boxes in the page turned upright: each box, cut as the crops cut it, holds the value read', async () => {
    const e = loadScanManifest().entries.find((x) => x.rendition === 'sideways-200')!;
    expect(turnOf(e.degradation)).toBe(90);
    const bytes = new Uint8Array(readFileSync(fromRepo(e.file)));
    const rec = await readReportFile(bytes, e.file, { ...nodeEnv, ocr });
    expect(rec.ocr?.turned).toEqual([{ page: 1, turn: 270 }]);
    expect(rec.findings.find((f) => f.rule === 'ocr.turned')?.message).toMatch(/第 1 页是横置的.*逆时针旋转 90°/);
    // Kept when the workspace stores or exports the record (its schema), and a turn that is not a quarter refused.
    expect(checkRecord(JSON.parse(JSON.stringify(rec))).ocr?.turned).toEqual([{ page: 1, turn: 270 }]);
    const odd = JSON.parse(JSON.stringify({ ...rec, ocr: { ...rec.ocr, turned: [{ page: 1, turn: 45 }] } }));
    expect(() => checkRecord(odd)).toThrow(/turned\[0\]\.turn/);
    const twice = {
      ...odd,
      ocr: {
        ...odd.ocr,
        turned: [
          { page: 1, turn: 270 },
          { page: 1, turn: 90 },
        ],
      },
    };
    expect(() => checkRecord(twice)).toThrow(/turned\[1\]\.page/);
    // What workspace/crops.ts does with the stored original: decode, turn as recorded, deskew (findGrid).
    const picture = await ocr.picture(bytes);
    const g = findGrid(turnRaster(picture, rec.ocr!.turned![0].turn));
    const spans = Object.entries(rec.cells ?? {}).filter(([, s]) => s.ocr && /^\d{2,}$/.test(s.text));
    expect(spans.length).toBeGreaterThan(20);
    for (const [path, s] of spans.slice(0, 12)) {
      const again = await readCell(
        engine,
        g.raster,
        g.threshold,
        { row: 0, col: 0, rowSpan: 1, colSpan: 1, ...s.ocr!.box },
        { page: 1 },
      );
      expect(again.text, path).toBe(s.text);
    }
  }, 120_000);
});
