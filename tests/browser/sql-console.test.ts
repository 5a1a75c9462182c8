/**
 * The SQL console (/sql) in Debian's Chromium against the production build:
 * each example query shows in the grid exactly what the same query gives on
 * DuckDB in Node over the same reports (NULL shown as NULL, never 0) and is
 * kept in the URL; a wrong query shows DuckDB's own message in a red box;
 * DROP TABLE is refused and the tables are untouched; the CSV export is the
 * grid's rows; the page opened from its URL (?q=, in English too) runs the
 * query again and shows the same rows, with no Chinese outside lang="zh" in
 * English; the editor completes table and column names with their
 * descriptions; 恢复数据 reloads damaged tables. No console errors; nothing
 * leaves the origin. Screenshots go to tests/output/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../../src/lib/data/arrow';
import { buildTables } from '../../src/lib/data/build';
import type { Tables } from '../../src/lib/data/normalize';
import { aggregatesSql } from '../../src/lib/db/aggregates';
import { builtinTable, datasetViewsSql, mineTable, SHADOW_TABLE } from '../../src/lib/db/datasets';
import { createNodeDb } from '../../src/lib/db/node';
import { TABLES, type Db } from '../../src/lib/db/types';
import { toCsv } from '../../src/lib/export/table';
import { metricViews } from '../../src/lib/metrics/sql';
import { EXAMPLES } from '../../src/lib/sql-console/examples';
import { checkSql } from '../../src/lib/sql-console/guard';
import { cellValue, runStatement } from '../../src/lib/sql-console/run';
import { launchChromium, serveBuild } from '../support/browser';

const ROOT = resolve(__dirname, '../..');
const BUILD = join(ROOT, 'build');
const SHOTS = join(ROOT, 'tests/output/screenshots');

/** The grid as shown: header names, then each row's cell texts. */
const grid = (page: Page) => page.locator('table.grid').evaluate((t) => ({
  head: [...t.querySelectorAll('thead th')].map((th) => (th as HTMLElement).innerText.split('\n')[0].trim()),
  rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())),
}));

/**
 * Chinese text outside an element marked lang="zh" (as tests/browser/lang.test.ts checks every view). <title> is
 * left out there, and so is SvelteKit's route announcer here, which repeats the title after an in-page navigation
 * (running a query puts it in the URL).
 */
const strayChinese = (page: Page) => page.evaluate(() => {
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
  const zh = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh');
  const out: string[] = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, title, desc, #svelte-announcer') || !CJK.test(n.textContent ?? '') || zh(el)) continue;
    out.push(`${el.tagName.toLowerCase()}.${typeof el.className === 'string' ? el.className : ''}: ${n.textContent!.trim().slice(0, 80)}`);
  }
  for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
    for (const a of ['placeholder', 'title', 'aria-label']) {
      const v = el.getAttribute(a);
      if (v && CJK.test(v) && !zh(el)) out.push(`${el.tagName.toLowerCase()}[${a}]: ${v.slice(0, 80)}`);
    }
  }
  return out;
});

/** Replace the editor's text (as a paste: no auto-closed brackets) and run it with the button. */
async function runSql(page: Page, sql: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  await page.locator('[data-run]').click();
}

describe('SQL console (Chromium, production build)', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let origin = '';
  let db: Db;
  /** Each example's rows on DuckDB in Node, as the grid must show them. */
  const expected = new Map<string, { head: string[]; rows: string[][]; csv: string }>();

  beforeAll(async () => {
    if (!existsSync(join(BUILD, 'data/reports.arrow'))) throw new Error('build/data missing: run `npm run data && npx vite build` (npm test does)');
    mkdirSync(SHOTS, { recursive: true });
    const { tables } = await buildTables(join(ROOT, 'data/reports'));
    // The app's load (src/lib/db/app.ts), in Node.
    db = await createNodeDb();
    const empty: Tables = { reports: [], agencies: [], active: [], requests: [], review_litigation: [], findings: [] };
    for (const name of TABLES) {
      await db.loadArrow(builtinTable(name), toArrowIPC(name, tables[name] as never));
      await db.loadArrow(mineTable(name), toArrowIPC(name, empty[name] as never));
    }
    await db.query(`CREATE TABLE ${SHADOW_TABLE} (report_id VARCHAR)`);
    for (const sql of [...datasetViewsSql('all'), ...metricViews(), ...aggregatesSql()]) await db.query(sql);
    for (const e of EXAMPLES) {
      const g = checkSql(e.sql('zh'));
      if (!g.ok) throw new Error(`${e.id}: ${g.en}`);
      const r = await runStatement(db, g.statement, 100_000);
      const cells = r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c.name, cellValue(row[c.name], c.type)])));
      expected.set(e.id, {
        head: r.columns.map((c) => c.name),
        rows: cells.map((row) => r.columns.map((c) => (row[c.name] === null ? 'NULL' : String(row[c.name])))),
        csv: toCsv(r.columns.map((c) => ({ key: c.name, label: c.name })), cells),
      });
    }
    const served = await serveBuild(BUILD);
    server = served.server;
    origin = served.origin;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  it('runs the examples, shows DuckDB\'s errors, refuses DROP, exports CSV, reopens from its URL and restores the data', { timeout: 300_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    const outside: string[] = [];
    context.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) outside.push(r.url()); });
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

    await page.goto(`${origin}/sql`);
    // The schema browser is filled from the live database: it is ready. (The browser's first start of DuckDB-WASM
    // compiles its wasm: give it time on a busy machine.)
    await page.locator('[data-schema] details[data-table="reports"]').waitFor({ timeout: 150_000 });
    expect(await page.locator('h1').innerText()).toMatch(/^SQL 控制台\s+SQL console$/);

    // Every example: the grid is what DuckDB gives in Node, and the query is in the URL.
    for (const e of EXAMPLES) {
      await page.locator(`[data-example="${e.id}"]`).click();
      const want = expected.get(e.id)!;
      expect(want.rows.length, e.id).toBeGreaterThan(0);
      await expect.poll(async () => (await page.locator('table.grid').count()) ? grid(page) : null, { timeout: 30_000, message: e.id }).toEqual({ head: want.head, rows: want.rows });
      expect(await page.locator('[data-total]').getAttribute('data-total')).toBe(String(want.rows.length));
      expect(new URL(page.url()).searchParams.get('q')).toBe(e.sql('zh'));
      await page.screenshot({ path: join(SHOTS, `sql-${e.id}.png`), fullPage: true });
    }
    // NULL is shown as NULL, never 0: 上海 leaves 予以公开 blank.
    const city = expected.get('city-disclosure')!;
    expect(city.rows.at(-1)).toContain('NULL');
    await page.locator('[data-example="city-disclosure"]').click();
    await expect.poll(() => page.locator('table.grid tbody tr').last().locator('td[data-null]').count()).toBe(3);

    // CSV export: the grid's rows, blanks empty.
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="csv"]').click()]);
    expect(csvDl.suggestedFilename()).toBe('SQL查询结果.csv');
    const csv = readFileSync((await csvDl.path())!, 'utf8');
    expect(csv).toBe(city.csv);
    expect(csv.split('\r\n')[0]).toBe('\ufeffcity,city_code,year,reports,with_value,numerator,denominator,disclosure_rate');
    expect(csv).toContain('上海市,3100,2019,1,0,,,\r\n');
    const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="xlsx"]').click()]);
    expect(readFileSync((await xlsxDl.path())!).subarray(0, 2).toString()).toBe('PK');

    // Reopened from its URL: the same rows, run at once.
    const shared = page.url();
    const again = await context.newPage();
    again.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await again.goto(shared);
    await expect.poll(async () => (await again.locator('table.grid').count()) ? grid(again) : null, { timeout: 60_000 }).toEqual({ head: city.head, rows: city.rows });
    await again.close();

    // A wrong query: DuckDB's own message, in a red box, not a stack.
    await runSql(page, 'SELECT agency, nope\nFROM reports');
    const box = page.locator('[data-error="duckdb"]');
    await box.waitFor({ timeout: 30_000 });
    const msg = await box.innerText();
    expect(msg).toContain('Binder Error: Referenced column "nope" not found in FROM clause!');
    expect(msg).toContain('LINE 1: SELECT agency, nope');
    expect(msg).not.toMatch(/\bat \S+ \(|\.js:\d+/);
    expect(await box.evaluate((el) => getComputedStyle(el).borderColor)).toBe('rgb(185, 28, 28)');
    expect(await page.locator('table.grid').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('q')).toBe('SELECT agency, nope\nFROM reports');
    await page.screenshot({ path: join(SHOTS, 'sql-error.png'), fullPage: true });

    // DROP TABLE: refused by the guard, in both languages; the table is still there.
    await runSql(page, 'DROP TABLE reports');
    const refusal = page.locator('[data-error="guard"]');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.innerText()).toMatch(/不允许使用 DROP[\s\S]*DROP is not allowed/);
    await page.screenshot({ path: join(SHOTS, 'sql-refused.png'), fullPage: true });
    await runSql(page, 'SELECT count(*) AS n FROM reports;');
    await expect.poll(async () => (await page.locator('table.grid').count()) ? grid(page) : null, { timeout: 30_000 }).toEqual({ head: ['n'], rows: [['8']] });
    expect(await page.locator('[data-error]').count()).toBe(0);
    // Two statements, even harmless ones: refused.
    await runSql(page, 'SELECT 1; SELECT 2');
    await expect.poll(() => page.locator('[data-error="guard"]').innerText()).toMatch(/一次只能执行一条语句/);

    // Ctrl+Enter runs too.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('SELECT level, count(*) AS reports FROM reports GROUP BY level ORDER BY level');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await page.locator('table.grid').count()) ? (await grid(page)).rows : null, { timeout: 30_000 }).toEqual([['办公室', '3'], ['县', '4'], ['市', '1']].sort((a, b) => (a[0] < b[0] ? -1 : 1)));

    // Completion: table names, then a table's columns, each with its description.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('SELECT * FROM report_me');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(() => options.allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('report_metrics'));
    await expect.poll(() => page.locator('.cm-completionInfo').innerText(), { timeout: 10_000 }).toContain('指标宽表');
    await page.screenshot({ path: join(SHOTS, 'sql-completion.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.insertText('trics WHERE report_metrics.disclosure_rate_');
    await page.keyboard.press('Control+Space');
    await expect.poll(() => options.allInnerTexts(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining('disclosure_rate__den')]));
    await page.keyboard.press('Escape');

    // 恢复数据: the tables damaged behind the guard's back (the app's own handle) are loaded again.
    await page.evaluate(async () => {
      const db = await (window as unknown as { __mingjing: { database: () => Promise<{ query: (s: string) => Promise<unknown> }> } }).__mingjing.database();
      await db.query('DELETE FROM builtin_reports');
      await db.query('DROP TABLE builtin_requests');
    });
    await runSql(page, 'SELECT count(*) AS n FROM reports');
    await expect.poll(async () => (await page.locator('table.grid').count()) ? (await grid(page)).rows : null, { timeout: 30_000 }).toEqual([['0']]);
    await page.locator('[data-restore]').click();
    await page.locator('[data-notice]').waitFor({ timeout: 60_000 });
    // The shown query runs again on the restored data.
    await expect.poll(async () => (await page.locator('table.grid').count()) ? (await grid(page)).rows : null, { timeout: 30_000 }).toEqual([['8']]);
    await page.locator('[data-example="requests-by-year"]').click();
    await expect.poll(async () => (await page.locator('table.grid').count()) ? grid(page) : null, { timeout: 30_000 }).toEqual({ head: expected.get('requests-by-year')!.head, rows: expected.get('requests-by-year')!.rows });
    await page.screenshot({ path: join(SHOTS, 'sql-restored.png'), fullPage: true });

    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('in English: the same rows from the URL, English first, no Chinese outside lang="zh"', { timeout: 180_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const e = EXAMPLES.find((x) => x.id === 'review-correction')!;
    await page.goto(`${origin}/sql?lang=en&q=${encodeURIComponent(e.sql('en'))}`);
    const want = expected.get(e.id)!;
    await expect.poll(async () => (await page.locator('table.grid').count()) ? grid(page) : null, { timeout: 60_000 }).toEqual({ head: want.head, rows: want.rows });
    await page.locator('[data-schema] details[data-table="reports"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('h1').innerText()).toMatch(/^SQL console\s+SQL 控制台$/);
    expect(await page.locator('[data-count]').innerText()).toBe('3 rows');
    // Open every table's columns and code lists: their text is checked too.
    await page.locator('[data-internal] > summary').click();
    await page.locator('[data-schema] details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    expect(await strayChinese(page)).toEqual([]);
    // The texts read first are English.
    const heads = await page.evaluate(() => [...document.querySelectorAll('main h1, main h2, main th, main button, main caption, main summary')].map((el) => {
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let n = walk.nextNode();
      while (n && !(n.textContent ?? '').trim()) n = walk.nextNode();
      return n && !(n.parentElement?.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh') ? n.textContent!.trim() : null;
    }).filter((s): s is string => s !== null));
    expect(heads.length).toBeGreaterThan(20);
    for (const h of heads) expect(h, h).toMatch(/^[A-Za-z0-9(“"_]/);
    await page.screenshot({ path: join(SHOTS, 'sql-en.png'), fullPage: true });

    // An example run in English has its comment in English; a refusal reads English first.
    await page.locator('[data-example="requests-by-year"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(EXAMPLES.find((x) => x.id === 'requests-by-year')!.sql('en'));
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await runSql(page, 'DELETE FROM reports');
    await expect.poll(() => page.locator('[data-error="guard"]').innerText()).toMatch(/^Query not run\s+Only read-only queries can run: DELETE is not allowed/);
    expect(await strayChinese(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
