/**
 * The analysis views (对比, 申请办理, 复议诉讼, 趋势) and the overview chart in
 * Debian's Chromium against the production build: each renders with the
 * embedded data and shows the engine's numbers (computed here from the
 * records with evalMetric or the record's cells, never typed in); a missing
 * year is 缺, not 0; PNG export is 2× the chart's CSS size on white with the
 * title drawn; SVG export is well-formed XML with title, n, source and the
 * embedded font; nothing leaves the origin; no console errors. Screenshots go
 * to tests/output/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import { levelOf, reportId } from '../../src/lib/data/normalize';
import { evalMetric, METRIC_BY_KEY } from '../../src/lib/metrics/definitions';
import { download as downloaded, REPORTS, SHOTS, useApp } from '../support/app';

const int = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN'));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const firstLine = async (page: Page, sel: string) =>
  (await page.locator(sel).first().innerText()).split('\n')[0].trim();
const download = async (page: Page, click: () => Promise<void>) => (await downloaded(page, click, 60_000)).bytes;

describe('analysis views (Chromium, production build)', () => {
  const app = useApp();

  it(
    "compare, requests, review, trend and the overview chart show the engine's numbers; charts export",
    { timeout: 240_000 },
    async () => {
      const { records } = await buildTables(REPORTS);
      const { origin } = app;
      const page = await app.newPage();
      const ready = () => page.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });

      // The largest report: a city with every table filled.
      const city = [...records].sort(
        (a, b) => (b.requests.processed_total?.[6] ?? 0) - (a.requests.processed_total?.[6] ?? 0),
      )[0];

      /* Overview: the new chart, from the build-time aggregates (prerendered). */
      await page.goto(`${origin}/`);
      const overviewChart = page.locator('#overview-requests-by-year');
      await overviewChart.locator('svg[role="img"]').waitFor();
      for (const y of [...new Set(records.map((r) => r.year!))]) {
        const want = records.filter((r) => r.year === y).reduce((a, r) => a + (r.requests.new_received?.[6] ?? 0), 0);
        const bars = await overviewChart
          .locator('rect[data-value]')
          .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
        expect(bars, `overview ${y}`).toContain(want);
      }
      const years = records.map((r) => r.year!);
      const gaps = Array.from(
        { length: Math.max(...years) - Math.min(...years) + 1 },
        (_, i) => Math.min(...years) + i,
      ).filter((y) => !years.includes(y));
      expect(await overviewChart.locator('text[data-missing="true"]').count()).toBe(gaps.length);
      await page.screenshot({ path: join(SHOTS, 'overview-chart.png'), fullPage: true });

      /* Compare: every report (≤ 12) by default. */
      await page.goto(`${origin}/compare`);
      await ready();
      expect(await page.locator('figure.chart').count()).toBeGreaterThanOrEqual(7);
      for (const r of records) {
        expect(
          await firstLine(page, `td[data-outcome="total"][data-agency="${r.agency}"]`),
          `${r.agency} （七）总计`,
        ).toBe(int(r.requests.processed_total?.[6]));
        expect(await firstLine(page, `td[data-active="licensing_decisions"][data-agency="${r.agency}"]`)).toBe(
          int(evalMetric(r, METRIC_BY_KEY.licensing_decisions).value),
        );
      }
      // Choosing reports goes into the URL.
      await page.goto(
        `${origin}/compare?r=${encodeURIComponent(reportId(records[0]))}&r=${encodeURIComponent(reportId(city))}`,
      );
      await ready();
      expect(await page.locator('table[data-table="outcomes"] tbody tr').count()).toBe(2);
      await page.goto(`${origin}/compare`);
      await ready();
      await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });

      /* Requests: one report's 表三, and the whole scope. */
      await page.goto(`${origin}/requests?report=${encodeURIComponent(reportId(city))}`);
      await ready();
      for (const [row, col] of [
        ['new_received', 0],
        ['new_received', 6],
        ['granted', 6],
        ['unable_not_held', 6],
        ['processed_total', 6],
      ] as const) {
        expect(await firstLine(page, `td[data-row="${row}"][data-col="${col}"]`), `${row}[${col}]`).toBe(
          int(city.requests[row]?.[col]),
        );
      }
      await page.goto(`${origin}/requests`);
      await ready();
      const natural = records.reduce((a, r) => a + (r.requests.new_received?.[0] ?? 0), 0);
      expect((await firstLine(page, 'td[data-row="new_received"][data-col="0"]')).replace('*', '')).toBe(int(natural));
      await page.screenshot({ path: join(SHOTS, 'requests.png'), fullPage: true });

      /* Review: correction rates per report, with n. */
      await page.goto(`${origin}/review`);
      await ready();
      for (const r of records) {
        for (const k of ['review_correction_rate', 'litigation_correction_rate']) {
          expect(await firstLine(page, `td[data-metric="${k}"][data-agency="${r.agency}"]`), `${r.agency} ${k}`).toBe(
            pct(evalMetric(r, METRIC_BY_KEY[k]).value),
          );
        }
      }
      await page.screenshot({ path: join(SHOTS, 'review.png'), fullPage: true });

      /* Trend: a jurisdiction across years; a missing year is 缺, not 0. */
      const juris = (r: (typeof records)[number]) =>
        `${r.region_code ?? r.agency}|${levelOf(r.agency!, r.region_code)}`;
      const multi = records.find((r) => records.some((o) => o !== r && juris(o) === juris(r)))!;
      const mine = records.filter((r) => juris(r) === juris(multi));
      await page.goto(`${origin}/trend?metric=requests_new&j=${encodeURIComponent(juris(multi))}`);
      await ready();
      for (const r of mine) {
        expect(await firstLine(page, `td[data-series="${juris(multi)}"][data-year="${r.year}"]`)).toBe(
          int(evalMetric(r, METRIC_BY_KEY.requests_new).value),
        );
      }
      const missingYear = Array.from(
        { length: Math.max(...years) - Math.min(...years) + 1 },
        (_, i) => Math.min(...years) + i,
      ).find((y) => !mine.some((r) => r.year === y))!;
      expect(await firstLine(page, `td[data-series="${juris(multi)}"][data-year="${missingYear}"]`)).toBe('缺');
      expect(
        await page.locator(`text[data-missing="true"][data-series="${juris(multi)}"][data-x="${missingYear}"]`).count(),
      ).toBe(1);
      expect(await page.locator(`circle[data-series="${juris(multi)}"][data-x="${missingYear}"]`).count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'trend.png'), fullPage: true });

      /* Chart export from the trend chart. */
      const fig = page.locator('figure.chart').first();
      const svgEl = fig.locator('svg[role="img"]');
      const cssW = Number(await svgEl.getAttribute('data-width'));
      const cssH = Number(await svgEl.getAttribute('data-height'));
      const box = await svgEl.boundingBox();
      expect(Math.round(box!.width)).toBe(cssW);
      const title = (await fig.locator('text[data-role="title"]').allTextContents()).join('');
      expect(title).toContain(METRIC_BY_KEY.requests_new.zh);

      const svgText = (await download(page, () => fig.locator('[data-chart-export="svg"]').click())).toString('utf8');
      const parsed = await page.evaluate((s) => {
        const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
        return {
          error: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.nodeName,
          text: doc.documentElement.textContent ?? '',
        };
      }, svgText);
      expect(parsed.error).toBe(0);
      expect(parsed.root).toBe('svg');
      expect(parsed.text).toContain(title);
      expect(parsed.text).toMatch(/n = \d+ 份报告/);
      expect(parsed.text).toContain('数据来源：各单位政府信息公开工作年度报告');
      expect(parsed.text).toContain(METRIC_BY_KEY.requests_new.formula);
      expect(svgText).toMatch(/@font-face\{font-family:'Mingjing Noto Sans SC'[^}]*src:url\(data:font\/woff2;base64,/);

      const pngBytes = await download(page, () => fig.locator('[data-chart-export="png"]').click());
      writeFileSync(join(SHOTS, 'trend-export.png'), pngBytes);
      const png = PNG.sync.read(pngBytes);
      expect(png.width).toBe(cssW * 2);
      expect(png.height).toBe(cssH * 2);
      const px = (img: PNG, x: number, y: number) =>
        Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
      expect(px(png, 0, 0)).toEqual([255, 255, 255, 255]);
      expect(px(png, png.width - 1, png.height - 1)).toEqual([255, 255, 255, 255]);
      // The title is drawn: its band has dark pixels, and they vanish when the title is removed.
      const dark = (img: PNG) => {
        let n = 0;
        for (let y = 0; y < 40; y++)
          for (let x = 0; x < img.width; x++) {
            const [r, g, b] = px(img, x, y);
            if (r + g + b < 300) n++;
          }
        return n;
      };
      const withTitle = dark(png);
      expect(withTitle).toBeGreaterThan(200);
      await fig.locator('text[data-role="title"]').evaluateAll((ts) => ts.forEach((t) => (t.textContent = '')));
      const noTitle = PNG.sync.read(await download(page, () => fig.locator('[data-chart-export="png"]').click()));
      expect(dark(noTitle)).toBeLessThan(withTitle / 10);
      // The font came from our origin (a Vite asset), fetched only on export.
      expect(app.requests.some((u) => u.startsWith(`${origin}/`) && u.endsWith('.woff2'))).toBe(true);

      expect(app.offOrigin()).toEqual([]);
      expect(app.errors).toEqual([]);
    },
  );
});
