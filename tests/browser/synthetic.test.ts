/**
 * The synthetic benchmark set is never shown as real: with ?data=synthetic
 * every view carries the banner 模拟数据, the overview counts the simulated
 * reports, and ?data=real brings the real data back without the banner.
 * (A small set is generated into build/synthetic/ for the test and removed.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, serveBuild } from '../support/browser';

const ROOT = resolve(__dirname, '../..');
const BUILD = join(ROOT, 'build');
const OUT = join(BUILD, 'synthetic');

describe('synthetic data in the dashboard (Chromium, production build)', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    rmSync(OUT, { recursive: true, force: true });
  });

  it('marks every view 模拟数据 and never mixes it with the real reports', { timeout: 240_000 }, async () => {
    if (!existsSync(join(BUILD, 'ranking.html'))) throw new Error('build/ missing: run `npm run data && npx vite build` (npm test does)');
    execFileSync('npx', ['tsx', join(ROOT, 'scripts/data/synthetic.ts'), '--reports', '600', '--years', '3', '--seed', '3', '--out', OUT], { stdio: 'ignore' });
    const served = await serveBuild(BUILD);
    server = served.server;
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${served.origin}/?data=synthetic`);
    await page.locator('[data-synthetic-banner]').waitFor();
    await page.locator('[data-synthetic-overview]').waitFor();
    await expect.poll(() => page.locator('[data-figure="reports"] .value').innerText()).toBe('600');
    // The banner stays on every view of the tab.
    for (const path of ['/ranking', '/trend', '/quality', '/report', '/import']) {
      await page.click(`nav a[href^="${path}"]`);
      await page.locator('[data-synthetic-banner]').waitFor({ timeout: 30_000 });
    }
    await page.goto(`${served.origin}/ranking`);
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-synthetic-banner]').innerText()).toContain('模拟数据');
    expect(await page.locator('tbody tr[data-report]').first().getAttribute('data-report')).toMatch(/\|synthetic-\d{6}-\d{4}\.txt$/);
    // Back to the real data: no banner, the real count.
    await page.goto(`${served.origin}/?data=real`);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-synthetic-banner]').count()).toBe(0);
    expect(await page.locator('[data-figure="reports"] .value').innerText()).toBe('8');
    expect(errors).toEqual([]);
  });
});
