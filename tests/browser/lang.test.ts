/**
 * Chinese first, with an English switch kept in the URL (`?lang=en`): in English
 * the headings read English first, the nav keeps the language, the switch goes
 * back to Chinese (the parameter removed, the others kept), and the numbers are
 * the same in both languages. Every view in English: no Chinese character in
 * any text or label of the page (SVG charts included) except inside an element
 * marked lang="zh" — the small secondary labels, agency and place names, the
 * validator's messages and the source text. Chart exports in English embed the
 * Latin font for every character. 对比 finds reports by pinyin initials. No
 * console errors. Screenshots of every view in English go to tests/output/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import { reportId } from '../../src/lib/data/normalize';
import { download, expectEnglish, REPORTS, SHOTS, strayChinese, useApp, type Session } from '../support/app';

/** Every metric cell of the ranking, by agency and indicator. */
const cells = (page: Page) =>
  page
    .locator('td[data-metric]')
    .evaluateAll((tds) =>
      tds.map(
        (td) =>
          `${td.getAttribute('data-agency')}|${td.getAttribute('data-metric')}|${(td as HTMLElement).innerText.trim()}`,
      ),
    );

describe('language switch (Chromium, production build)', () => {
  const app = useApp();
  /** A fresh profile for each check, with its own errors. */
  let s: Session;
  beforeEach(async () => {
    s = await app.session();
  }, 60_000);
  afterEach(() => s?.close(), 60_000);

  it(
    'shows English first with ?lang=en, keeps it in links, and switches back without changing a number',
    { timeout: 180_000 },
    async () => {
      const { origin } = app;
      const page = await s.newPage();

      await page.goto(`${origin}/ranking?level=${encodeURIComponent('县')}&year=2021&lang=en`);
      await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Ranking\s+排名$/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect((await page.locator('h2').first().innerText()).startsWith('Composite score')).toBe(true);
      expect((await page.locator('table caption').innerText()).includes('reports')).toBe(true);
      // The nav links keep the language.
      const navHrefs = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(navHrefs.length).toBeGreaterThan(5);
      for (const h of navHrefs) expect(new URL(h, origin).searchParams.get('lang'), h).toBe('en');
      expect((await page.locator('header nav a[aria-current="page"]').innerText()).startsWith('Ranking')).toBe(true);
      // So do the links to the reports.
      const reportHref = await page.locator('[data-report-link]').first().getAttribute('href');
      expect(new URL(reportHref!, origin).searchParams.get('lang')).toBe('en');
      const english = await cells(page);
      expect(english.length).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'ranking-en.png'), fullPage: true });

      // The switch: back to Chinese, `lang` removed, the other parameters kept.
      const sw = page.locator('[data-lang-switch]');
      await sw.click();
      await expect.poll(() => new URL(page.url()).searchParams.has('lang')).toBe(false);
      const url = new URL(page.url());
      expect(url.pathname).toBe('/ranking');
      expect(url.searchParams.get('level')).toBe('县');
      expect(url.searchParams.get('year')).toBe('2021');
      await expect.poll(() => page.locator('h1').innerText()).toMatch(/^排名\s+Ranking$/);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      for (const h of await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
        expect(new URL(h, origin).searchParams.has('lang'), h).toBe(false);
      }
      await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      expect(await cells(page)).toEqual(english);

      // And to English again, from Chinese.
      await sw.click();
      await expect.poll(() => new URL(page.url()).searchParams.get('lang')).toBe('en');
      await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Ranking/);
      expect(await cells(page)).toEqual(english);

      expect(s.errors).toEqual([]);
    },
  );
  it('every view reads English first in English mode, and back in Chinese', { timeout: 300_000 }, async () => {
    const { records } = await buildTables(REPORTS);
    const { origin } = app;
    const page = await s.newPage();

    const withFindings = [...records].sort((a, b) => b.findings.length - a.findings.length)[0];
    const views: { name: string; path: string; ready: string }[] = [
      { name: 'overview', path: '/', ready: '#overview-requests-by-year svg' },
      { name: 'ranking', path: '/ranking', ready: 'table[data-ready="true"] tbody tr' },
      { name: 'compare', path: '/compare', ready: '[data-ready="true"] figure.chart' },
      { name: 'requests', path: '/requests', ready: '[data-ready="true"] figure.chart' },
      { name: 'review', path: '/review', ready: '[data-ready="true"] figure.chart' },
      { name: 'trend', path: '/trend', ready: '[data-ready="true"] figure.chart' },
      { name: 'report-list', path: '/report', ready: 'table.list[data-ready="true"] tbody tr' },
      {
        name: 'report',
        path: `/report?id=${encodeURIComponent(reportId(withFindings))}`,
        ready: '.layout[data-ready="true"] [data-finding]',
      },
      { name: 'quality', path: '/quality', ready: 'table.list[data-ready="true"] tbody tr' },
      {
        name: 'oversight',
        path: '/oversight?threshold=40',
        ready: 'table[data-table="findings"][data-ready="true"] tbody tr[data-rule]',
      },
      {
        name: 'submission',
        path: '/submission?code=320800&year=2024',
        ready: 'table[data-table="submission"][data-ready="true"] tbody tr[data-status]',
      },
      {
        name: 'workplan',
        path: '/workplan?plan=002_780c50781c104938.txt',
        ready: 'table[data-table="matrix"][data-ready="true"] tbody tr[data-report]',
      },
      {
        name: 'profile',
        path: `/profile?id=${encodeURIComponent(reportId(records.find((r) => r.agency === '淮安市洪泽区人民政府')!))}`,
        ready: 'table[data-table="metrics"][data-ready="true"] tbody tr',
      },
      { name: 'import', path: '/import', ready: '[data-dropzone]' },
      { name: 'covariates', path: '/covariates', ready: '[data-covariates-empty]' },
      { name: 'sql', path: '/sql', ready: '[data-schema] [data-table]' },
      { name: 'data', path: '/data', ready: 'table[data-table="tables"][data-ready="true"] tbody tr' },
    ];
    for (const v of views) {
      await page.goto(`${origin}${v.path}${v.path.includes('?') ? '&' : '?'}lang=en`);
      await page.locator(v.ready).first().waitFor({ timeout: 60_000 });
      if (v.name === 'report') await page.locator('button.num[data-path]').first().click();
      // The matched sentences of a cell, shown on hover.
      if (v.name === 'workplan') await page.locator('td[data-addressed="true"] button').first().hover();
      const heads = await expectEnglish(page, v.name);
      expect(heads.length, v.name).toBeGreaterThan(3);
      if (await page.locator('figure.chart').count()) {
        // The charts carry their definition (口径) and the source line in English.
        const foot = (await page.locator('figure.chart').first().locator('g.footer text').allTextContents()).join(' ');
        expect(foot, v.name).toContain('Definition: ');
        expect(foot, v.name).toContain('Source: annual reports on government information disclosure of each body');
      }
      await page.screenshot({ path: join(SHOTS, `${v.name}-en.png`), fullPage: true });
    }

    // Every rate names its formula in English (ranking: the weights grid and the definitions).
    await page.goto(`${origin}/ranking?lang=en`);
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('dl dd').first().innerText()).toMatch(/I\. new requests/);
    expect(await page.locator('dl').innerText()).toContain(
      '((I) granted + (II) partially granted) ÷ (VII) total handled',
    );

    // Findings: the rule's English title, the Chinese message kept and marked as the original.
    await page.goto(`${origin}/report?id=${encodeURIComponent(reportId(withFindings))}&lang=en`);
    const first = page.locator('[data-finding]').first();
    await first.waitFor({ timeout: 30_000 });
    expect(await first.locator('.rule').innerText()).toMatch(/^[A-Z(]/);
    expect(await first.locator('.msg').innerText()).toMatch(/^original message: \S/);
    expect(await first.locator('.msg [lang="zh"]').innerText()).toMatch(/[\u4e00-\u9fff]/);

    // A chart tooltip in English.
    await page.goto(`${origin}/?lang=en`);
    const bar = page.locator('#overview-requests-by-year rect[data-value]').first();
    await bar.waitFor();
    await expect
      .poll(() => page.locator('#overview-requests-by-year text[data-role="title"]').first().textContent())
      .toMatch(/^New requests by year/);
    await bar.hover();
    const tip = await page.locator('[role="tooltip"]').innerText();
    expect(tip).toMatch(/new requests: [\d,]+ \(\d+ reports?\)/);
    expect(tip).not.toMatch(/[\u4e00-\u9fff]/);

    // Exports of an English chart: the SVG's embedded Latin face covers every non-Chinese character drawn,
    // and the PNG (2×, white) has its English title drawn.
    const fig = page.locator('#overview-requests-by-year');
    const svg = (await download(page, () => fig.locator('[data-chart-export="svg"]').click())).bytes.toString('utf8');
    const range = svg
      .match(/unicode-range:([^;]+);/)![1]
      .split(',')
      .map((r) =>
        r
          .trim()
          .replace(/^U\+/, '')
          .split('-')
          .map((h) => parseInt(h, 16)),
      );
    const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
      .map((m) => m[1])
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    expect(drawn).toContain('Source: annual reports');
    const outside = [...new Set(drawn)].filter(
      (ch) =>
        !/[\u3000-\u9fff\uff00-\uffef]/.test(ch) &&
        !range.some(([lo, hi = lo]) => ch.codePointAt(0)! >= lo && ch.codePointAt(0)! <= hi),
    );
    expect(outside).toEqual([]);
    const pngBytes = (await download(page, () => fig.locator('[data-chart-export="png"]').click())).bytes;
    writeFileSync(join(SHOTS, 'overview-export-en.png'), pngBytes);
    const png = PNG.sync.read(pngBytes);
    const svgEl = fig.locator('svg[role="img"]');
    expect(png.width).toBe(Number(await svgEl.getAttribute('data-width')) * 2);
    let dark = 0;
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < png.width; x++) {
        const o = (y * png.width + x) * 4;
        if (png.data[o] + png.data[o + 1] + png.data[o + 2] < 300) dark++;
      }
    expect(dark).toBeGreaterThan(200);

    // The switch keeps every other parameter (a repeated one too) and goes back to Chinese.
    const two = records.slice(0, 2).map(reportId);
    await page.goto(`${origin}/compare?r=${encodeURIComponent(two[0])}&lang=en&r=${encodeURIComponent(two[1])}`);
    await page.locator('[data-ready="true"] figure.chart').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('table[data-table="outcomes"] tbody tr').count()).toBe(2);
    await page.locator('[data-lang-switch]').click();
    await expect.poll(() => new URL(page.url()).searchParams.has('lang')).toBe(false);
    expect(new URL(page.url()).searchParams.getAll('r')).toEqual(two);
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/^对比\s+Compare$/);
    expect(await page.locator('table[data-table="outcomes"] tbody tr').count()).toBe(2);
    expect((await page.locator('figure.chart text[data-role="title"]').allTextContents()).join('')).toMatch(
      /[\u4e00-\u9fff]/,
    );
    expect(await page.locator('figure.chart g.footer text').allTextContents()).toContain(
      '数据来源：各单位政府信息公开工作年度报告',
    );
    expect(await page.locator('[data-chart-export="png"]').first().innerText()).toBe('导出 PNG');
    // The check sees Chinese text: with the page's language claimed English, the Chinese page fails it.
    await page.evaluate(() => (document.documentElement.lang = 'en'));
    expect((await strayChinese(page)).length).toBeGreaterThan(10);

    expect(s.errors).toEqual([]);
  });

  it('对比 finds reports by pinyin, in full or by initials', { timeout: 180_000 }, async () => {
    const { records } = await buildTables(REPORTS);
    const { origin } = app;
    const page = await s.newPage();
    const listed = () =>
      page
        .locator('.choices input[data-report]')
        .evaluateAll((is) => is.map((i) => i.getAttribute('data-report')!).sort());
    const huaian = records
      .filter((r) => `${r.agency} ${r.region ?? ''}`.includes('淮安市'))
      .map(reportId)
      .sort();
    expect(huaian.length).toBeGreaterThan(1);
    expect(huaian.length).toBeLessThan(records.length);

    await page.goto(`${origin}/compare`);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 60_000 });
    const search = page.locator('[data-search]');
    for (const q of ['淮安', 'has', 'HAS', 'huaian', 'huai an']) {
      await search.fill(q);
      await expect.poll(listed, { message: q, timeout: 20_000 }).toEqual(huaian);
    }
    // Initials of a longer name, and a word that matches nothing.
    const yc = records
      .filter((r) => r.agency!.startsWith('运城市'))
      .map(reportId)
      .sort();
    await search.fill('ycsrmzf');
    await expect.poll(listed, { timeout: 20_000 }).toEqual(yc);
    await search.fill('xyz');
    await expect.poll(listed).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
