/**
 * The workspace's derived tables are kept between starts (src/lib/workspace/derived.ts): a start after no
 * change loads them as kept — the same rows as derived — and any change to the workspace, another build of
 * the app, or clearing the workspace makes the next start derive them again from what is stored.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dbQuery, useApp } from '../support/app';
import { openImport, txt, YUNCHENG, YUNCHENG_2022 } from '../support/import-page';

/** The user's tables as the views see them: every report row and the indicator rows, in a fixed order. */
const MINE = `
  SELECT r.report_id, r.year, r.agency, r.n_reading, count(q.report_id) AS request_cells, sum(q.value) AS request_sum
  FROM reports r LEFT JOIN requests q USING (report_id)
  WHERE r.dataset = 'mine' GROUP BY ALL ORDER BY r.report_id`;

/** Open the overview and wait for the database: how the workspace's tables were had this start. */
async function start(page: Page, origin: string): Promise<'kept' | 'derived'> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => performance.getEntriesByName('mingjing:duckdb-ready').length > 0, undefined, {
    timeout: 60_000,
  });
  return page.evaluate(
    () => (performance.getEntriesByName('mingjing:workspace-tables')[0] as PerformanceMeasure).detail,
  );
}

/** The revision the kept tables were derived at (null: nothing kept), read from IndexedDB as the app stored it. */
const keptRevision = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const req = indexedDB.open('mingjing-derived');
        req.onupgradeneeded = () => req.transaction!.abort();
        req.onerror = () => resolve(null);
        req.onsuccess = () => {
          const d = req.result;
          if (!d.objectStoreNames.contains('mine')) return resolve(null);
          const get = d.transaction('mine').objectStore('mine').get('tables');
          get.onsuccess = () => {
            resolve((get.result as { revision?: string } | undefined)?.revision ?? null);
            d.close();
          };
        };
      }),
  );
const waitKept = (page: Page) =>
  expect.poll(() => keptRevision(page), { timeout: 20_000, interval: 250 }).not.toBeNull();

async function acceptClean(page: Page, origin: string, name: string, text: string, accepted: number) {
  await openImport(page, origin);
  await page.setInputFiles('input[data-pick="files"]', [txt(name, text)]);
  await page.locator(`[data-review-list] tr[data-entry="${name}"][data-status="ok"]`).waitFor({ timeout: 60_000 });
  await page.click('[data-accept-clean]');
  await expect.poll(() => page.locator('[data-review-list] tr[data-decision="accepted"]').count()).toBe(accepted);
}

describe('the workspace’s tables kept between starts (Chromium, production build)', () => {
  const app = useApp({ needs: 'import.html', handle: true });

  it('reuses them while nothing changed, and derives them again after any change', { timeout: 300_000 }, async () => {
    const page = await app.newPage();
    await acceptClean(page, app.origin, '运城-2022.txt', YUNCHENG_2022, 1);

    // The first start after the change derives them, and keeps them once the page is idle.
    expect(await start(page, app.origin)).toBe('derived');
    const derived = await dbQuery(page, MINE);
    expect(derived).toHaveLength(1);
    expect(Number(derived[0].request_cells)).toBeGreaterThan(20);
    await waitKept(page);
    const first = await keptRevision(page);

    // Nothing changed: the kept tables, with the same rows.
    expect(await start(page, app.origin)).toBe('kept');
    expect(await dbQuery(page, MINE)).toEqual(derived);

    // A change (another report accepted): derived again, and both reports are there.
    const y2023 = YUNCHENG.replace(/2021年/g, '2023年').replace(/2021 年/g, '2023 年');
    await acceptClean(page, app.origin, '运城-2023.txt', y2023, 2);
    expect(await start(page, app.origin)).toBe('derived');
    expect((await dbQuery(page, MINE)).map((r) => r.year)).toEqual(expect.arrayContaining([2022, 2023]));
    await expect.poll(() => keptRevision(page), { timeout: 20_000 }).not.toBe(first);
    expect(await start(page, app.origin)).toBe('kept');
    expect(await dbQuery(page, MINE)).toHaveLength(2);

    // Kept by another build of the app: not used.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('mingjing-derived');
          req.onsuccess = () => {
            const tx = req.result.transaction('mine', 'readwrite');
            const s = tx.objectStore('mine');
            const get = s.get('tables');
            get.onsuccess = () => s.put({ ...get.result, app: 'another-build' }, 'tables');
            tx.oncomplete = () => {
              req.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(await start(page, app.origin)).toBe('derived');
    expect(await dbQuery(page, MINE)).toHaveLength(2);

    // Clearing the workspace drops what was kept.
    await waitKept(page);
    await page.goto(`${app.origin}/import`);
    // (the page's confirm() is accepted by tests/support/app.ts)
    await page.locator('[data-clear]:not([disabled])').click();
    await expect.poll(() => page.locator('[data-review-list] tbody tr').count()).toBe(0);
    await expect.poll(() => keptRevision(page)).toBeNull();
  });
});
