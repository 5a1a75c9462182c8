/**
 * DuckDB's start (issue 16, "DuckDB ready ≤ 1.0 × the floor"), in Debian's Chromium against the production build:
 * one engine per tab, its steps marked in order for `npm run bench:ui`, locked down; the SQL console's views
 * behind the shipped report_metrics made just after the start (src/lib/db/setup.ts pointViews) and there for
 * the first query asked.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dbQuery, useApp } from '../support/app';

const app = useApp({ handle: true });

const mark = (page: Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? null, name);
const engines = (page: Page) => page.workers().filter((w) => /duckdb-browser-eh\.worker/.test(w.url())).length;

describe('DuckDB’s start', () => {
  it('one engine, its steps in order, locked down, nothing off the origin', async () => {
    const s = await app.session({ handle: true });
    const page = await s.newPage();
    await page.goto(`${app.origin}/ranking`);
    await page.waitForFunction(() => performance.getEntriesByName('mingjing:duckdb-ready').length > 0);
    const steps = await Promise.all(
      ['instantiated', 'opened', 'locked', 'tables', 'ready'].map((n) => mark(page, `mingjing:duckdb-${n}`)),
    );
    expect(steps.every((t) => t !== null)).toBe(true);
    expect(steps).toEqual([...steps].sort((a, b) => a! - b!));
    expect(engines(page)).toBe(1);
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
});
