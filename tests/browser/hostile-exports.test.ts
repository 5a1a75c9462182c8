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
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import ExcelJS from 'exceljs';
import { csvParseRows } from 'd3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveBuild } from '../support/browser';

const ROOT = resolve(__dirname, '../..');
const BUILD = join(ROOT, 'build');
const SHOTS = join(ROOT, 'tests/output/screenshots');
const SLASH = '人口/万人';
const PAYLOAD = "=cmd|' /C calc'!A0";
const FILE = `地区代码,地区,年份,${SLASH},"${PAYLOAD}",来源\n419001,济源市,2021,72.7,1,测试用虚构数据\n140525,泽州县,2021,48.5,2,测试用虚构数据\n`;

describe('hostile names in exports (Chromium, production build)', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let origin = '';

  beforeAll(async () => {
    if (!existsSync(join(BUILD, 'data/reports.arrow'))) throw new Error('build/data missing: run `npm run data && npx vite build` (npm test does)');
    mkdirSync(SHOTS, { recursive: true });
    const served = await serveBuild(BUILD);
    server = served.server;
    origin = served.origin;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  it('a covariate 人口/万人 exports the ranking as XLSX that opens; a payload header goes out with its \' in the CSV', { timeout: 420_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    const outside: string[] = [];
    context.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) outside.push(r.url()); });
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

    await page.goto(`${origin}/covariates`);
    await page.locator('[data-covariates-empty]').waitFor({ timeout: 150_000 });
    await page.locator('[data-covariate-file]').setInputFiles({ name: '人口.csv', mimeType: 'text/csv', buffer: Buffer.from(FILE, 'utf8') });
    await page.locator('[data-preview]').waitFor({ timeout: 30_000 });
    await page.locator('[data-covariate-save]').click();
    for (const name of [SLASH, PAYLOAD]) await page.locator(`table[data-table="covariates"] tr[data-covariate="${name.replace(/"/g, '\\"')}"]`).waitFor({ timeout: 30_000 });

    // The ranking per 人口/万人: XLSX export downloads and opens; its sheet named safely.
    await page.goto(`${origin}/ranking?level=${encodeURIComponent('县')}&year=2021&cov=${encodeURIComponent(SLASH)}`);
    await page.locator('table[data-ready="true"] td[data-pc]').first().waitFor({ timeout: 120_000 });
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="xlsx"]').first().click()]);
    expect(xlsx.suggestedFilename()).toBe('排名_县_2021_每人口_万人.xlsx');
    const bytes = readFileSync((await xlsx.path())!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排名_县_2021_每人口_万人']);
    const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(header).toContain(SLASH);
    expect(await page.locator('[data-export-failed]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'ranking-xlsx-slash-covariate.png'), fullPage: true });

    // The ranking per the payload: the CSV's header cells that name it start with ', the XLSX's are plain strings.
    await page.goto(`${origin}/ranking?level=${encodeURIComponent('县')}&year=2021&cov=${encodeURIComponent(PAYLOAD)}`);
    await page.locator('table[data-ready="true"] td[data-pc]').first().waitFor({ timeout: 120_000 });
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="csv"]').first().click()]);
    const csv = csvParseRows(readFileSync((await csvDl.path())!, 'utf8').replace(/^\ufeff/, '').replace(/\r\n/g, '\n').trim());
    const named = csv[0].filter((h) => h.includes('cmd|'));
    expect(named.length).toBeGreaterThan(0);
    for (const h of named) expect(h, h).toMatch(/^'=cmd\|' \/C calc'!A0|^[^=+\-@]/);
    expect(csv[0]).toContain(`'${PAYLOAD}`);
    for (const row of csv) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+@\t\r]/);
    const [x2] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="xlsx"]').first().click()]);
    const b2 = readFileSync((await x2.path())!);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(b2.buffer.slice(b2.byteOffset, b2.byteOffset + b2.byteLength) as ArrayBuffer);
    const cells = (wb2.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(cells).toContain(PAYLOAD);
    expect(wb2.worksheets[0].getRow(1).getCell(cells.indexOf(PAYLOAD) + 1).type).toBe(ExcelJS.ValueType.String);
    expect(await page.locator('[data-export-failed]').count()).toBe(0);

    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  });
});
