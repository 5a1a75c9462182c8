/**
 * The dashboard in Debian's Chromium against the production build: the
 * overview's first paint (build-time figures) and the ranking (DuckDB-WASM in
 * the browser) show exactly the engine's numbers for the embedded reports;
 * nothing is requested outside our origin; no console errors. Screenshots go
 * to tests/output/screenshots/.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import { levelOf } from '../../src/lib/data/normalize';
import { evalMetric, METRIC_BY_KEY } from '../../src/lib/metrics/definitions';
import { download, REPORTS, SHOTS, useApp } from '../support/app';

describe('dashboard (Chromium, production build)', () => {
  const app = useApp();

  it("shows the engine's numbers in the overview and the ranking, offline", { timeout: 180_000 }, async () => {
    const { records } = await buildTables(REPORTS);
    const page = await app.newPage();

    // Overview: first paint from build-time aggregates.
    await page.goto(`${app.origin}/`);
    const fig = (k: string) => page.locator(`[data-figure="${k}"] .value`).textContent();
    expect(await fig('reports')).toBe(String(records.length));
    const newRequests = records.reduce((a, r) => a + (r.requests.new_received?.[6] ?? 0), 0);
    expect(await fig('requests_new')).toBe(newRequests.toLocaleString('zh-CN'));
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });

    // Ranking: counties of 2021, from DuckDB-WASM in the browser.
    await page.goto(`${app.origin}/ranking?level=${encodeURIComponent('县')}&year=2021&sort=disclosure_rate`);
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    const counties = records.filter((r) => r.year === 2021 && levelOf(r.agency!, r.region_code) === '县');
    expect(await page.locator('table tbody tr').count()).toBe(counties.length);
    for (const r of counties) {
      for (const key of ['disclosure_rate', 'requests_new', 'review_rate']) {
        const want = evalMetric(r, METRIC_BY_KEY[key]);
        const cell = (await page.locator(`td[data-metric="${key}"][data-agency="${r.agency}"]`).innerText())
          .split('\n')[0]
          .trim();
        const shown =
          METRIC_BY_KEY[key].unit === 'rate'
            ? want.value === null
              ? '—'
              : `${(want.value * 100).toFixed(1)}%`
            : (want.value ?? '—').toLocaleString('zh-CN');
        expect(cell, `${r.agency} ${key}`).toBe(shown);
      }
    }
    await page.screenshot({ path: join(SHOTS, 'ranking.png'), fullPage: true });

    // Exports: the CSV equals the table on screen; the XLSX opens with exceljs and holds the same rows.
    const csv = (await download(page, () => page.click('[data-export="csv"]'))).bytes.toString('utf8');
    // The choices travel in the file: level and year on every line, the order in the rank's header.
    expect(csv.startsWith('\ufeff层级,年度,名次（按“公开率”')).toBe(true);
    const csvRows = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(csvRows).toHaveLength(counties.length + 1);
    const shownAgencies = await page
      .locator('tbody td.name')
      .evaluateAll((tds) => tds.map((td) => td.firstChild?.textContent?.trim()));
    const body = csvRows[0].indexOf('单位');
    expect(csvRows.slice(1).map((r) => r[body])).toEqual(shownAgencies);
    expect(csvRows.slice(1).every((r) => r[0] === '县' && r[1] === '2021')).toBe(true);
    for (const r of counties) {
      const row = csvRows.find((x) => x[body] === r.agency)!;
      const want = evalMetric(r, METRIC_BY_KEY.disclosure_rate);
      // The header names the indicator's weight and direction: 公开率（权重 1，越高越好）.
      const col = csvRows[0].findIndex((h) => /^公开率(（|$)/.test(h));
      expect(Number(row[col])).toBeCloseTo(want.value!, 12);
      expect(Number(row[csvRows[0].indexOf('公开率分母(n)')])).toBe(want.denominator);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download(page, () => page.click('[data-export="xlsx"]'))).path);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(body + 1).value).toBe('单位');
    expect(counties.map((_, i) => ws.getRow(i + 2).getCell(body + 1).value)).toEqual(shownAgencies);

    expect(app.offOrigin()).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
