/**
 * A supervisor's first visit, on the build that `npm run data` + `vite build` make (as `npm start` does):
 * the overview says what Mingjing is and which bodies are loaded — checked against the reports table of the
 * app's own database, not typed names — and offers the next steps; the navigation is grouped and holds one line
 * at 1440 px, and is keyboard accessible; the ranking opens on the level and year with the most reports; the
 * national demo (`?data=synthetic`, written by npm run data) ranks under the banner 模拟数据, reached from the
 * header's data-set menu and left by it; the overview table exports a CSV with its rows.
 * Chromium, production build. Screenshots of the overview at 1440 and 390 px in tests/output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BUILD, dbQuery, download, SHOTS, useApp } from '../support/app';
import { clickNav, navReady } from '../support/nav';

type Overview = { overview: { year: number; level: string; reports: number; requests_new: number | null }[] };
const aggregates = (dir: string): Overview => JSON.parse(readFileSync(join(BUILD, dir, 'aggregates.json'), 'utf8'));
/** The level and year with the most reports (the latest year on a tie), from the build-time figures. */
const mostReports = (a: Overview) =>
  [...a.overview].sort((x, y) => y.reports - x.reports || y.year - x.year || x.level.localeCompare(y.level))[0];

/** The top of every child of the header: one line when they all start within a few pixels. */
const headerLines = (page: Page) =>
  page.evaluate(() => {
    const items = [...document.querySelectorAll<HTMLElement>('body > div > header > *, header nav > *')].filter(
      (e) => e.getClientRects().length,
    );
    const tops = items.map((e) => e.getBoundingClientRect().top);
    return { spread: Math.max(...tops) - Math.min(...tops), height: document.querySelector('header')!.clientHeight };
  });

describe('first visit (Chromium, production build)', () => {
  const app = useApp({ handle: true, viewport: { width: 1440, height: 900 }, needs: 'synthetic/aggregates.json' });

  it('the overview says what Mingjing is, which bodies and years are loaded, and where to go next', async () => {
    const page = await app.newPage();
    await page.goto(`${app.origin}/`);
    const loaded = page.locator('[data-loaded]');
    await loaded.waitFor();
    const text = await loaded.innerText();
    // What the database holds, asked in the browser.
    const bodies = await dbQuery<{ agency: string; n: number; y0: number; y1: number }>(
      page,
      'SELECT agency, count(*)::INT AS n, min(year)::INT AS y0, max(year)::INT AS y1 FROM reports GROUP BY agency',
    );
    const reports = bodies.reduce((a, b) => a + b.n, 0);
    expect(bodies.length).toBeGreaterThan(1);
    expect(text).toContain(`已载入年报 ${reports} 份`);
    expect(text).toContain(`来自 ${bodies.length} 个单位`);
    const named = bodies.filter((b) => text.includes(b.agency));
    expect(named.length).toBe(Math.min(6, bodies.length));
    const [y0, y1] = [Math.min(...bodies.map((b) => b.y0)), Math.max(...bodies.map((b) => b.y1))];
    expect(text).toContain(`${y0}—${y1} 年度`);
    expect(await page.locator('[data-intro]').innerText()).toContain('明镜读取各单位的政府信息公开工作年度报告');
    // The link to the list, and the three next steps.
    expect(await page.locator('[data-report-list]').getAttribute('href')).toBe('/report');
    expect(await page.locator('[data-next="import"]').getAttribute('href')).toBe('/import');
    expect(await page.locator('[data-next="synthetic"]').getAttribute('href')).toBe('/?data=synthetic');
    const open = page.locator('[data-next="report"]');
    const id = new URL((await open.getAttribute('href'))!, app.origin).searchParams.get('id');
    expect(id).toBeTruthy();
    const [{ agency }] = await dbQuery<{ agency: string }>(
      page,
      `SELECT agency FROM reports WHERE report_id = '${id}'`,
    );
    await page.screenshot({ path: join(SHOTS, 'first-visit-overview-1440.png'), fullPage: true });
    await open.click();
    await page.waitForURL((u) => u.pathname === '/report');
    await expect.poll(() => page.locator('main h1').first().innerText(), { timeout: 30_000 }).toContain(agency);

    // In English: the same, in grammatical English.
    await page.goto(`${app.origin}/?lang=en`);
    // English once the page is hydrated (the prerendered page is Chinese).
    await expect
      .poll(() => page.locator('[data-loaded]').innerText(), { timeout: 30_000 })
      .toContain(`Loaded: ${reports} annual reports from ${bodies.length} bodies`);
    expect(await page.locator('main p.source').last().innerText()).not.toMatch(/\b1 (reports|more files)\b/);
    expect(app.errors).toEqual([]);
  });

  it('the navigation is grouped and holds one line at 1440 px, in both languages; the keyboard opens it', async () => {
    const page = await app.newPage();
    for (const q of ['', '?lang=en']) {
      await page.goto(`${app.origin}/ranking${q}`);
      await navReady(page);
      if (q) await page.waitForFunction(() => document.documentElement.lang === 'en');
      const { spread, height } = await headerLines(page);
      expect(spread, `header${q}`).toBeLessThan(12);
      expect(height, `header${q}`).toBeLessThan(70);
      await page.screenshot({
        path: join(SHOTS, `first-visit-header${q ? '-en' : ''}.png`),
        clip: { x: 0, y: 0, width: 1440, height: 90 },
      });
    }
    expect(
      await page.locator('[data-nav-group]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-nav-group'))),
    ).toEqual(['analysis', 'checks', 'research', 'data']);
    // The group of the view open names it.
    expect(await page.locator('[data-nav-group="analysis"] > button').innerText()).toContain('Ranking');
    // Keyboard: focus the group's button, Enter opens its list, a link is reached by Tab, Escape closes.
    await page.goto(`${app.origin}/`);
    await navReady(page);
    const button = page.locator('[data-nav-group="checks"] > button');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/quality');
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-nav-group]')?.getAttribute('data-nav-group')),
    ).toBe('checks');
    // A link followed closes the list.
    await clickNav(page, '/trend');
    await page.waitForURL((u) => u.pathname === '/trend');
    expect(await page.locator('header nav ul:visible').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it('the ranking opens on the level and year with the most reports', async () => {
    const top = mostReports(aggregates('data'));
    const page = await app.newPage();
    await page.goto(`${app.origin}/ranking`);
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('tbody tr[data-report]').count()).toBe(top.reports);
    expect(app.errors).toEqual([]);
  });

  it(
    'the national demo from npm run data ranks under 模拟数据; the data-set menu goes there and back',
    { timeout: 120_000 },
    async () => {
      const demo = aggregates('synthetic');
      const top = mostReports(demo);
      const page = await app.newPage();
      await page.goto(`${app.origin}/ranking?data=synthetic`);
      await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-synthetic-banner]').innerText()).toContain('模拟数据');
      // Its default scope is the one with the most reports; they are all ranked (a page holds 200 of them).
      expect(top.reports).toBeGreaterThan(20);
      expect(await page.locator('tbody tr[data-report]').count()).toBe(Math.min(200, top.reports));
      expect(await page.locator('tbody tr[data-report]').first().getAttribute('data-report')).toMatch(
        /\|synthetic-\d{6}-\d{4}\.txt$/,
      );
      await page.screenshot({ path: join(SHOTS, 'first-visit-ranking-synthetic.png') });

      // The header's menu: back to the real data, and to the demo again.
      const menu = page.locator('[data-dataset-switch]');
      await menu.selectOption('real');
      await page.waitForURL((u) => u.searchParams.get('data') === 'real');
      await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-synthetic-banner]').count()).toBe(0);
      await expect.poll(() => menu.isEnabled(), { timeout: 60_000 }).toBe(true);
      await menu.selectOption('synthetic');
      await page.waitForURL((u) => u.searchParams.get('data') === 'synthetic');
      await page.locator('[data-synthetic-banner]').waitFor();
      await page.goto(`${app.origin}/?data=synthetic`);
      await expect
        .poll(() => page.locator('[data-figure="reports"] .value').innerText())
        .toBe(demo.overview.reduce((a, r) => a + r.reports, 0).toLocaleString('zh-CN'));
      expect(await page.locator('[data-loaded]').innerText()).toContain('已载入模拟年报');
      expect(app.errors).toEqual([]);
    },
  );

  it('the overview table exports a CSV with its rows', async () => {
    const { overview } = aggregates('data');
    const page = await app.newPage();
    await page.goto(`${app.origin}/`);
    await navReady(page); // hydrated: the export button answers
    const table = page.locator('table[data-table="overview"]');
    await table.locator('tbody tr').first().waitFor();
    const { bytes, name } = await download(page, () => table.locator('[data-export="csv"]').click());
    expect(name).toBe('总览_全部年度_全部层级.csv');
    const lines = bytes
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['年度', '层级', '报告', '本年新收申请']);
    expect(lines.length - 1).toBe(overview.length);
    const csv = lines.slice(1).map((l) => l.split(','));
    for (const r of overview) {
      const line = csv.find(
        (c) =>
          c[0] === String(r.year) &&
          Number(c[2]) === r.reports &&
          c[3] === (r.requests_new === null ? '' : String(r.requests_new)),
      );
      expect(line, `${r.year} ${r.level}`).toBeTruthy();
    }
    expect(await table.locator('tbody tr').count()).toBe(overview.length);
    expect(app.errors).toEqual([]);
  });

  it('printed, the header keeps the name only: no navigation, data-set menu, language switch or next steps', async () => {
    const page = await app.newPage();
    await page.goto(`${app.origin}/`);
    await page.locator('table[data-table="overview"] tbody tr').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['header nav', '[data-nav-group]', '[data-dataset-switch]', '[data-lang-switch]', '[data-next]'])
      expect(await page.locator(sel).first().isVisible(), sel).toBe(false);
    expect(await page.locator('header .brand').isVisible()).toBe(true);
    expect(await page.locator('table[data-table="overview"]').isVisible()).toBe(true);
    expect(await page.locator('[data-loaded]').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'first-visit-overview-print.png') });
    expect(app.errors).toEqual([]);
  });
});

describe('first visit on a phone (Chromium, production build)', () => {
  const app = useApp({ viewport: { width: 390, height: 844 } });
  it('the overview fits the screen and says what is loaded', async () => {
    const page = await app.newPage();
    await page.goto(`${app.origin}/`, { waitUntil: 'networkidle' });
    await page.locator('[data-loaded]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.screenshot({ path: join(SHOTS, 'first-visit-overview-390.png'), fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
