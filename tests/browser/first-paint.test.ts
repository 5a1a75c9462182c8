/**
 * The first paint (issue 16) in Debian's Chromium against the production build: with DuckDB held back (its
 * .wasm never arrives), every view's default state and every level × year of the ranking is drawn — from the
 * build-time results — and reads exactly as the same page drawn by DuckDB live (the results served empty). A
 * change the user makes waits for DuckDB and is answered by it once DuckDB may start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FirstPaint } from '../../src/lib/db/first-paint';
import { scopesSql } from '../../src/lib/db/queries';
import { viewOf } from '../../src/lib/views';
import { FIRST_PAINT } from '../../src/routes/first-paint';
import { BUILD, SHOTS, STARTING_TEXT, useApp, withoutFirstPaint, type Session } from '../support/app';
import { openImport, txt, YUNCHENG_2022 } from '../support/import-page';
import { navReady } from '../support/nav';

const first = JSON.parse(readFileSync(join(BUILD, 'data/first-paint.json'), 'utf8')) as FirstPaint;
const scopes = first.answers[scopesSql].rows as [string, number][];
const PATHS = [
  ...Object.keys(FIRST_PAINT).map((k) => viewOf(k as keyof typeof FIRST_PAINT).path),
  ...scopes.map(([level, year]) => `/ranking?level=${encodeURIComponent(level)}&year=${year}`),
];

const DUCKDB_FILES = /duckdb-[^/]*\.(wasm|js)$/;

/** DuckDB's worker script and .wasm held back in this context until `release()`: no query can be answered by DuckDB before. */
async function holdDuckDb(session: Session) {
  const held: Route[] = [];
  let released = false;
  await session.context.route(DUCKDB_FILES, (r) => (released ? r.continue() : void held.push(r)));
  return {
    asked: () => held.length > 0,
    release: async () => {
      released = true;
      await Promise.all(held.map((r) => r.continue()));
    },
  };
}

/** The page's main text once nothing on it waits for the database. */
async function drawn(page: Page, url: string): Promise<string> {
  await page.goto(url);
  // The app has hydrated the prerendered page (and replaced its HTML where it draws another state).
  await navReady(page);
  await page.locator('main h1').waitFor();
  const waiting = page.locator('main .status', { hasText: STARTING_TEXT });
  await expect.poll(() => waiting.count(), { timeout: 60_000, message: `${url} still waits for DuckDB` }).toBe(0);
  // The cite line names the data set's version: known before DuckDB too.
  await expect.poll(() => page.locator('[data-version]').innerText()).toMatch(/^[0-9a-f]{8,}$/);
  return `${await page.locator('main').innerText()}\n${await page.locator('[data-version]').innerText()}`;
}

/**
 * The text of a view's content (`data-ready`) and of the data's version, without white space, and how many charts.
 * A chart's own text is left out: what fits in it (a segment's label, a wrapped note) follows the width it is
 * drawn at — in the HTML a default one, in the page the width measured.
 */
const dataText = async (page: Page) => {
  const content = await page.locator('main [data-ready="true"]').evaluateAll((els) =>
    els.map((e) => {
      const copy = e.cloneNode(true) as HTMLElement;
      const charts = copy.querySelectorAll('svg').length;
      copy.querySelectorAll('svg').forEach((svg) => svg.remove());
      return `${copy.textContent} [${charts} svg]`;
    }),
  );
  return [...content, await page.locator('[data-version]').innerText()].join('').replace(/\s+/g, '');
};

describe('first paint (Chromium, production build)', () => {
  const app = useApp();

  it('draws every default state before DuckDB, as DuckDB draws it', { timeout: 600_000 }, async () => {
    expect(PATHS.length).toBeGreaterThan(10);
    const before = await app.session();
    const duck = await holdDuckDb(before);
    const fast = await before.newPage();
    const live = await app.session();
    await withoutFirstPaint(live.context);
    const slow = await live.newPage();
    for (const path of PATHS) {
      const [a, b] = [await drawn(fast, app.origin + path), await drawn(slow, app.origin + path)];
      expect(a.length, path).toBeGreaterThan(40);
      expect(a, path).toEqual(b);
    }
    await fast.screenshot({ path: join(SHOTS, 'first-paint-ranking-without-duckdb.png'), fullPage: true });
    expect(duck.asked()).toBe(true); // DuckDB was starting in the background all along, and never answered
    // Looking creates no workspace (so the next visit, too, knows at once that there is none).
    const dbs = await fast.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(dbs).not.toContain('mingjing-workspace');
    expect([...before.errors, ...live.errors]).toEqual([]);
    await duck.release();
    await before.close();
    await live.close();
  });

  it("has every view's default state in its HTML, as DuckDB draws it live", { timeout: 600_000 }, async () => {
    // No script at all: what the page shows as it arrives, before the app (and DuckDB) has started.
    const html = await app.session({ javaScript: false });
    const bare = await html.newPage();
    const live = await app.session();
    await withoutFirstPaint(live.context);
    const slow = await live.newPage();
    const views = Object.keys(FIRST_PAINT).map((k) => viewOf(k as keyof typeof FIRST_PAINT).path);
    for (const path of views) {
      await bare.goto(app.origin + path);
      expect(await bare.locator('main [data-ready="true"]').count(), path).toBeGreaterThan(0);
      await drawn(slow, app.origin + path);
      // The view's content (its data) and the data's version; lines compared without their breaks, which follow
      // the width a chart is drawn at (the page's before it is measured).
      const [a, b] = [await dataText(bare), await dataText(slow)];
      expect(a.length, path).toBeGreaterThan(40);
      expect(a, path).toEqual(b);
      if (path === '/review') await bare.screenshot({ path: join(SHOTS, 'prerendered-review-no-script.png') });
    }
    // A state other than the default is never taken from the HTML: the page waits for the app (app.html).
    await bare.close();
    const page = await live.newPage();
    await page.goto(`${app.origin}/review?level=${encodeURIComponent('县')}`);
    await page.locator('main [data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('main').innerText()).toContain('全部年度 · 县');
    expect([...html.errors, ...live.errors]).toEqual([]);
    await html.close();
    await live.close();
  });

  it('fetches all the answers only when a page asks what it did not carry', { timeout: 180_000 }, async () => {
    const session = await app.session();
    const duck = await holdDuckDb(session);
    const all = () => session.requests.filter((u) => /\/data\/first-paint\.json$/.test(u)).length;
    const page = await session.newPage();
    // A first visit: the view's own answers are in its page; the start reads their version alone.
    await drawn(page, `${app.origin}/ranking`);
    expect(session.requests.some((u) => u.endsWith('/data/first-paint/version.json'))).toBe(true);
    expect(all()).toBe(0);
    // Another level × year (a URL state the page does not carry), before DuckDB: from all the answers, once.
    const [level, year] = scopes.find(([, y]) => y !== scopes[0][1]) ?? scopes[0];
    const text = await drawn(page, `${app.origin}/ranking?level=${encodeURIComponent(level)}&year=${year}`);
    expect(text).toContain(String(year));
    expect(all()).toBe(1);
    expect(duck.asked()).toBe(true);
    await duck.release();
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('answers a change by DuckDB, once it may start', { timeout: 180_000 }, async () => {
    const session = await app.session();
    const duck = await holdDuckDb(session);
    const page = await session.newPage();
    await drawn(page, `${app.origin}/requests`);
    const level = page.locator('main select').first();
    const other = await level
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v !== ''));
    await level.selectOption(other!);
    await expect.poll(() => page.locator('main .status', { hasText: STARTING_TEXT }).count()).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    expect(await page.locator('main .status', { hasText: STARTING_TEXT }).count()).toBeGreaterThan(0);
    await duck.release();
    await expect
      .poll(() => page.locator('main .status', { hasText: STARTING_TEXT }).count(), { timeout: 60_000 })
      .toBe(0);
    await page.locator('table[data-table="requests"]').waitFor();
    expect(page.url()).toContain(`level=${encodeURIComponent(other!)}`);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it(
    'is not used once the user has reports of their own under 全部, and is under 内置',
    { timeout: 180_000 },
    async () => {
      const session = await app.session();
      const page = await session.newPage();
      // One report of the user's (运城 moved to 2022: not in the embedded data), accepted.
      await openImport(page, app.origin);
      await page.setInputFiles('input[data-pick="files"]', [txt('运城-2022.txt', YUNCHENG_2022)]);
      await page.click('[data-accept-clean]');
      await page.locator('[data-review-list] tr[data-decision="accepted"]').waitFor();
      await page.close();

      const duck = await holdDuckDb(session);
      const waiting = (p: Page) => p.locator('main .status', { hasText: STARTING_TEXT });
      // 全部 (embedded + the user's): every figure may differ from the build's — the ranking waits for DuckDB.
      const all = await session.newPage();
      await all.goto(`${app.origin}/ranking`);
      await all.locator('main h1').waitFor();
      await all.waitForTimeout(1500);
      expect(await waiting(all).count()).toBeGreaterThan(0);
      expect(await all.locator('table[data-ready="true"]').count()).toBe(0);
      await duck.release();
      await expect.poll(() => waiting(all).count(), { timeout: 60_000 }).toBe(0);
      await all.locator('[data-dataset-switch]:enabled').waitFor({ timeout: 60_000 });
      await all.selectOption('[data-dataset-switch]', 'builtin');
      await expect.poll(() => all.locator('[data-dataset-choice]').getAttribute('data-dataset-choice')).toBe('builtin');
      await all.close();

      // 内置: the embedded set as built — drawn at once again, with DuckDB held back, and the menu says 内置.
      await session.context.unroute(DUCKDB_FILES);
      const again = await holdDuckDb(session);
      const builtin = await session.newPage();
      await builtin.goto(`${app.origin}/ranking`);
      await builtin.locator('table[data-ready="true"]').waitFor({ timeout: 30_000 });
      expect(await waiting(builtin).count()).toBe(0);
      await expect
        .poll(() => builtin.locator('[data-dataset-choice]').getAttribute('data-dataset-choice'))
        .toBe('builtin');
      expect(again.asked()).toBe(true);
      expect(again.asked()).toBe(true);
      await again.release();
      expect(session.errors).toEqual([]);
      await session.close();
    },
  );
});
