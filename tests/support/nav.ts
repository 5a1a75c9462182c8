/**
 * The grouped navigation (src/lib/ui/nav/MainNav.svelte): a view's link is in its group's list, shown once the
 * group's button is pressed (or, on a phone, the menu). What a user does to reach a link, for the tests that
 * follow one.
 */
import type { Locator, Page } from 'playwright-core';

/** The navigation is hydrated: its group buttons and menu answer (it is in the prerendered page before). */
export const navReady = (page: Page) => page.locator('[data-nav-ready="true"]').waitFor();

/** The navigation's link to `path` (its start: `/ranking` also matches `/ranking?lang=en`), made visible. */
export async function navLink(page: Page, path: string): Promise<Locator> {
  const a = `a[href^="${path}"]`;
  const link = page.locator(`header nav ${a}`).first();
  await link.waitFor({ state: 'attached' });
  await navReady(page);
  if (await link.isVisible()) return link;
  const menu = page.locator('[data-nav-menu]');
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  if (!(await link.isVisible()))
    await page
      .locator('header [data-nav-group]')
      .filter({ has: page.locator(a) })
      .locator('> button')
      .click();
  await link.waitFor({ state: 'visible' });
  return link;
}

/** Follow the navigation's link to `path`, as a user does. */
export async function clickNav(page: Page, path: string): Promise<void> {
  await (await navLink(page, path)).click();
}
