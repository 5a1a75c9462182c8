/**
 * Scans read offline in the browser (issue 18), in Debian's Chromium against the production build: a scanned
 * PDF and a picture of 表三 dropped on 导入 are read by OCR in the parse worker — tesseract.js, its wasm core
 * and its Chinese and English data all from our own origin (no request leaves it) — with a progress bar while
 * it runs and "已识别 N 页，用时 X 秒" after. What the worker read is what the CLI's path reads (readReportFile
 * with nodeOcr, in this test). The report view then shows, beside each OCR'd number that needs a look, its crop
 * drawn again from the stored original; 确认无误 on one keeps it as read (who and when) and its reading problem
 * is gone — from the view and from the stored data. A photo of 表三 whose sums fail (every number to look at)
 * is checked whole: its picture beside the table as read, one 整表确认无误 for all of them (one write, one author
 * and time), undone as one; and the crops in the list are drawn as they scroll into view, not all at once.
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
import {
  openScanReport,
  readingTotal,
  storedCorrections,
  storedEntries,
  storedEntry,
  withoutOcrChatter,
} from '../support/ocr';

const SCANS = join(ROOT, 'tests/fixtures/scans');
const PDF = 'huaian-hongze-2024.clean-200.pdf';
const PNG = 'huaian-hongze-2024.requests.web-150.png';
/**
 * A picture of 表三 whose sums fail as read — two misreads that hide each other in the balance, which the
 * identities cannot set right — so every number of it needs a look (the whole-table check).
 */
const PHOTO = 'huaian-city-2024.requests.web-150.png';
/** A skewed scan whose 表三 runs over two pages and fails its sums; its 表二 has nothing to prove it by. */
const SKEWED = 'huaian-city-2024.skew-150.pdf';
const bytesOf = (name: string) => readFileSync(join(SCANS, name.endsWith('.pdf') ? 'pdf' : 'tables', name));

const ocrFindings = (r: ReportRecord) =>
  r.findings
    .filter((f) => f.rule.startsWith('ocr.'))
    .map((f) => `${f.rule} ${f.severity} ${f.cells.join(',')}`)
    .sort();

/** The reading problems a look at the picture settles, and their items in the report view. */
const LOOK = /^ocr\.(unproven|repaired)$/;
const LOOK_ITEMS =
  '[data-reading-findings] li[data-rule="ocr.unproven"], [data-reading-findings] li[data-rule="ocr.repaired"]';

/** A page's time ran out before all its table cells were read (they are `ocr.unread`). */
const outOfTime = (r: ReportRecord) => r.findings.some((f) => f.rule === 'ocr.unread');

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
        if (!outOfTime(got) && !outOfTime(want)) {
          // The same engine on the same pixels: the same values and the same reading problems.
          expect(Object.fromEntries(flatValues(got)), name).toEqual(Object.fromEntries(flatValues(want)));
          // The table cells are all read: the same OCR'd cells are shown for a look. (How much running text is
          // read depends on the time budget per page, so the narrative's findings may differ.)
          expect(ocrFindings(got), name).toEqual(ocrFindings(want));
        } else {
          // A page ran out of its time on one side (a loaded machine: the budget is per page, in time), and said
          // so (ocr.unread); a row whose label was not read is not placed. Wherever both read a value, it is the same.
          const theirs = flatValues(want);
          const both = [...flatValues(got)].filter(([k, v]) => v !== null && theirs.get(k) != null);
          expect(both.length, name).toBeGreaterThan(0);
          expect(Object.fromEntries(both), name).toEqual(Object.fromEntries(both.map(([k]) => [k, theirs.get(k)])));
        }
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
      // The picture's 表三 is proven whole by its sums (nothing to look at); the PDF's 表二 has no sums to prove it.
      for (const name of [PDF]) {
        const before = await storedEntry(page, name);
        await openScanReport(page, app.origin, before.id);
        const reading = page.locator('[data-reading-findings] li[data-rule^="ocr."]');
        const first = reading.first();
        const path = (await first.locator('[data-scan-cell]').getAttribute('data-scan-cell'))!;
        const crop = first.locator(`canvas[data-ocr-crop="${path}"][data-drawn]`);
        // A crop is drawn when it is seen (the list scrolls): this one is scrolled to.
        await first.scrollIntoViewIfNeeded();
        await crop.waitFor({ timeout: 60_000 });
        const size = await crop.evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
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
        const asideCrop = aside.locator('canvas[data-ocr-crop][data-drawn]');
        await asideCrop.waitFor({ timeout: 30_000 });
        expect(await asideCrop.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
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
        const after = await readingTotal(page);
        await page.reload();
        await page.waitForSelector('[data-reading-findings]', { timeout: 60_000 });
        expect(await readingTotal(page)).toBe(after);
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

  it(
    'checks a whole 表三 at once: its picture beside it as read, one 整表确认无误 for every number, undone as one; crops drawn as they are seen',
    { timeout: 240_000 },
    async () => {
      await openImport(page, app.origin);
      await settled(page, 4);
      await page.setInputFiles('input[data-pick="files"]', [file(PHOTO, bytesOf(PHOTO), 'image/png')]);
      await settled(page, 5, 180_000);
      const entry = await storedEntry(page, PHOTO);
      const ocr = entry.record!.findings.filter((f) => f.rule.startsWith('ocr.') && f.origin === 'reading');
      // Every number to look at: unproven, or set right by the sums (ocr.repaired) — still to be looked at.
      const unproven = ocr.filter((f) => LOOK.test(f.rule)).map((f) => f.cells[0]);
      const unread = ocr.filter((f) => f.rule === 'ocr.unread').map((f) => f.cells[0]);
      // The photo's 表三 fails its sums: every number read from its grid needs a look.
      expect(unproven.length).toBeGreaterThan(100);
      await openScanReport(page, app.origin, entry.id);
      const readingBefore = await readingTotal(page);
      // The table's failing sums are reading problems while its numbers are unproven.
      const sumsBefore = await page.locator('[data-reading-findings] li[data-rule="requests.row_sum"]').count();
      expect(sumsBefore).toBeGreaterThan(0);

      // Lazy crops: those in view are drawn, those further down the list are not until they are scrolled to.
      const crops = page.locator('[data-reading-findings] canvas[data-ocr-crop]');
      const drawn = page.locator('[data-reading-findings] canvas[data-ocr-crop][data-drawn]');
      const all = await crops.count();
      expect(all).toBe(unproven.length + unread.length);
      // The reading problems of the table's layout come first; the crops start further down the list.
      expect(await drawn.count()).toBe(0);
      await crops.first().scrollIntoViewIfNeeded();
      await drawn.first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(1500); // time enough for more to be drawn, were they drawn all at once
      const seen = await drawn.count();
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThan(all / 4);
      const last = crops.last();
      expect(await last.getAttribute('data-drawn')).toBeNull();
      await last.scrollIntoViewIfNeeded();
      await expect.poll(() => last.getAttribute('data-drawn'), { timeout: 30_000 }).toBe('true');
      expect(await last.evaluate((c: HTMLCanvasElement) => c.width * c.height)).toBeGreaterThan(0);
      expect(await drawn.count()).toBeLessThan(all);

      // The table check: the table's picture (drawn when scrolled to) beside the table as read, the numbers to look at marked.
      const check = page.locator('[data-table-check="requests"]');
      const picture = check.locator('canvas[data-table-crop="1"]');
      expect(await picture.getAttribute('data-drawn')).toBeNull();
      await page.locator('[data-table-check-links] a[href="#check-requests"]').click();
      await check.locator('canvas[data-table-crop="1"][data-drawn]').waitFor({ timeout: 60_000 });
      const size = await picture.evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
      // The region of the whole table: far larger than one cell's crop, within the photo.
      const boxes = unproven.map((p) => entry.record!.cells![p].ocr!.box);
      expect(size[0]).toBeGreaterThanOrEqual(
        Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...boxes.map((b) => b.x)),
      );
      expect(size[1]).toBeGreaterThanOrEqual(
        Math.max(...boxes.map((b) => b.y + b.h)) - Math.min(...boxes.map((b) => b.y)),
      );
      const toCheck = (
        await check
          .locator('td[data-check]')
          .evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.readCell!))
      ).sort();
      expect(toCheck).toEqual(unproven.filter((p) => !unread.includes(p)).sort());
      const button = check.locator('[data-confirm-table="requests"]');
      await expect.poll(() => button.textContent()).toContain(`整表确认无误（${toCheck.length} 格）`);
      await expect.poll(() => check.textContent()).toContain('我已逐格核对图片与识别结果一致');
      await check.scrollIntoViewIfNeeded();
      await check.screenshot({ path: join(SHOTS, 'ocr-table-check.png') });

      // The button asserts a check: it waits for the box to be ticked.
      expect(await button.isDisabled()).toBe(true);
      await check.locator('[data-table-assert="requests"]').check();
      const author = check.locator('[data-table-author]');
      if (await author.count()) await author.fill('核对员乙');
      await button.click();
      await expect.poll(() => page.locator(LOOK_ITEMS).count(), { timeout: 60_000 }).toBe(0);
      // Every number of the table now vouched for, its failing sums are the report's own errors, no longer ours.
      expect(await readingTotal(page)).toBeLessThanOrEqual(readingBefore - toCheck.length);
      expect(await page.locator('[data-reading-findings] li[data-rule="requests.row_sum"]').count()).toBe(0);
      expect(await page.locator('li[data-rule="requests.row_sum"][data-severity="error"]').count()).toBe(sumsBefore);
      const readingAfter = await readingTotal(page);
      // Stored: one confirmation per cell, one author and one time, each keeping the value read.
      const kept = (await storedCorrections(page)).filter((c) => c.entryId === entry.id);
      expect(kept.map((c) => c.cell).sort()).toEqual(toCheck);
      expect(new Set(kept.map((c) => `${c.author} ${c.at}`)).size).toBe(1);
      expect(kept.every((c) => c.value === c.original && c.reason.startsWith('整表确认无误'))).toBe(true);
      // Shown as one, with who and when, and in the report's findings as a confirmation per cell.
      const confirmed = check.locator('[data-table-confirmed="requests"]');
      await expect.poll(() => confirmed.textContent()).toContain(`已整表确认 ${toCheck.length} 格（${kept[0].author}`);
      expect(await page.locator('li[data-rule="user.correction"]').count()).toBe(toCheck.length);
      expect(await button.count()).toBe(0);
      // A number of the table opens its correction panel, which names the whole-table confirmation.
      await check.locator(`td[data-read-cell="${toCheck[0]}"] button`).click();
      await expect.poll(() => page.locator('[data-correction-who]').textContent()).toContain('整表确认无误');
      await check.scrollIntoViewIfNeeded();
      await check.screenshot({ path: join(SHOTS, 'ocr-table-confirmed.png') });
      await openScanReport(page, app.origin, entry.id);
      await page.waitForSelector('[data-table-confirmed="requests"]', { timeout: 60_000 });
      expect(await readingTotal(page)).toBe(readingAfter);

      // Undone as one: every confirmation gone, every reading problem back.
      await page.locator('[data-undo-table="requests"]').click();
      await expect
        .poll(async () => (await storedCorrections(page)).filter((c) => c.entryId === entry.id).length, {
          timeout: 60_000,
        })
        .toBe(0);
      await expect.poll(() => page.locator(LOOK_ITEMS).count(), { timeout: 60_000 }).toBe(unproven.length);
      expect(await readingTotal(page)).toBe(readingBefore);
      expect(await page.locator('[data-reading-findings] li[data-rule="requests.row_sum"]').count()).toBe(sumsBefore);
      expect(await page.locator('[data-confirm-table="requests"]').count()).toBe(1);
      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );

  it(
    'cuts a table printed over two pages of a scanned PDF as one picture per page, each table with its own check',
    { timeout: 300_000 },
    async () => {
      await openImport(page, app.origin);
      await settled(page, 5);
      await page.setInputFiles('input[data-pick="files"]', [file(SKEWED, bytesOf(SKEWED), 'application/pdf')]);
      await settled(page, 6, 240_000);
      const entry = await storedEntry(page, SKEWED);
      const record = entry.record!;
      await openScanReport(page, app.origin, entry.id);
      for (const table of ['active', 'requests'] as const) {
        const look = record.findings
          .filter((f) => /^ocr\.(unproven|unchecked|repaired)$/.test(f.rule) && f.cells[0].startsWith(table))
          .filter((f) => record.cells![f.cells[0]].ocr)
          .map((f) => f.cells[0]);
        const pages = [...new Set(look.map((p) => record.cells![p].ocr!.box.page))].sort();
        expect(look.length, table).toBeGreaterThan(0);
        // 表三 runs over two pages of this scan.
        if (table === 'requests') expect(pages).toHaveLength(2);
        const check = page.locator(`[data-table-check="${table}"]`);
        const marked = await check
          .locator('td[data-check]')
          .evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.readCell!));
        expect(marked.sort(), table).toEqual(look.sort());
        const pictures = check.locator('canvas[data-table-crop]');
        expect(
          await pictures.evaluateAll((cs) => cs.map((c) => Number((c as HTMLElement).dataset.tableCrop))),
          table,
        ).toEqual(expect.arrayContaining(pages));
        for (let i = 0; i < (await pictures.count()); i++) {
          const pic = pictures.nth(i);
          await pic.scrollIntoViewIfNeeded();
          await expect.poll(() => pic.getAttribute('data-drawn'), { timeout: 60_000 }).toBe('true');
          expect(await pic.evaluate((c: HTMLCanvasElement) => c.width * c.height), table).toBeGreaterThan(0);
        }
        await check.screenshot({ path: join(SHOTS, `ocr-table-check-pdf-${table}.png`) });
      }
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );
});
