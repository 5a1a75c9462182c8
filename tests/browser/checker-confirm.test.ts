/**
 * Who vouches for a number (CheckerConfirm), in the three places that ask, in Debian's Chromium against the
 * production build, on a real table picture read by OCR in the browser: beside a scanned number (确认无误) and
 * under its table (整表确认无误) the name is asked while none is remembered and each button waits for one (a blank
 * is none; the table's also for its ticked assertion); what is confirmed is kept under that name, which is then
 * remembered and not asked again. The correction form (保存更正) always shows its author, the remembered name in
 * it, and keeps nothing without one (the form requires it); Enter in a field saves like the button, and the name
 * saved under is the one remembered. Screenshots: tests/output/screenshots/checker-confirm-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useApp } from '../support/app';
import { file, openImport, settled } from '../support/import-page';
import { openScanReport, storedCorrections, storedEntry, withoutOcrChatter } from '../support/ocr';

/** A picture of 表三 whose sums fail as read: every number of it needs a look, so all three places ask. */
const PHOTO = 'huaian-city-2024.requests.web-150.png';
const remembered = (page: Page) => page.evaluate(() => localStorage.getItem('mingjing:author'));
const keptFor = async (page: Page, cell: string) => (await storedCorrections(page)).filter((c) => c.cell === cell);

describe('who vouches: asked once, remembered, at 确认无误, 整表确认无误 and 保存更正 (Chromium)', () => {
  const app = useApp({ needs: 'import.html', viewport: { width: 1400, height: 1000 }, handle: true });

  it(
    'asks for a name until one is kept, keeps each confirmation and correction under it',
    { timeout: 300_000 },
    async () => {
      const page = await app.newPage();
      await openImport(page, app.origin);
      const bytes = readFileSync(join(ROOT, 'tests/fixtures/scans/tables', PHOTO));
      await page.setInputFiles('input[data-pick="files"]', [file(PHOTO, bytes, 'image/png')]);
      await settled(page, 1, 180_000);
      const entry = await storedEntry(page, PHOTO);
      await openScanReport(page, app.origin, entry.id);
      expect(await remembered(page)).toBeNull();

      // 确认无误 beside one number: the name is asked, and the button waits for one — a blank is none.
      const first = page.locator('[data-reading-findings] li[data-rule="ocr.unproven"] [data-scan-cell]').first();
      const path = (await first.getAttribute('data-scan-cell'))!;
      const name = first.locator('[data-confirm-author]');
      const confirm = first.locator(`[data-confirm="${path}"]`);
      expect(await name.getAttribute('placeholder')).toBe('核对人');
      expect(await confirm.textContent()).toBe('确认无误');
      expect(await confirm.isDisabled()).toBe(true);
      await name.fill('  ');
      expect(await confirm.isDisabled()).toBe(true);
      await name.fill('核对员丙');
      expect(await confirm.isDisabled()).toBe(false);
      await first.scrollIntoViewIfNeeded();
      await first.screenshot({ path: join(SHOTS, 'checker-confirm-scan.png') });

      // 整表确认无误 asks on its own, and waits for the assertion and for a name.
      const check = page.locator('[data-table-check="requests"]');
      const bar = check.locator('.confirm-all');
      const tableName = check.locator('[data-table-author]');
      const tableButton = check.locator('[data-confirm-table="requests"]');
      expect(await tableName.getAttribute('aria-label')).toBe('核对人');
      await tableName.fill('核对员丙');
      expect(await tableButton.isDisabled()).toBe(true);
      await check.locator('[data-table-assert="requests"]').check();
      expect(await tableButton.isDisabled()).toBe(false);
      await tableName.fill('');
      expect(await tableButton.isDisabled()).toBe(true);
      await tableName.fill('核对员丙');
      await bar.scrollIntoViewIfNeeded();
      await bar.screenshot({ path: join(SHOTS, 'checker-confirm-table.png') });

      // The number confirmed: kept as read under the name, and the name remembered.
      await confirm.click();
      await expect.poll(async () => (await keptFor(page, path)).length, { timeout: 30_000 }).toBe(1);
      const [kept] = await keptFor(page, path);
      expect([kept.author, kept.value]).toEqual(['核对员丙', kept.original]);
      // Remembered once the workspace has taken it (after the write: the poll above may see the write first).
      await expect.poll(() => remembered(page), { timeout: 30_000 }).toBe('核对员丙');

      // Opened again, nobody is asked: every button is ready under the remembered name.
      await openScanReport(page, app.origin, entry.id);
      expect(await page.locator('[data-confirm-author], [data-table-author]').count()).toBe(0);
      const next = page.locator('[data-reading-findings] li[data-rule="ocr.unproven"] [data-scan-cell]').first();
      const other = (await next.getAttribute('data-scan-cell'))!;
      expect(other).not.toBe(path);
      expect(await next.locator(`[data-confirm="${other}"]`).isDisabled()).toBe(false);

      // 保存更正: the author always shown, the remembered name in it; without one nothing is kept.
      await page.locator(`button[data-path="${other}"]`).click();
      const panel = page.locator('[data-correction-panel]');
      const author = panel.locator('[data-correction-author]');
      expect(await author.inputValue()).toBe('核对员丙');
      expect(await panel.locator('label:has([data-correction-author])').textContent()).toContain('更正人');
      await author.fill('');
      await panel.locator('[data-correction-value]').fill('7');
      await panel.locator('[data-correction-reason]').fill('对照原图更正');
      await panel.locator('[data-correction-save]').click();
      expect(await author.evaluate((i: HTMLInputElement) => i.validity.valueMissing)).toBe(true);
      await page.waitForTimeout(1000);
      expect(await keptFor(page, other)).toHaveLength(0);
      await author.fill('更正员丁');
      await panel.screenshot({ path: join(SHOTS, 'checker-confirm-correction.png') });
      // Enter in a field submits the form, as the button does.
      await panel.locator('[data-correction-reason]').press('Enter');
      await expect.poll(async () => (await keptFor(page, other)).length, { timeout: 30_000 }).toBe(1);
      const [fixed] = await keptFor(page, other);
      expect([fixed.author, fixed.value, fixed.reason]).toEqual(['更正员丁', 7, '对照原图更正']);
      await expect.poll(() => remembered(page), { timeout: 30_000 }).toBe('更正员丁');
      expect(app.offOrigin()).toEqual([]);
      expect(withoutOcrChatter(app.errors)).toEqual([]);
    },
  );
});
