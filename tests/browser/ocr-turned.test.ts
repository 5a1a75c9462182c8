/**
 * A scan whose pages lay sideways (issue 18's open end), in Debian's Chromium against the production build: the
 * fixture huaian-hongze-2024.rotated-200.pdf (pages 1, 3, 5 turned clockwise on the glass, 2 and 4 back) dropped
 * on 导入 is read upright in the parse worker; the stored record names each page's turn; the report view says,
 * among the reading problems, which pages lay sideways and that the crops are shown upright; and a crop beside an
 * OCR'd number is cut from the page turned as it was read — its pixels are those of the same box cut in Node from
 * the page turned the same way, and unlike those of the page turned the other way up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { fromRepo, loadScanManifest, turnOf } from '../../scripts/scans/manifest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { cropWindow } from '../../src/lib/report/ocr/crop';
import { findGrid, type Raster } from '../../src/lib/report/ocr/grid';
import { turnRaster, type Turn } from '../../src/lib/report/ocr/orient';
import { pdfRasters } from '../../src/lib/report/ocr/rasterize';
import { SHOTS, useApp } from '../support/app';
import { file, openImport, rowsByName, settled } from '../support/import-page';
import { openScanReport, storedEntry, withoutOcrChatter } from '../support/ocr';

const entry = loadScanManifest().entries.find((e) => e.rendition === 'rotated-200')!;
const NAME = entry.file.split('/').pop()!;
const bytes = readFileSync(fromRepo(entry.file));

/** A page of the PDF drawn in Node as the reader draws it. */
async function nodePage(page: number, dpi: number): Promise<Raster> {
  const make = (w: number, h: number) => createCanvas(w, h) as unknown as ReturnType<Parameters<typeof pdfRasters>[3]>;
  for await (const p of pdfRasters(await nodeEnv.pdfjs(), new Uint8Array(bytes), [page], make, {
    dpi,
    assets: nodeEnv.pdfAssets?.(),
  }))
    return p.raster;
  throw new Error(`no page ${page}`);
}

describe('a scan whose pages lay sideways, read and shown upright (Chromium)', () => {
  const app = useApp({ needs: 'import.html', viewport: { width: 1400, height: 1000 }, handle: true });

  it(
    'reads each page turned upright, says so, and cuts the crops from the turned page',
    { timeout: 400_000 },
    async () => {
      const page = await app.newPage();
      await openImport(page, app.origin);
      await page.setInputFiles('input[data-pick="files"]', [file(NAME, bytes, 'application/pdf')]);
      await settled(page, 1, 360_000);
      const row = (await rowsByName(page)).get(NAME);
      expect(row?.status, `${NAME}: ${row?.reason}`).toMatch(/^(ok|findings)$/);
      const stored = await storedEntry(page, NAME);
      const record = stored.record!;
      // Each page read at the turn that undoes the sheet's.
      const want =
        entry.kind === 'pdf'
          ? entry.imagePages.map((p) => ({ page: p, turn: (360 - turnOf(entry.degradation, p)) % 360 }))
          : [];
      expect(record.ocr?.turned).toEqual(want);
      expect(record.kind).toBe('annual_report');
      expect(record.requests?.new_received?.length).toBeGreaterThan(0);

      await openScanReport(page, app.origin, stored.id);
      // Said among the reading problems once per way the pages lay, naming the pages, with the crops' direction.
      const said = page.locator('[data-reading-findings] li[data-rule="ocr.turned"]');
      expect(await said.count()).toBe(new Set(want.map((w) => w.turn)).size);
      const texts = await said.allTextContents();
      expect(texts.some((x) => /扫描件第 1、3、5 页是横置的（向右侧倒）.*逆时针旋转 90° 后识别/.test(x))).toBe(true);
      expect(texts.some((x) => /扫描件第 2、4 页是横置的（向左侧倒）.*顺时针旋转 90° 后识别/.test(x))).toBe(true);
      expect(texts.every((x) => x.includes('截图已按转正后的方向显示'))).toBe(true);
      // A note about whole pages: no 查看原文, which would lead nowhere.
      expect(await said.locator('[data-source-link]').count()).toBe(0);

      // A crop beside an OCR'd number (one of several digits, which reads differently upside down): drawn when
      // seen, cut from the page turned as it was read.
      const path = record.findings
        .filter((f) => f.rule === 'ocr.unchecked' && f.cells.length === 1)
        .map((f) => f.cells[0])
        .find((c) => /^\d{2,}$/.test(record.cells?.[c]?.text ?? ''))!;
      expect(path, 'a number of two digits or more to look at').toBeTruthy();
      const item = page.locator(`[data-reading-findings] li:has([data-scan-cell="${path}"])`).first();
      await item.scrollIntoViewIfNeeded();
      const canvas = item.locator(`canvas[data-ocr-crop="${path}"][data-drawn]`);
      await canvas.waitFor({ timeout: 60_000 });
      const box = record.cells![path].ocr!.box;
      const turn = want.find((t) => t.page === box.page)?.turn as Turn;
      expect(turn, `page ${box.page} was read turned`).toBeGreaterThan(0);
      const shown = await canvas.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        return { width: c.width, height: c.height, rgba: Array.from(d) };
      });
      await item.screenshot({ path: join(SHOTS, 'ocr-turned-crop.png') });
      await said.last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'ocr-turned-said.png') });

      // The same window of the page drawn in Node and turned as recorded — and, for contrast, the other way up.
      const raster = await nodePage(box.page, record.ocr!.dpi!);
      const win = cropWindow(
        box,
        ...((turn % 180 ? [raster.height, raster.width] : [raster.width, raster.height]) as [number, number]),
      );
      expect([shown.width, shown.height]).toEqual([win.w, win.h]);
      const differs = (t: Turn) => {
        const g = findGrid(turnRaster(raster, t)).raster;
        let sum = 0;
        let n = 0;
        for (let y = 0; y < win.h; y++)
          for (let x = 0; x < win.w; x++) {
            const o = 4 * (y * win.w + x);
            // The red outline is drawn over the page: those pixels are left out.
            if (shown.rgba[o] - shown.rgba[o + 1] > 40) continue;
            sum += Math.abs(shown.rgba[o + 1] - g.data[(win.y + y) * g.width + win.x + x]);
            n++;
          }
        return sum / n;
      };
      const right = differs(turn);
      const wrong = differs(((turn + 180) % 360) as Turn);
      console.log(
        `crop of ${path} (${record.cells![path].text}, page ${box.page} turned ${turn}°): mean difference ${right.toFixed(1)} grey levels from Node's, ${wrong.toFixed(1)} from the page the other way up`,
      );
      expect(right, `mean difference from the page turned ${turn}°`).toBeLessThan(8);
      expect(wrong, `the page turned the other way up (${right.toFixed(1)} vs ${wrong.toFixed(1)})`).toBeGreaterThan(
        3 * right + 5,
      );
      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );
});
