/**
 * Charts that cannot mislead, in Debian's Chromium on the production build, with the embedded reports and
 * one report the test imports: the real 运城 2021 text as 2022 with its （七）总计 lowered from 43 to 23
 * (tests/support/overflow-report.ts) — no real report here has groups that add up to
 * more than their total, so the test makes one, through the app's own import.
 * - 对比 of 运城 2021 and 2022: every band label carries its year and the two differ; the 2022 outcome bar
 *   is cut at 100 % with its mark and a note naming the report's own data problem; no bar leaves the plot.
 * - 趋势 of every place: the 缺 marks' boxes never overlap and stay in the plot; a count has no total line
 *   when no body reports every year, and the note says why; the axis states its unit.
 * - The 16:9 export: a PNG of 1600 × 900 (read from its header) and an SVG of that size with the title and
 *   the unit in it. Screenshots: tests/output/screenshots/charts-*.png.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { dbQuery, download, SHOTS, strayChinese, useApp } from '../support/app';
import { openImport, row, rows, settled, txt } from '../support/import-page';
import { YUNCHENG_2022_OVER } from '../support/overflow-report';

type Box = { x: number; y: number; width: number; height: number };
const boxes = (loc: Locator) =>
  loc.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  ) as Promise<Box[]>;
/** The plot area of a chart: the x axis line spans its width, the y axis line its height. */
async function plotArea(fig: Locator): Promise<Box> {
  const [x] = await boxes(fig.locator('g.axis-x > line').first());
  const [y] = await boxes(fig.locator('g.axis-y > line').first());
  return { x: x.x, y: y.y, width: x.width, height: y.height };
}
const inside = (b: Box, p: Box, slack = 0.75) =>
  b.x >= p.x - slack &&
  b.y >= p.y - slack &&
  b.x + b.width <= p.x + p.width + slack &&
  b.y + b.height <= p.y + p.height + slack;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A chart's band labels as read: each tick's lines joined (x axis: by x; y axis: by tick group). */
const bandLabels = (fig: Locator) =>
  fig.evaluate((f) => {
    const byX = new Map<string, string[]>();
    for (const t of f.querySelectorAll('g.axis-x text')) {
      const k = t.getAttribute('x')!;
      byX.set(k, [...(byX.get(k) ?? []), t.textContent ?? '']);
    }
    const ys = [...f.querySelectorAll('g.axis-y > g')].map((g) =>
      [...g.querySelectorAll('text')].map((t) => t.textContent ?? ''),
    );
    return [...byX.values(), ...ys].map((ls) => ls.join(''));
  });

describe('charts that cannot mislead (Chromium, production build)', () => {
  const app = useApp({ needs: 'import.html', handle: true, viewport: { width: 1280, height: 900 } });
  let page: Page;

  it(
    '对比: one body in two years, and a share past 100 % cut at the plot with its mark and note',
    { timeout: 240_000 },
    async () => {
      const { origin } = app;
      page = await app.newPage();
      await openImport(page, origin);
      await page.setInputFiles('input[data-pick="files"]', [txt('运城-2022-总计偏小.txt', YUNCHENG_2022_OVER)]);
      await settled(page, 1);
      await row(page, '运城-2022-总计偏小.txt').locator('[data-accept]').click();
      await expect.poll(async () => (await rows(page))[0].decision).toBe('accepted');

      const ids = await dbQuery<{ report_id: string; year: number }>(
        page,
        `SELECT report_id, year FROM reports WHERE agency LIKE '运城市%' ORDER BY year`,
      );
      expect(ids.map((r) => Number(r.year))).toEqual([2021, 2022]);
      await page.goto(`${origin}/compare?${ids.map((r) => `r=${encodeURIComponent(r.report_id)}`).join('&')}`);
      await page.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });

      // Every chart with bands: two labels, each with its own year.
      const figs = page.locator('figure.chart');
      expect(await figs.count()).toBeGreaterThanOrEqual(7);
      for (let i = 0; i < (await figs.count()); i++) {
        const labels = (await bandLabels(figs.nth(i))).filter((l) => /运城/.test(l));
        expect(labels.length, `chart ${i}`).toBeGreaterThanOrEqual(2);
        expect(labels.filter((l) => l.includes('2021')).length, `chart ${i}: ${labels}`).toBeGreaterThan(0);
        expect(labels.filter((l) => l.includes('2022')).length, `chart ${i}: ${labels}`).toBeGreaterThan(0);
        expect(new Set(labels).size).toBe(labels.length);
      }

      // The outcome shares: 43 ÷ 23 = 187 % for 2022, cut at 100 %, marked, and said.
      const fig = page.locator('figure[data-chart="对比_办理结果构成"]');
      const plot = await plotArea(fig);
      const marks = fig.locator('g.overflow');
      expect(await marks.count()).toBe(1);
      expect(await marks.getAttribute('data-overflow')).toContain('2022');
      expect(Number(await marks.getAttribute('data-sum'))).toBeCloseTo(43 / 23, 9);
      expect(await fig.locator('text[data-role="overflow"]').textContent()).toBe('Σ 187%');
      const foot = (await fig.locator('g.footer text').allTextContents()).join('');
      expect(foot).toContain('运城市政府办 2022 187.0%');
      expect(foot).toContain('报告本身的数据问题');
      for (const b of await boxes(fig.locator('g.stacked rect, g.overflow > *')))
        expect(inside(b, plot), JSON.stringify([b, plot])).toBe(true);
      // The 2022 bar does reach the end of the plot; the 2021 bar (43 of 43) is whole and not marked.
      const right = Math.max(...(await boxes(fig.locator('g.stacked rect'))).map((b) => b.x + b.width));
      expect(right).toBeCloseTo(plot.x + plot.width, 0);
      expect(await fig.locator('text[data-role="unit"]').textContent()).toBe('单位：%');
      await page.screenshot({ path: join(SHOTS, 'charts-compare.png'), fullPage: true });

      // In English: the same cut and mark; the note names the bar by its year (the body's Chinese name stays
      // in the label, marked lang="zh"), and no Chinese stands outside lang="zh".
      await page.goto(`${origin}/compare?${ids.map((r) => `r=${encodeURIComponent(r.report_id)}`).join('&')}&lang=en`);
      await page.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });
      const en = page.locator('figure[data-chart="对比_办理结果构成"]');
      expect(await en.locator('g.overflow').count()).toBe(1);
      const enFoot = (await en.locator('g.footer text').allTextContents()).join(' ');
      expect(enFoot).toContain('Bars past 100% (2022: 187.0%)');
      expect(enFoot).toContain('a data problem of the report itself');
      expect(await en.locator('text[data-role="unit"]').textContent()).toBe('unit: %');
      expect(await strayChinese(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'charts-compare-en.png'), fullPage: true });
      expect(app.errors).toEqual([]);
    },
  );

  it(
    '趋势: 缺 marks never overlap; no total of different bodies; the unit; the 16:9 export',
    { timeout: 240_000 },
    async () => {
      const { origin } = app;
      const js = await dbQuery<{ jurisdiction: string }>(
        page,
        'SELECT jurisdiction FROM agg_jurisdictions ORDER BY ALL',
      );
      expect(js.length).toBeGreaterThan(5);
      await page.goto(
        `${origin}/trend?metric=requests_new&${js
          .slice(0, 10)
          .map((j) => `j=${encodeURIComponent(j.jurisdiction)}`)
          .join('&')}`,
      );
      await page.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });
      const fig = page.locator('figure.chart').first();
      const plot = await plotArea(fig);
      const missing = await boxes(fig.locator('text[data-missing="true"]'));
      // As many marks as 缺 cells in the table (the table holds the same lines).
      expect(missing.length).toBe(await page.locator('table td.missing').count());
      expect(missing.length).toBeGreaterThan(10);
      for (let i = 0; i < missing.length; i++) {
        expect(inside(missing[i], plot), JSON.stringify([missing[i], plot])).toBe(true);
        for (let j = i + 1; j < missing.length; j++)
          expect(overlap(missing[i], missing[j]), JSON.stringify([missing[i], missing[j]])).toBe(false);
      }
      // Nobody reports every year 2019–2024: no total line, and the note says why.
      expect(await fig.locator('circle[data-series="pool"]').count()).toBe(0);
      expect((await fig.locator('g.footer text').allTextContents()).join('')).toContain('没有画合计线');
      expect(await fig.locator('text[data-role="unit"]').textContent()).toBe('单位：件');
      await page.screenshot({ path: join(SHOTS, 'charts-trend.png'), fullPage: true });

      // 16:9 for slides: 1600 × 900, title, n, unit, 口径 and source inside.
      const title = (await fig.locator('text[data-role="title"]').allTextContents()).join('');
      const png = await download(page, () => fig.locator('[data-chart-export="png-16x9"]').click(), 60_000);
      expect(png.name).toMatch(/_16x9\.png$/);
      writeFileSync(join(SHOTS, 'charts-trend-16x9.png'), png.bytes);
      expect(png.bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
      expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([1600, 900]);
      const img = PNG.sync.read(png.bytes);
      let dark = 0;
      for (let y = 0; y < 40; y++)
        for (let x = 0; x < img.width; x++) {
          const o = (y * img.width + x) * 4;
          if (img.data[o] + img.data[o + 1] + img.data[o + 2] < 300) dark++;
        }
      expect(dark, 'the title is drawn at the top of the slide').toBeGreaterThan(300);
      const svg = (
        await download(page, () => fig.locator('[data-chart-export="svg-16x9"]').click(), 60_000)
      ).bytes.toString('utf8');
      const parsed = await page.evaluate((s) => {
        const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
        const root = doc.documentElement;
        return {
          error: doc.getElementsByTagName('parsererror').length,
          width: root.getAttribute('width'),
          height: root.getAttribute('height'),
          text: root.textContent ?? '',
        };
      }, svg);
      expect(parsed).toMatchObject({ error: 0, width: '1600', height: '900' });
      for (const s of [title, '单位：件', 'n = ', '口径：', '数据来源：各单位政府信息公开工作年度报告'])
        expect(parsed.text).toContain(s);
      // The slide copy is gone once exported.
      expect(await page.locator('.slide-copy').count()).toBe(0);
      expect(app.offOrigin()).toEqual([]);
      expect(app.errors).toEqual([]);
    },
  );
});
