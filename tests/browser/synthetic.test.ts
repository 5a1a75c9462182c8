/**
 * The synthetic benchmark set is never shown as real: with ?data=synthetic
 * every view carries the banner 模拟数据, the overview counts the simulated
 * reports, and ?data=real brings the real data back without the banner.
 * (A small set of its own is generated for the test and served from a folder of its own — the build's files
 * linked, its synthetic/ the test's — so the demo set that `npm run data` put into build/synthetic stays there
 * for the tests that run beside this one.)
 */
import type { Route } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useApp } from '../support/app';
import { clickNav } from '../support/nav';
import { ownSynthetic } from '../support/synthetic';

const set = ownSynthetic();

describe('synthetic data in the dashboard (Chromium, production build)', () => {
  afterAll(() => set.remove());
  const app = useApp(() => ({ root: set.served(), needs: 'ranking.html' }));

  it('marks every view 模拟数据 and never mixes it with the real reports', { timeout: 240_000 }, async () => {
    set.make(['--reports', '600', '--years', '3', '--seed', '3']);
    const page = await app.newPage();

    await page.goto(`${app.origin}/?data=synthetic`);
    await page.locator('[data-synthetic-banner]').waitFor();
    await page.locator('[data-synthetic-overview]').waitFor();
    await expect.poll(() => page.locator('[data-figure="reports"] .value').innerText()).toBe('600');
    // The banner stays on every view of the tab.
    for (const path of ['/ranking', '/trend', '/quality', '/report', '/import']) {
      await clickNav(page, path);
      await page.locator('[data-synthetic-banner]').waitFor({ timeout: 30_000 });
    }
    // Its pages are prerendered with the real reports' figures: a synthetic tab keeps them hidden until the app
    // has mounted and asked for the synthetic set's (app.html) — here the app's code is held back.
    const held: Route[] = [];
    let released = false;
    await page.route('**/_app/immutable/entry/**', (r) => (released ? r.continue() : void held.push(r)));
    const going = page.goto(`${app.origin}/ranking`); // it waits for the app to mount: after the release below
    await page.locator('main table').first().waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-before-mount'))).toBe(true);
    expect(await page.locator('main').isVisible()).toBe(false);
    released = true;
    await Promise.all(held.map((r) => r.continue()));
    await going;
    await page.locator('html[data-mounted] table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-synthetic-banner]').innerText()).toContain('模拟数据');
    expect(await page.locator('tbody tr[data-report]').first().getAttribute('data-report')).toMatch(
      /\|synthetic-\d{6}-\d{4}\.txt$/,
    );
    // Back to the real data: no banner, the real count.
    await page.goto(`${app.origin}/?data=real`);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-synthetic-banner]').count()).toBe(0);
    expect(await page.locator('[data-figure="reports"] .value').innerText()).toBe('8');
    expect(app.errors).toEqual([]);
  });
});
