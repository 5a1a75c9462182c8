/**
 * The OCR engine's controls on a real rasterized page (表三's page of a
 * fixture): cancelling stops it with an AbortError, the page budget cuts it
 * short and says so, progress is reported, and the data comes from the npm
 * packages on disk (nothing fetched).
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { findGrid, type Raster } from '../../src/lib/report/ocr/grid';
import { nodeOcrAssets } from '../../src/lib/report/ocr/node';
import { readPage } from '../../src/lib/report/ocr/page';
import { createOcrEngine, DOUBTFUL, readCell, type OcrEngine } from '../../src/lib/report/ocr/recognize';
import { rasterizePdf } from './render';

let engine: OcrEngine;
let page: Raster;
beforeAll(async () => {
  engine = await createOcrEngine(nodeOcrAssets());
  page = (await rasterizePdf(join(resolve(__dirname, '../fixtures/pdf'), '000_8077d3367313ca29.pdf'), 200))[2];
}, 60_000);
afterAll(async () => {
  await engine?.terminate();
});

describe('OCR engine controls', () => {
  it('names its language data on disk, from the npm packages', () => {
    const a = nodeOcrAssets();
    expect(existsSync(join(a.chi, 'chi_sim.traineddata.gz'))).toBe(true);
    expect(existsSync(join(a.eng, 'eng.traineddata.gz'))).toBe(true);
  });

  it('reads a number cell as digits with its confidence and crop, a label as Chinese, a blank as blank', async () => {
    const g = findGrid(page);
    const t = g.tables.reduce((a, b) => (b.cells.length > a.cells.length ? b : a));
    // Row "一、本年新收…": its label and 自然人's 45.
    const row = t.cells.filter((c) => c.row === 3);
    const [label, first] = [row[0], row[1]];
    const l = await readCell(engine, g.raster, g.threshold, label, { page: 3 });
    expect(l.kind).toBe('text');
    expect(l.text).toContain('本年新收政府信息公开申请数量');
    const n = await readCell(engine, g.raster, g.threshold, first, { page: 3 });
    expect(n).toMatchObject({ kind: 'number', text: '45', box: { page: 3, x: first.x, y: first.y } });
    expect(n.confidence).toBeGreaterThan(60);
    // A cell with no ink (here: a box in the page's margin) is blank, not 0.
    const margin = { row: 0, col: 0, rowSpan: 1, colSpan: 1, x: 10, y: 10, w: 80, h: 30 };
    expect(await readCell(engine, g.raster, g.threshold, margin, { page: 3 })).toMatchObject({
      kind: 'blank',
      text: '',
    });
  }, 60_000);

  it('reads small print (the page drawn at 75 dpi, digits about 6 px tall) as it reads the page at 200 dpi', async () => {
    const file = join(resolve(__dirname, '../fixtures/pdf'), '000_8077d3367313ca29.pdf');
    const small = (await rasterizePdf(file, 75))[2];
    const [big, low] = [findGrid(page), findGrid(small)];
    const table = (g: typeof big) => g.tables.reduce((a, b) => (b.cells.length > a.cells.length ? b : a));
    const [tb, tl] = [table(big), table(low)];
    expect(tl.cells.map((c) => `${c.row},${c.col}`)).toEqual(tb.cells.map((c) => `${c.row},${c.col}`));
    let numbers = 0;
    let same = 0;
    const differ: string[] = [];
    for (const [i, cell] of tb.cells.entries()) {
      const want = await readCell(engine, big.raster, big.threshold, cell, { page: 3 });
      if (want.kind !== 'number' || want.confidence <= DOUBTFUL) continue;
      numbers++;
      const got = await readCell(engine, low.raster, low.threshold, tl.cells[i], { page: 3 });
      if (got.text === want.text) same++;
      else differ.push(`${cell.row},${cell.col}: ${got.text} (${Math.round(got.confidence)}) for ${want.text}`);
    }
    expect(numbers).toBeGreaterThan(50);
    // With crops at a fixed 2× (before they were sized for the print), 0s of this size were read as nothing.
    expect(same / numbers, differ.join('; ')).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('reports progress, and stops with an AbortError when cancelled', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const run = readPage(engine, page, 3, 1, {
      signal: ac.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 10) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Math.max(...seen)).toBeLessThan(12);
  }, 60_000);

  it('keeps to its budget: cells past the hard stop are marked unread, not guessed', async () => {
    const p = await readPage(engine, page, 3, 1, { budgetMs: 100 });
    expect(p.overBudget).toBe(true);
    const unread = p.notes.filter((n) => n.unread);
    expect(unread.length).toBeGreaterThan(0);
    for (const n of unread) expect(n.text).toBe('');
    // Four times the budget, plus the one cell and the headings read when it ran out.
    expect(p.ms).toBeLessThan(400 + 2000);
  }, 60_000);
});
