/**
 * Scans read offline in the browser (issue 18), in Debian's Chromium against the production build: a scanned
 * PDF and a picture of 表三 dropped on 导入 are read by OCR in the parse worker — tesseract.js, its wasm core
 * and its Chinese and English data all from our own origin (no request leaves it) — with a progress bar while
 * it runs and "已识别 N 页，用时 X 秒" after. What the worker read is what the CLI's path reads (readReportFile
 * with nodeOcr, in this test). The report view then shows, beside each OCR'd number that needs a look, its crop
 * drawn again from the stored original; 确认无误 on one keeps it as read (who and when) and its reading problem
 * is gone — from the view and from the stored data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFile } from '../../src/lib/report/io/read';
import { nodeOcr, stopNodeOcr } from '../../src/lib/report/ocr/node';
import type { ReportRecord } from '../../src/lib/report/types';
import { ROOT, SHOTS, useApp } from '../support/app';
import { file, openImport, rowsByName, settled, txt, YUNCHENG_2022 } from '../support/import-page';
import { flatValues } from '../support/fixtures';
import { withoutOcrChatter } from '../support/ocr';

const SCANS = join(ROOT, 'tests/fixtures/scans');
const PDF = 'huaian-hongze-2024.clean-200.pdf';
const PNG = 'huaian-hongze-2024.requests.web-150.png';
const bytesOf = (name: string) => readFileSync(join(SCANS, name.endsWith('.pdf') ? 'pdf' : 'tables', name));

/** The workspace's stored entries, read from IndexedDB as the app wrote them. */
const storedEntries = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ id: string; name: string; record: ReportRecord | null }[]>((resolve, reject) => {
        const open = indexedDB.open('mingjing-workspace');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('entries').objectStore('entries').getAll();
          req.onsuccess = () => {
            resolve(req.result);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

/** The stored corrections (confirmations are corrections to the same value). */
const storedCorrections = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ entryId: string; cell: string; original: unknown; value: unknown; author: string; at: string }[]>(
        (resolve, reject) => {
          const open = indexedDB.open('mingjing-workspace');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('corrections').objectStore('corrections').getAll();
            req.onsuccess = () => {
              resolve(req.result);
              open.result.close();
            };
            req.onerror = () => reject(req.error);
          };
        },
      ),
  );

const ocrFindings = (r: ReportRecord) =>
  r.findings
    .filter((f) => f.rule.startsWith('ocr.'))
    .map((f) => `${f.rule} ${f.severity} ${f.cells.join(',')}`)
    .sort();

const readingCount = (r: ReportRecord) => r.findings.filter((f) => f.origin === 'reading').length;

describe('scans read by OCR in the browser, offline, every number proven or shown (Chromium)', () => {
  const app = useApp({ needs: 'import.html', viewport: { width: 1400, height: 1000 }, handle: true });
  let page: Page;
  /** What the CLI's path reads from the same files. */
  const node = new Map<string, ReportRecord>();

  beforeAll(async () => {
    const env = { ...nodeEnv, ocr: nodeOcr() };
    for (const name of [PDF, PNG]) node.set(name, await readReportFile(new Uint8Array(bytesOf(name)), name, env));
  }, 180_000);
  afterAll(() => stopNodeOcr());

  it(
    'reads a scanned PDF and a table picture in the worker, with progress, as the Node path reads them',
    {
      timeout: 300_000,
    },
    async () => {
      page = await app.newPage();
      await openImport(page, app.origin);
      await page.setInputFiles('input[data-pick="files"]', [
        file(PDF, bytesOf(PDF), 'application/pdf'),
        file(PNG, bytesOf(PNG), 'image/png'),
      ]);
      // The progress bar of the file being read (the engine starting, then pages done of pages).
      await page.waitForSelector('[data-ocr-progress] progress', { timeout: 60_000 });
      await page.screenshot({ path: join(SHOTS, 'ocr-progress.png') });
      await settled(page, 2, 240_000);
      const rows = await rowsByName(page);
      const stored = new Map((await storedEntries(page)).map((e) => [e.name, e]));
      for (const name of [PDF, PNG]) {
        const want = node.get(name)!;
        const got = stored.get(name)!.record!;
        expect(rows.get(name)?.status, `${name}: ${rows.get(name)?.reason}`).toMatch(/^(ok|findings)$/);
        expect([got.kind, got.agency, got.year, got.format], name).toEqual([
          want.kind,
          want.agency,
          want.year,
          want.format,
        ]);
        expect(got.ocr?.pages, name).toBe(want.ocr?.pages);
        expect(got.ocr?.dpi, name).toBe(want.ocr?.dpi);
        // The same engine on the same pixels: the same values and the same reading problems.
        expect(Object.fromEntries(flatValues(got)), name).toEqual(Object.fromEntries(flatValues(want)));
        // The table cells are all read, whatever the time: the same OCR'd cells are shown for a look. (How much
        // running text is read depends on the time budget per page, so the narrative's findings may differ.)
        expect(ocrFindings(got), name).toEqual(ocrFindings(want));
        const done = await page.locator(`[data-review-list] tr[data-entry="${name}"] [data-ocr-done]`).textContent();
        expect(done, name).toMatch(new RegExp(`已识别 ${want.ocr!.pages} 页，用时 \\d+\\.\\d 秒（扫描件，文字识别）`));
      }
      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );

  it(
    'shows the crop beside each number that needs a look; confirming one changes the stored data',
    {
      timeout: 180_000,
    },
    async () => {
      for (const name of [PNG, PDF]) {
        const before = (await storedEntries(page)).find((e) => e.name === name)!;
        await page.goto(`${app.origin}/report?id=${encodeURIComponent(`mine:${before.id}`)}`);
        await page.waitForSelector('[data-reading-findings]', { timeout: 60_000 });
        const reading = page.locator('[data-reading-findings] li[data-rule^="ocr."]');
        const first = reading.first();
        const path = (await first.locator('[data-scan-cell]').getAttribute('data-scan-cell'))!;
        const crop = first.locator(`img[data-ocr-crop="${path}"]`);
        await crop.waitFor({ timeout: 60_000 });
        const size = await crop.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
        expect(size[0] * size[1], `${name} ${path}`).toBeGreaterThan(0);
        // The crop is cut around the box the engine read (a margin of at least 8 px each side).
        const box = before.record!.cells![path].ocr!.box;
        expect(size[0]).toBeGreaterThanOrEqual(Math.min(box.w + 16, size[0]));
        expect(size[0]).toBeLessThanOrEqual(box.w + 2 * Math.max(8, Math.round(box.h / 4)) + 2);
        await first.scrollIntoViewIfNeeded();
        await page
          .locator('[data-reading-findings]')
          .screenshot({ path: join(SHOTS, `ocr-crops-${name.endsWith('.pdf') ? 'pdf' : 'png'}.png`) });

        // Any OCR'd number clicked in the tables shows its crop beside the correction form too.
        const other = Object.keys(before.record!.cells!).find((p) => p !== path && before.record!.cells![p].ocr)!;
        await page.locator(`button[data-path="${other}"]`).click();
        const aside = page.locator(`aside [data-scan-cell="${other}"]`).first();
        await aside.locator('img[data-ocr-crop]').waitFor({ timeout: 30_000 });
        expect(await aside.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
        expect(await page.locator('[data-correction-panel]').count()).toBe(1);

        const count = await reading.count();
        const onPage = await page.locator('[data-reading-findings] li').count();
        expect(await page.locator('section.source h2 small').textContent()).toContain('文字识别');
        const author = first.locator('[data-confirm-author]');
        if (await author.count()) await author.fill('核对员甲');
        await first.locator(`[data-confirm="${path}"]`).click();
        // The view is read again: this cell's reading problem is gone, the others stay.
        await expect
          .poll(() => page.locator(`[data-reading-findings] [data-scan-cell="${path}"]`).count(), { timeout: 30_000 })
          .toBe(0);
        expect(await reading.count()).toBe(count - 1);
        expect(await page.locator('[data-reading-findings] li').count()).toBe(onPage - 1);
        // Stored: a correction to the same value, with who and when; read again, the report has one problem less.
        const kept = (await storedCorrections(page)).filter((c) => c.entryId === before.id && c.cell === path);
        expect(kept).toHaveLength(1);
        expect(kept[0].value).toBe(kept[0].original);
        expect(kept[0].author).toBeTruthy();
        expect(Date.now() - Date.parse(kept[0].at)).toBeLessThan(120_000);
        const total = async () =>
          Number(/\d+/.exec((await page.locator('[data-reading-count]').textContent()) ?? '')?.[0]);
        const after = await total();
        await page.reload();
        await page.waitForSelector('[data-reading-findings]', { timeout: 60_000 });
        expect(await total()).toBe(after);
        expect(after).toBe(readingCount(before.record!) - 1);
      }
      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );

  it(
    'cancels a scan while it is read: the file ends unreadable saying so, the rest of the batch lands',
    { timeout: 180_000 },
    async () => {
      const scan = 'huaian-hongze-2024.skew-150.pdf';
      await openImport(page, app.origin);
      // The two files of the first test are listed (the workspace is loaded) before these are added.
      await settled(page, 2);
      const before = 2;
      await page.setInputFiles('input[data-pick="files"]', [
        file(scan, bytesOf(scan), 'application/pdf'),
        txt('运城-2022.txt', YUNCHENG_2022),
      ]);
      const bar = page.locator(`[data-review-list] tr[data-entry="${scan}"] [data-ocr-cancel]`);
      await bar.click({ timeout: 60_000 });
      await settled(page, before + 2, 120_000);
      const rows = await rowsByName(page);
      expect(rows.get(scan)?.status).toBe('unreadable');
      expect(rows.get(scan)?.reason).toMatch(/已取消.*文字识别被用户停止/);
      expect(rows.get('运城-2022.txt')?.status).toMatch(/^(ok|findings)$/);
      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );
});
