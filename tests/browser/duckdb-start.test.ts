/**
 * DuckDB's start (issue 16, "DuckDB ready ≤ 1.0 × the floor"), in Debian's Chromium against the production build.
 * The app's pages start the engine from their HTML (src/lib/db/early-start.ts): the worker is created and the
 * engine fetched and compiled as the page is parsed, and the app takes that worker over — one engine per tab, never
 * a second. The SQL console's views behind the shipped report_metrics are made just after the start
 * (src/lib/db/setup.ts pointViews) and are there for the first query asked.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dbQuery, useApp } from '../support/app';

const app = useApp({ handle: true });

const mark = (page: Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? null, name);
const engines = (page: Page) => page.workers().filter((w) => /duckdb-browser-eh\.worker/.test(w.url())).length;

describe('DuckDB starts from the page', () => {
  it('the engine the page started is the one the app uses: one worker, instantiated before the app asked', async () => {
    const s = await app.session({ handle: true });
    const page = await s.newPage();
    await page.goto(`${app.origin}/ranking`);
    await page.waitForFunction(() => performance.getEntriesByName('mingjing:duckdb-ready').length > 0);
    const early = await mark(page, 'mingjing:duckdb-early');
    const instantiated = await mark(page, 'mingjing:duckdb-instantiated');
    // The page's own start answered, and the app's start went on from it (it did not instantiate a second time).
    expect(early).not.toBeNull();
    expect(instantiated).not.toBeNull();
    expect(instantiated!).toBeGreaterThanOrEqual(early!);
    expect(await mark(page, 'mingjing:duckdb-early-taken')).not.toBeNull();
    expect(engines(page)).toBe(1);
    // The engine works as ever, and is locked down (the worker's own fetch of the .wasm was the page's).
    expect(await dbQuery(page, 'SELECT count(*)::INT AS n FROM reports')).toEqual([{ n: expect.any(Number) }]);
    expect(await dbQuery(page, "SELECT current_setting('enable_external_access') AS e")).toEqual([{ e: false }]);
    expect(s.offOrigin()).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('the SQL console’s views over the shipped indicators are there for the first query', async () => {
    const s = await app.session({ handle: true });
    const page = await s.newPage();
    await page.goto(`${app.origin}/`);
    const [live] = await dbQuery<{ n: number }>(
      page,
      'SELECT count(*)::INT AS n FROM report_metrics_live JOIN report_quantities USING (report_id)',
    );
    const [shipped] = await dbQuery<{ n: number }>(page, 'SELECT count(*)::INT AS n FROM report_metrics');
    expect(live.n).toBeGreaterThan(0);
    expect(live.n).toBe(shipped.n);
    expect(s.errors).toEqual([]);
    await s.close();
  });

  it('the floor page starts its own engine (it measures the engine alone): no early start there', async () => {
    const s = await app.session();
    const page = await s.newPage();
    await page.goto(`${app.origin}/dev/duckdb-floor`);
    await page.waitForFunction(() => performance.getEntriesByName('floor:duckdb-ready').length > 0);
    expect(await mark(page, 'mingjing:duckdb-early')).toBeNull();
    expect(engines(page)).toBe(1);
    await s.close();
  });
});
