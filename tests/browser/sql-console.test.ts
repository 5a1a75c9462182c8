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
 * leaves the origin.
 *
 * Nothing leaves the machine: a query naming an http://127.0.0.1:<port>/ URL
 * (a local server here counts requests) makes no request — refused by the
 * guard with a Chinese reason, or, where a URL slips past the guard or the
 * guard is bypassed (the app's own handle), refused by DuckDB-WASM itself,
 * which has external access off and its settings locked
 * (src/lib/db/lockdown.ts); without that, the same engine fetches the URL
 * through the worker's XMLHttpRequest and shows its rows. A link's query
 * (/sql?q=…) sits in the editor until 运行 unless it is exactly an example;
 * a result's CSV never carries a formula. Screenshots go to
 * tests/output/screenshots/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import type { Db } from '../../src/lib/db/types';
import { toCsv } from '../../src/lib/export/table';
import { EXAMPLES } from '../../src/lib/sql-console/examples';
import { checkSql } from '../../src/lib/sql-console/guard';
import { cellValue, runStatement } from '../../src/lib/sql-console/run';
import { dbQuery, download, headlines, REPORTS, SHOTS, strayChinese, useApp } from '../support/app';
import { appDb } from '../support/app-db';
import { clearEditor, openSql, runSql } from '../support/sql-page';

/** The grid as shown: header names, then each row's cell texts. */
const grid = (page: Page) =>
  page.locator('table.grid').evaluate((t) => ({
    head: [...t.querySelectorAll('thead th')].map((th) => (th as HTMLElement).innerText.split('\n')[0].trim()),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim()),
    ),
  }));

describe('SQL console (Chromium, production build)', () => {
  const app = useApp();
  let db: Db;
  /** Each example's rows on DuckDB in Node, as the grid must show them. */
  const expected = new Map<string, { head: string[]; rows: string[][]; csv: string }>();

  beforeAll(async () => {
    // The app's load (src/lib/db/app.ts), in Node.
    db = await appDb((await buildTables(REPORTS)).tables);
    for (const e of EXAMPLES) {
      const g = checkSql(e.sql('zh'));
      if (!g.ok) throw new Error(`${e.id}: ${g.en}`);
      const r = await runStatement(db, g.statement, 100_000);
      const cells = r.rows.map((row) =>
        Object.fromEntries(r.columns.map((c) => [c.name, cellValue(row[c.name], c.type)])),
      );
      expected.set(e.id, {
        head: r.columns.map((c) => c.name),
        rows: cells.map((row) => r.columns.map((c) => (row[c.name] === null ? 'NULL' : String(row[c.name])))),
        csv: toCsv(
          r.columns.map((c) => ({ key: c.name, label: c.name })),
          cells,
        ),
      });
    }
  }, 240_000);
  afterAll(() => db?.close());

  it(
    "runs the examples, shows DuckDB's errors, refuses DROP, exports CSV, reopens from its URL and restores the data",
    { timeout: 300_000 },
    async () => {
      const session = await app.session({ handle: true });
      // The schema browser is filled from the live database: it is ready.
      const page = await openSql(await session.newPage(), app.origin);
      expect(await page.locator('h1').innerText()).toMatch(/^SQL 控制台\s+SQL console$/);

      // Every example: the grid is what DuckDB gives in Node, and the query is in the URL.
      for (const e of EXAMPLES) {
        await page.locator(`[data-example="${e.id}"]`).click();
        const want = expected.get(e.id)!;
        expect(want.rows.length, e.id).toBeGreaterThan(0);
        await expect
          .poll(async () => ((await page.locator('table.grid').count()) ? grid(page) : null), {
            timeout: 30_000,
            message: e.id,
          })
          .toEqual({ head: want.head, rows: want.rows });
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
      const csvDl = await download(page, () => page.locator('[data-export="csv"]').click());
      expect(csvDl.name).toBe('SQL查询结果.csv');
      const csv = csvDl.bytes.toString('utf8');
      expect(csv).toBe(city.csv);
      expect(csv.split('\r\n')[0]).toBe(
        '\ufeffcity,city_code,year,reports,with_value,numerator,denominator,disclosure_rate',
      );
      expect(csv).toContain('上海市,3100,2019,1,0,,,\r\n');
      expect(
        (await download(page, () => page.locator('[data-export="xlsx"]').click())).bytes.subarray(0, 2).toString(),
      ).toBe('PK');

      // Reopened from its URL: the same rows, run at once.
      const shared = page.url();
      const again = await session.newPage();
      await again.goto(shared);
      await expect
        .poll(async () => ((await again.locator('table.grid').count()) ? grid(again) : null), { timeout: 60_000 })
        .toEqual({ head: city.head, rows: city.rows });
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
      await expect
        .poll(async () => ((await page.locator('table.grid').count()) ? grid(page) : null), { timeout: 30_000 })
        .toEqual({ head: ['n'], rows: [['8']] });
      expect(await page.locator('[data-error]').count()).toBe(0);
      // Two statements, even harmless ones: refused.
      await runSql(page, 'SELECT 1; SELECT 2');
      await expect.poll(() => page.locator('[data-error="guard"]').innerText()).toMatch(/一次只能执行一条语句/);

      // Ctrl+Enter runs too.
      await clearEditor(page);
      await page.keyboard.insertText('SELECT level, count(*) AS reports FROM reports GROUP BY level ORDER BY level');
      await page.keyboard.press('Control+Enter');
      await expect
        .poll(async () => ((await page.locator('table.grid').count()) ? (await grid(page)).rows : null), {
          timeout: 30_000,
        })
        .toEqual(
          [
            ['办公室', '3'],
            ['县', '4'],
            ['市', '1'],
          ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
        );

      // Completion: table names, then a table's columns, each with its description.
      await clearEditor(page);
      await page.keyboard.type('SELECT * FROM report_me');
      const options = page.locator('.cm-tooltip-autocomplete li');
      await expect
        .poll(() => options.allInnerTexts(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining('report_metrics'));
      await expect
        .poll(() => page.locator('.cm-completionInfo').innerText(), { timeout: 10_000 })
        .toContain('指标宽表');
      await page.screenshot({ path: join(SHOTS, 'sql-completion.png') });
      await page.keyboard.press('Escape');
      await page.keyboard.insertText('trics WHERE report_metrics.disclosure_rate_');
      await page.keyboard.press('Control+Space');
      await expect
        .poll(() => options.allInnerTexts(), { timeout: 10_000 })
        .toEqual(expect.arrayContaining([expect.stringContaining('disclosure_rate__den')]));
      await page.keyboard.press('Escape');

      // 恢复数据: the tables damaged behind the guard's back (the app's own handle) are loaded again.
      await dbQuery(page, 'DELETE FROM builtin_reports');
      await dbQuery(page, 'DROP TABLE builtin_requests');
      await runSql(page, 'SELECT count(*) AS n FROM reports');
      await expect
        .poll(async () => ((await page.locator('table.grid').count()) ? (await grid(page)).rows : null), {
          timeout: 30_000,
        })
        .toEqual([['0']]);
      await page.locator('[data-restore]').click();
      await page.locator('[data-notice]').waitFor({ timeout: 60_000 });
      // The shown query runs again on the restored data.
      await expect
        .poll(async () => ((await page.locator('table.grid').count()) ? (await grid(page)).rows : null), {
          timeout: 30_000,
        })
        .toEqual([['8']]);
      await page.locator('[data-example="requests-by-year"]').click();
      await expect
        .poll(async () => ((await page.locator('table.grid').count()) ? grid(page) : null), { timeout: 30_000 })
        .toEqual({ head: expected.get('requests-by-year')!.head, rows: expected.get('requests-by-year')!.rows });
      await page.screenshot({ path: join(SHOTS, 'sql-restored.png'), fullPage: true });

      expect(session.errors).toEqual([]);
      expect(session.offOrigin()).toEqual([]);
    },
  );

  it(
    "reaches no network: a URL in a query makes no request, guard or no guard; a link's query waits for 运行 unless it is an example",
    { timeout: 300_000 },
    async () => {
      // Another server on this machine, as a stand-in for any server: it counts every request it gets.
      const hits: string[] = [];
      const far = createServer((req, res) => {
        hits.push(`${req.method} ${req.url}`);
        res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' }).end('a,b\n1,2\n');
      });
      await new Promise<void>((ok) => far.listen(0, '127.0.0.1', () => ok()));
      const url = `http://127.0.0.1:${(far.address() as AddressInfo).port}`;
      const session = await app.session({ handle: true });
      const open = async (path: string) => openSql(await session.newPage(), app.origin, path);
      try {
        const page = await open('/sql');
        // The guard: read_csv, read_text and a URL where a table stands are refused, with the reason in Chinese first.
        await runSql(page, `SELECT * FROM read_csv('${url}/a.csv')`);
        await expect
          .poll(() => page.locator('[data-error="guard"]').innerText())
          .toMatch(
            /^查询未执行[\s\S]*不允许调用 read_csv\(\)：控制台只查询已载入的表，不读取本机文件或网络地址[\s\S]*read_csv\(\) is not allowed/,
          );
        await page.screenshot({ path: join(SHOTS, 'sql-network-refused.png'), fullPage: true });
        await runSql(page, `SELECT * FROM read_text('${url}/b.csv')`);
        await expect.poll(() => page.locator('[data-error="guard"]').innerText()).toMatch(/不允许调用 read_text\(\)/);
        await runSql(page, `SELECT * FROM '${url}/c.csv'`);
        await expect.poll(() => page.locator('[data-error="guard"]').innerText()).toMatch(/不按文件名或网址读取数据/);
        await runSql(page, 'SELECT * FROM enable_logging()');
        await expect
          .poll(() => page.locator('[data-error="guard"]').innerText())
          .toMatch(/不允许调用 enable_logging\(\)：控制台不开启、不关闭、不读取数据库日志/);

        // A URL the guard does not see as one (a quoted name after a comma): DuckDB itself refuses it, said in Chinese first.
        await runSql(page, `SELECT * FROM reports, "${url}/d.csv"`);
        const box = page.locator('[data-error="duckdb"]');
        await box.waitFor({ timeout: 30_000 });
        expect(await box.locator('[data-denied]').innerText()).toMatch(/^本机数据库已关闭文件与网络访问/);
        expect(await box.innerText()).toContain(
          `Permission Error: Cannot access file "${url}/d.csv" - file system operations are disabled by configuration`,
        );
        expect(await page.locator('table.grid').count()).toBe(0);
        await page.screenshot({ path: join(SHOTS, 'sql-network-denied.png'), fullPage: true });

        // Behind the guard's back, on the app's own handle: every read is refused by the engine, and the lockdown cannot be undone.
        const direct: Record<string, string> = {};
        for (const sql of [
          `SELECT * FROM read_csv('${url}/e.csv')`,
          `SELECT * FROM read_text('${url}/f.csv')`,
          `SELECT * FROM read_blob('${url}/g.csv')`,
          `SELECT * FROM '${url}/h.csv'`,
          `SELECT * FROM query('SELECT * FROM read_csv(''${url}/i.csv'')')`,
          `ATTACH '${url}/j.db' AS j (READ_ONLY)`,
          'LOAD json',
          'SET enable_external_access = true',
          'RESET lock_configuration',
        ]) {
          direct[sql] = await dbQuery(page, sql).then(
            () => 'ran',
            (e: Error) => e.message,
          );
        }
        for (const [sql, msg] of Object.entries(direct))
          expect(msg, sql).toMatch(
            /disabled by configuration|disabled through configuration|configuration has been locked/,
          );
        expect(hits).toEqual([]);

        // A link's query that is not an example: in the editor, not run, until 运行.
        const q = 'SELECT count(*) AS n FROM reports';
        const link = await open(`/sql?q=${encodeURIComponent(q)}`);
        await link.waitForTimeout(1500);
        expect(await link.locator('table.grid').count()).toBe(0);
        expect(await link.locator('[data-error]').count()).toBe(0);
        expect(await link.locator('.cm-content').innerText()).toBe(q);
        expect(await link.locator('[data-pending]').innerText()).toBe(
          '此查询来自链接，尚未运行：请先看清它做什么，再点击“运行”。',
        );
        expect(new URL(link.url()).searchParams.get('q')).toBe(q);
        await link.screenshot({ path: join(SHOTS, 'sql-link-pending.png'), fullPage: true });
        await link.locator('[data-run]').click();
        await expect
          .poll(async () => ((await link.locator('table.grid').count()) ? (await grid(link)).rows : null), {
            timeout: 30_000,
          })
          .toEqual([['8']]);
        expect(await link.locator('[data-pending]').count()).toBe(0);

        // A link whose query names the far server: nothing runs on opening, and 运行 makes no request either.
        const bad = `SELECT * FROM reports, "${url}/link.csv"`;
        const link2 = await open(`/sql?q=${encodeURIComponent(bad)}`);
        await link2.waitForTimeout(1500);
        expect(await link2.locator('table.grid').count()).toBe(0);
        expect(await link2.locator('[data-error]').count()).toBe(0);
        expect(await link2.locator('.cm-content').innerText()).toBe(bad);
        await link2.locator('[data-run]').click();
        await link2.locator('[data-error="duckdb"] [data-denied]').waitFor({ timeout: 30_000 });
        expect(hits).toEqual([]);

        // A link whose query is exactly an example runs on opening.
        const e = EXAMPLES.find((x) => x.id === 'requests-by-year')!;
        const link3 = await open(`/sql?q=${encodeURIComponent(e.sql('zh'))}`);
        await expect
          .poll(async () => ((await link3.locator('table.grid').count()) ? grid(link3) : null), { timeout: 60_000 })
          .toEqual({ head: expected.get(e.id)!.head, rows: expected.get(e.id)!.rows });
        expect(await link3.locator('[data-pending]').count()).toBe(0);

        // A result's CSV: a text that starts like a formula gets its ', a number does not.
        await runSql(page, "SELECT '=cmd|'' /C calc''!A0' AS agency, -5 AS n, '-5' AS s, '@SUM(1)' AS \"+x\"");
        await expect
          .poll(async () => ((await page.locator('table.grid').count()) ? (await grid(page)).rows : null), {
            timeout: 30_000,
          })
          .toEqual([["=cmd|' /C calc'!A0", '-5', '-5', '@SUM(1)']]);
        expect((await download(page, () => page.locator('[data-export="csv"]').click())).bytes.toString('utf8')).toBe(
          "\ufeffagency,n,s,'+x\r\n'=cmd|' /C calc'!A0,-5,'-5,'@SUM(1)\r\n",
        );

        expect(hits).toEqual([]);
        expect(session.offOrigin()).toEqual([]);
        expect(session.errors).toEqual([]);
      } finally {
        await session.close();
        await new Promise((ok) => far.close(ok));
      }
    },
  );

  it(
    'in English: the same rows from the URL, English first, no Chinese outside lang="zh"',
    { timeout: 180_000 },
    async () => {
      const session = await app.session({ handle: true });
      const page = await session.newPage();
      const e = EXAMPLES.find((x) => x.id === 'review-correction')!;
      await page.goto(`${app.origin}/sql?lang=en&q=${encodeURIComponent(e.sql('en'))}`);
      const want = expected.get(e.id)!;
      await expect
        .poll(async () => ((await page.locator('table.grid').count()) ? grid(page) : null), { timeout: 60_000 })
        .toEqual({ head: want.head, rows: want.rows });
      await page.locator('[data-schema] details[data-table="reports"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('h1').innerText()).toMatch(/^SQL console\s+SQL 控制台$/);
      expect(await page.locator('[data-count]').innerText()).toBe('3 rows');
      // Open every table's columns and code lists: their text is checked too.
      await page.locator('[data-internal] > summary').click();
      await page
        .locator('[data-schema] details')
        .evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await strayChinese(page)).toEqual([]);
      // The texts read first are English.
      const heads = await headlines(page, 'main h1, main h2, main th, main button, main caption, main summary');
      expect(heads.length).toBeGreaterThan(20);
      for (const h of heads) expect(h, h).toMatch(/^[A-Za-z0-9(“"_]/);
      await page.screenshot({ path: join(SHOTS, 'sql-en.png'), fullPage: true });

      // An example run in English has its comment in English; a refusal reads English first.
      await page.locator('[data-example="requests-by-year"]').click();
      await expect
        .poll(() => new URL(page.url()).searchParams.get('q'))
        .toBe(EXAMPLES.find((x) => x.id === 'requests-by-year')!.sql('en'));
      expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
      await runSql(page, 'DELETE FROM reports');
      await expect
        .poll(() => page.locator('[data-error="guard"]').innerText())
        .toMatch(/^Query not run\s+Only read-only queries can run: DELETE is not allowed/);
      expect(await strayChinese(page)).toEqual([]);
      expect(session.errors).toEqual([]);
    },
  );
});
