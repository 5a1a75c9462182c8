/**
 * The next view's data before the click (issue 16): resting the pointer on a link in the navigation runs the
 * view's load (data-sveltekit-preload-data="hover"), which starts its queries through the app's coordinator;
 * the view, once open, finds them answered and asks DuckDB nothing again. Seen from outside the app: the SQL the
 * page posts to the DuckDB worker (RUN_QUERY messages), recorded by an init script.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requestSumsSql } from '../../src/lib/db/queries-analysis';
import { useApp, withoutFirstPaint } from '../support/app';
import { navLink } from '../support/nav';

/** Runs in the page before the app: every SQL statement posted to a worker, in order. */
function recordQueries() {
  const posted: string[] = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, msg: unknown, ...rest: unknown[]) {
    const m = msg as { type?: string; data?: unknown[] };
    if (m?.type === 'RUN_QUERY') posted.push(String(m.data?.[1] ?? ''));
    return (post as (...a: unknown[]) => void).call(this, msg, ...rest);
  } as typeof Worker.prototype.postMessage;
  (window as unknown as { __posted: string[] }).__posted = posted;
}
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: string[] }).__posted.slice());

describe('preload on hover (Chromium, production build)', () => {
  const app = useApp();

  it('申请办理: its sums are asked while the pointer rests on the link, and not asked again when it opens', async () => {
    const session = await app.session();
    // The default state would come from the first paint's build-time results: here every query goes to DuckDB.
    await withoutFirstPaint(session.context);
    await session.context.addInitScript(recordQueries);
    const page = await session.newPage();
    const sums = requestSumsSql({ report: null, level: null, year: null });
    await page.goto(`${app.origin}/`);
    await page.locator('[data-figure]').first().waitFor();
    expect(await posted(page)).not.toContain(sums);

    const link = await navLink(page, '/requests');
    await link.hover();
    await expect.poll(async () => (await posted(page)).filter((s) => s === sums).length, { timeout: 60_000 }).toBe(1);

    await link.click();
    await page.locator('table[data-table="requests"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    expect((await posted(page)).filter((s) => s === sums)).toHaveLength(1);
    expect(session.errors).toEqual([]);
  });
});
