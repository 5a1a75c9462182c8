/**
 * On a phone (390 × 844) every view of the navigation (VIEWS, the one list) fits the screen: the document is
 * never wider than 400 px once the view has drawn its data; tables scroll inside their own box; the navigation
 * is one menu button that opens the groups; a report's details read as a list, not one character a line.
 * Chromium against the production build, with the embedded reports. Screenshots in tests/output/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWS } from '../../src/lib/views';
import { SHOTS, useApp } from '../support/app';

const PHONE = { width: 390, height: 844 };

/** The page's width, and the widest elements that stick out past the screen (what to fix when it fails). */
const widths = (page: Page) =>
  page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length)
      // Inside a box that scrolls, an element may be wide: the page is not.
      .filter((e) => {
        for (let p = e.parentElement; p; p = p.parentElement)
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false;
        return true;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scroll: document.documentElement.scrollWidth, out };
  });

describe('phone, 390 × 844 (Chromium, production build)', () => {
  const app = useApp({ viewport: PHONE });

  it('no view of the navigation is wider than the screen', { timeout: 300_000 }, async () => {
    const page = await app.newPage();
    const wide: string[] = [];
    for (const v of VIEWS) {
      await page.goto(`${app.origin}${v.path}`, { waitUntil: 'networkidle' });
      await page.locator('main h1').first().waitFor({ timeout: 30_000 });
      // Drawn with its data (DuckDB's answers, the charts): what is measured is the page a user reads.
      await page.waitForTimeout(800);
      const { scroll, out } = await widths(page);
      if (scroll > 400) wide.push(`${v.path}: ${scroll} px (${out.join(', ')})`);
      if (v.key === 'overview' || v.key === 'ranking')
        await page.screenshot({ path: join(SHOTS, `phone-${v.key}.png`), fullPage: true });
    }
    expect(wide).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it('the navigation is one menu button; opened, it lists every view by group', { timeout: 60_000 }, async () => {
    const page = await app.newPage();
    await page.goto(`${app.origin}/`);
    const menu = page.locator('[data-nav-menu]');
    await menu.waitFor();
    // Closed: no link of the navigation shows.
    expect(await page.locator('header nav a:visible').count()).toBe(0);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const shown = await page
      .locator('header nav a:visible')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(shown.sort()).toEqual(VIEWS.map((v) => v.path).sort());
    await page.screenshot({ path: join(SHOTS, 'phone-menu.png') });
    await page.locator('header nav a[href="/trend"]').click();
    await page.waitForURL((u) => u.pathname === '/trend');
    // A page followed: the menu closes.
    await expect.poll(() => page.locator('header nav a:visible').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it(
    'a report reads as a list: its details wrap as words, its tables scroll in their box',
    { timeout: 60_000 },
    async () => {
      const page = await app.newPage();
      await page.goto(`${app.origin}/report`, { waitUntil: 'networkidle' });
      await page.locator('main table a[href*="/report?id="]').first().click();
      await page.waitForURL((u) => u.searchParams.has('id'));
      await page.locator('main table').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      const w = await widths(page);
      expect(w.scroll, w.out.join(', ')).toBeLessThanOrEqual(400);
      // No cell of text is squeezed to one character a line: every cell with text is at least 3 em wide.
      const narrow = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('main td, main th, main dd, main dt')]
          .filter((e) => (e.innerText ?? '').trim().length > 3)
          .filter((e) => e.getBoundingClientRect().width < 3 * parseFloat(getComputedStyle(e).fontSize))
          .map((e) => e.innerText.trim().slice(0, 20)),
      );
      expect(narrow).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'phone-report.png'), fullPage: true });
      expect(app.errors).toEqual([]);
    },
  );
});
