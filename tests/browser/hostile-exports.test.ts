/**
 * Exports of hostile names in Debian's Chromium against the production build:
 * a covariate whose header has a / (人口/万人) and one whose header is a
 * formula payload (=cmd|' /C calc'!A0) are imported on /covariates; the
 * ranking per covariate then exports XLSX (the sheet named after the
 * covariate used to be refused by exceljs: only a page error) and opens with
 * exceljs, its header a plain string; its CSV carries the payload with a '
 * in front. No page error, nothing leaves the origin. Screenshots go to
 * tests/output/screenshots/.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { csvParseRows } from 'd3';
import { describe, expect, it } from 'vitest';
import { download, SHOTS, useApp } from '../support/app';

const SLASH = '人口/万人';
const PAYLOAD = "=cmd|' /C calc'!A0";
const FILE = `地区代码,地区,年份,${SLASH},"${PAYLOAD}",来源\n419001,济源市,2021,72.7,1,测试用虚构数据\n140525,泽州县,2021,48.5,2,测试用虚构数据\n`;

/** A downloaded XLSX, opened with exceljs. */
async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

describe('hostile names in exports (Chromium, production build)', () => {
  const app = useApp();

  it(
    "a covariate 人口/万人 exports the ranking as XLSX that opens; a payload header goes out with its ' in the CSV",
    { timeout: 420_000 },
    async () => {
      const { origin } = app;
      const page = await app.newPage();

      await page.goto(`${origin}/covariates`);
      await page.locator('[data-covariates-empty]').waitFor({ timeout: 150_000 });
      await page
        .locator('[data-covariate-file]')
        .setInputFiles({ name: '人口.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE, 'utf8') });
      await page.locator('[data-preview]').waitFor({ timeout: 30_000 });
      await page.locator('[data-covariate-save]').click();
      for (const name of [SLASH, PAYLOAD])
        await page
          .locator(`table[data-table="covariates"] tr[data-covariate="${name.replace(/"/g, '\\"')}"]`)
          .waitFor({ timeout: 30_000 });

      // The ranking per 人口/万人: XLSX export downloads and opens; its sheet named safely.
      await page.goto(`${origin}/ranking?level=${encodeURIComponent('县')}&year=2021&cov=${encodeURIComponent(SLASH)}`);
      await page.locator('table[data-ready="true"] td[data-pc]').first().waitFor({ timeout: 120_000 });
      const xlsx = await download(page, () => page.locator('[data-export="xlsx"]').first().click());
      expect(xlsx.name).toBe('排名_县_2021_每人口_万人.xlsx');
      const wb = await workbook(xlsx.bytes);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['排名_县_2021_每人口_万人']);
      const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
      expect(header).toContain(SLASH);
      expect(await page.locator('[data-export-failed]').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'ranking-xlsx-slash-covariate.png'), fullPage: true });

      // The ranking per the payload: the CSV's header cells that name it start with ', the XLSX's are plain strings.
      await page.goto(
        `${origin}/ranking?level=${encodeURIComponent('县')}&year=2021&cov=${encodeURIComponent(PAYLOAD)}`,
      );
      await page.locator('table[data-ready="true"] td[data-pc]').first().waitFor({ timeout: 120_000 });
      const csvDl = await download(page, () => page.locator('[data-export="csv"]').first().click());
      const csv = csvParseRows(
        csvDl.bytes
          .toString('utf8')
          .replace(/^\ufeff/, '')
          .replace(/\r\n/g, '\n')
          .trim(),
      );
      const named = csv[0].filter((h) => h.includes('cmd|'));
      expect(named.length).toBeGreaterThan(0);
      for (const h of named) expect(h, h).toMatch(/^'=cmd\|' \/C calc'!A0|^[^=+\-@]/);
      expect(csv[0]).toContain(`'${PAYLOAD}`);
      for (const row of csv) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+@\t\r]/);
      const wb2 = await workbook(
        (await download(page, () => page.locator('[data-export="xlsx"]').first().click())).bytes,
      );
      const cells = (wb2.worksheets[0].getRow(1).values as unknown[]).slice(1);
      expect(cells).toContain(PAYLOAD);
      expect(wb2.worksheets[0].getRow(1).getCell(cells.indexOf(PAYLOAD) + 1).type).toBe(ExcelJS.ValueType.String);
      expect(await page.locator('[data-export-failed]').count()).toBe(0);

      expect(app.errors).toEqual([]);
      expect(app.offOrigin()).toEqual([]);
    },
  );
});
