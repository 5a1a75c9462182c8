/**
 * A saved web page whose tables are pictures, imported as a .zip (issue 18), in Debian's Chromium against the
 * production build: the zip holds `X.html` and its `X_files/` folder of three table pictures (the fixture
 * tests/fixtures/scans/pages/huaian-hongze-2024.page-zip.zip). It lands as ONE report — the pictures are not
 * rows of their own — its three tables read by OCR in the parse worker, the same values as the Node path reads
 * from the same zip, and the page's site logo on the web is never requested (nothing leaves our origin).
 * The report view shows an OCR'd number's crop, cut from the picture it was read from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFile } from '../../src/lib/report/io/read';
import { nodeOcr, stopNodeOcr } from '../../src/lib/report/ocr/node';
import type { ReportRecord } from '../../src/lib/report/types';
import { expandInputs } from '../../src/lib/workspace/inputs';
import { ROOT, SHOTS, useApp } from '../support/app';
import { file, openImport, rows, settled } from '../support/import-page';
import { flatValues } from '../support/fixtures';
import { withoutOcrChatter } from '../support/ocr';

const ZIP = 'huaian-hongze-2024.page-zip.zip';
const PAGE = `${ZIP}/huaian-hongze-2024.page-zip.html`;
const bytes = readFileSync(join(ROOT, 'tests/fixtures/scans/pages', ZIP));

/** The workspace's stored entries, as the app wrote them to IndexedDB. */
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

describe('a saved page with its pictures, as a .zip, is one report read by OCR (Chromium)', () => {
  const app = useApp({ needs: 'import.html', viewport: { width: 1400, height: 1000 }, handle: true });
  let want: ReportRecord;

  beforeAll(async () => {
    // What the Node path reads from the same zip: the import's grouping, then the reader with OCR.
    const { files } = await expandInputs([{ name: ZIP, bytes: new Uint8Array(bytes) }]);
    want = await readReportFile(files[0].bytes, files[0].name, { ...nodeEnv, ocr: nodeOcr() });
  }, 180_000);
  afterAll(() => stopNodeOcr());

  it(
    'lands as ONE row, its tables read from the pictures, the logo on the web never requested',
    { timeout: 300_000 },
    async () => {
      const page = await app.newPage();
      await openImport(page, app.origin);
      await page.setInputFiles('input[data-pick="files"]', [file(ZIP, bytes, 'application/zip')]);
      await settled(page, 1, 240_000);
      await page.screenshot({ path: join(SHOTS, 'saved-page-import.png') });
      const listed = await rows(page);
      expect(listed.map((r) => r.name)).toEqual([PAGE]);
      expect(listed[0].status, listed[0].reason ?? '').toMatch(/^(ok|findings)$/);
      const stored = await storedEntries(page);
      expect(stored).toHaveLength(1);
      const got = stored[0].record!;
      expect([got.kind, got.agency, got.year, got.ocr?.pages]).toEqual([
        'annual_report',
        '淮安市洪泽区人民政府',
        2024,
        3,
      ]);
      expect([want.kind, want.ocr?.pages]).toEqual(['annual_report', 3]);
      // All three tables came from the pictures: values in each, and OCR'd spans on the pictures 1–3.
      expect(Object.values(got.active).some((v) => v !== null)).toBe(true);
      expect(got.review?.length).toBe(5);
      const pictures = new Set(Object.values(got.cells ?? {}).flatMap((s) => (s.ocr ? [s.ocr.box.page] : [])));
      expect([...pictures].sort()).toEqual([1, 2, 3]);
      // The same engine on the same pixels as the Node path.
      expect(Object.fromEntries(flatValues(got))).toEqual(Object.fromEntries(flatValues(want)));
      const done = await page.locator(`[data-review-list] tr[data-entry="${PAGE}"] [data-ocr-done]`).textContent();
      expect(done).toMatch(/已识别 3 页/);

      // The report view: an OCR'd number's crop, cut from its picture inside the stored page.
      await page.goto(`${app.origin}/report?id=${encodeURIComponent(`mine:${stored[0].id}`)}`);
      await page.waitForSelector('[data-reading-findings]', { timeout: 60_000 });
      const first = page.locator('[data-reading-findings] li[data-rule^="ocr."]').first();
      const path = (await first.locator('[data-scan-cell]').getAttribute('data-scan-cell'))!;
      // Drawn once it is in view (the crops are drawn lazily).
      await first.scrollIntoViewIfNeeded();
      const crop = first.locator(`canvas[data-ocr-crop="${path}"][data-drawn]`);
      await crop.waitFor({ timeout: 60_000 });
      const size = await crop.evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
      const box = got.cells![path].ocr!.box;
      expect(size[0]).toBeGreaterThanOrEqual(box.w);
      expect(size[1]).toBeGreaterThanOrEqual(box.h);
      await first.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'saved-page-report.png') });

      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );
});
