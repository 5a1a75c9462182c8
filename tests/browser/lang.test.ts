/**
 * Chinese first, with an English switch kept in the URL (`?lang=en`): in English
 * the headings read English first, the nav keeps the language, the switch goes
 * back to Chinese (the parameter removed, the others kept), and the numbers are
 * the same in both languages. No console errors.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, serveBuild } from '../support/browser';

const ROOT = resolve(__dirname, '../..');
const BUILD = join(ROOT, 'build');
const SHOTS = join(ROOT, 'tests/output/screenshots');

/** Every metric cell of the ranking, by agency and indicator. */
const cells = (page: Page) => page.locator('td[data-metric]').evaluateAll((tds) =>
  tds.map((td) => `${td.getAttribute('data-agency')}|${td.getAttribute('data-metric')}|${(td as HTMLElement).innerText.trim()}`));

describe('language switch (Chromium, production build)', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  it('shows English first with ?lang=en, keeps it in links, and switches back without changing a number', { timeout: 180_000 }, async () => {
    if (!existsSync(join(BUILD, 'data/reports.arrow'))) throw new Error('build/data missing: run `npm run data && npx vite build` (npm test does)');
    mkdirSync(SHOTS, { recursive: true });
    const served = await serveBuild(BUILD);
    server = served.server;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

    await page.goto(`${served.origin}/ranking?level=${encodeURIComponent('县')}&year=2021&lang=en`);
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Ranking\s+排名$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect((await page.locator('h2').first().innerText()).startsWith('Composite score')).toBe(true);
    expect((await page.locator('table caption').innerText()).includes('reports')).toBe(true);
    // The nav links keep the language.
    const navHrefs = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(navHrefs.length).toBeGreaterThan(5);
    for (const h of navHrefs) expect(new URL(h, served.origin).searchParams.get('lang'), h).toBe('en');
    expect((await page.locator('header nav a[aria-current="page"]').innerText()).startsWith('Ranking')).toBe(true);
    // So do the links to the reports.
    const reportHref = await page.locator('[data-report-link]').first().getAttribute('href');
    expect(new URL(reportHref!, served.origin).searchParams.get('lang')).toBe('en');
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
      expect(new URL(h, served.origin).searchParams.has('lang'), h).toBe(false);
    }
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await cells(page)).toEqual(english);

    // And to English again, from Chinese.
    await sw.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('lang')).toBe('en');
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Ranking/);
    expect(await cells(page)).toEqual(english);

    expect(errors).toEqual([]);
  });
});
