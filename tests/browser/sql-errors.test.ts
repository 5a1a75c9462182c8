/**
 * Errors that say what to do, a cite line of one line, and English that
 * counts right — in Debian's Chromium against the production build:
 *
 * - /sql with an unknown column shows DuckDB's own text and, under it, the
 *   hint naming the nearest column and pointing to the schema panel, whose
 *   button opens that table at that column; a syntax error points to the
 *   examples (the button focuses the first); a type error and a refused DROP
 *   say what to do instead; in English the hint is English;
 * - the cite line under /sql, after a long query, is one line (its box no
 *   taller than one line of its text), shows its link short, and that link,
 *   opened in a fresh browser profile, brings back the same query and, run,
 *   the same rows;
 * - the English import page, with one report imported and accepted, says
 *   "1 report accepted".
 *
 * No console errors. Screenshots: tests/output/screenshots/sql-errors-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CITE_URL_MAX } from '../../src/lib/ui/cite-url';
import { SHOTS, useApp } from '../support/app';
import { openImport, txt, YUNCHENG_2022 } from '../support/import-page';
import { openSql, runSql } from '../support/sql-page';

/** The grid as shown: each row's cell texts. */
const gridRows = (page: Page) =>
  page.$$eval('table.grid tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())),
  );

/** The DuckDB error box once shown: its message and its hint. */
async function duckError(page: Page) {
  const box = page.locator('[data-error="duckdb"]');
  await box.waitFor({ timeout: 30_000 });
  return {
    message: await box.locator('pre').innerText(),
    hint: box.locator('[data-hint]'),
  };
}

/** The cite line is one line: its box no taller than one line of its text, and nothing cut at its end (the date). */
async function oneLine(page: Page): Promise<void> {
  const box = await page.locator('aside[data-cite] [data-cite-text]').evaluate((el) => {
    const s = getComputedStyle(el);
    const lh = s.lineHeight === 'normal' ? 1.25 * parseFloat(s.fontSize) : parseFloat(s.lineHeight);
    return { height: el.getBoundingClientRect().height, lh, overflow: el.scrollWidth - el.clientWidth };
  });
  expect(box.height).toBeGreaterThan(0.5 * box.lh);
  expect(box.height).toBeLessThan(1.6 * box.lh);
  expect(box.overflow).toBeLessThanOrEqual(1);
}

describe('SQL errors, the cite line and English counts (Chromium, production build)', () => {
  const app = useApp({ viewport: { width: 1440, height: 900 } });

  it(
    'an unknown column, a syntax error, a type error and a refusal each say what to do',
    { timeout: 300_000 },
    async () => {
      const page = await openSql(await app.newPage(), app.origin);

      await runSql(page, 'SELECT agncy, year\nFROM reports');
      let e = await duckError(page);
      // DuckDB's own text, as it gave it …
      expect(e.message).toContain('Binder Error: Referenced column "agncy" not found in FROM clause!');
      expect(e.message).toContain('LINE 1: SELECT agncy, year');
      // … and under it what to do: the nearest column, the schema panel.
      expect(await e.hint.getAttribute('data-hint')).toBe('column');
      const said = await e.hint.innerText();
      expect(said).toMatch(/^怎么办：表 reports 中没有列 agncy。最接近的现有列：agency（表 reports）。/);
      expect(said).toContain('“可查询的表与视图”');
      const show = e.hint.locator('[data-hint-show="schema"]');
      expect(await show.innerText()).toBe('在“可查询的表与视图”中查看 reports.agency');
      await show.click();
      const table = page.locator('[data-schema] details[data-table="reports"]');
      expect(await table.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      const column = table.locator('tr[data-column="agency"]');
      expect(await column.getAttribute('data-shown')).toBe('');
      // Scrolled into the panel's view.
      await expect
        .poll(() =>
          column.evaluate((row) => {
            const r = row.getBoundingClientRect();
            const p = row.closest('[data-schema]')!.getBoundingClientRect();
            return r.top >= p.top && r.bottom <= p.bottom && r.bottom <= innerHeight;
          }),
        )
        .toBe(true);
      await page.evaluate(() => scrollTo(0, 0));
      await page.locator('h1').click();
      await page.screenshot({ path: join(SHOTS, 'sql-errors-column.png') });

      // A misspelt first word, refused before DuckDB: the examples.
      await runSql(page, 'SELEC agency FROM reports');
      const first = page.locator('[data-error="guard"] [data-hint="refusal"]');
      await first.waitFor({ timeout: 10_000 });
      expect(await first.innerText()).toContain('请检查第一个词的拼写');
      await first.locator('[data-hint-show="examples"]').click();
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-example'))).toBe(true);

      // A syntax error: the examples.
      await runSql(page, 'SELECT agency,, year FROM reports');
      e = await duckError(page);
      expect(e.message).toMatch(/^Parser Error: syntax error at or near ","/);
      expect(await e.hint.getAttribute('data-hint')).toBe('syntax');
      expect(await e.hint.innerText()).toContain('可参照上方的示例查询');
      await e.hint.locator('[data-hint-show="examples"]').click();
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-example'))).toBe(true);
      await page.locator('h1').click();
      await page.screenshot({ path: join(SHOTS, 'sql-errors-syntax.png') });

      // A type error: the column types, TRY_CAST.
      await runSql(page, 'SELECT sum(agency) FROM reports');
      e = await duckError(page);
      expect(e.message).toContain("No function matches the given name and argument types 'sum(VARCHAR)'");
      expect(await e.hint.getAttribute('data-hint')).toBe('type');
      expect(await e.hint.innerText()).toContain('TRY_CAST');

      // A text value in double quotes (a name to DuckDB): single quotes.
      await runSql(page, 'SELECT year FROM reports WHERE agency = "泽州县人民政府"');
      e = await duckError(page);
      expect(e.message).toContain('Binder Error: Referenced column "泽州县人民政府" not found');
      expect(await e.hint.getAttribute('data-hint')).toBe('quotes');
      expect(await e.hint.innerText()).toContain("文本值要用单引号：'泽州县人民政府'");

      // Refused before DuckDB: where to do it instead.
      await runSql(page, 'DROP TABLE reports');
      const refusal = page.locator('[data-error="guard"] [data-hint="refusal"]');
      await refusal.waitFor({ timeout: 10_000 });
      expect(await refusal.innerText()).toContain('“导入”页');

      // English: the hint in English, DuckDB's text unchanged.
      await page.goto(`${app.origin}/sql?lang=en`);
      await page.locator('[data-schema] details[data-table="reports"]').waitFor({ timeout: 60_000 });
      await runSql(page, 'SELECT * FROM report');
      e = await duckError(page);
      expect(e.message).toContain('Catalog Error: Table with name report does not exist!');
      expect(await e.hint.innerText()).toMatch(
        /^What to do: There is no table or view named report\. Nearest existing table: reports\. The panel “Tables and views”/,
      );
      expect(await e.hint.locator('[data-hint-show]').innerText()).toBe('Show reports in Tables and views');
      await page.locator('h1').click();
      await page.screenshot({ path: join(SHOTS, 'sql-errors-en.png') });
      expect(app.errors).toEqual([]);
    },
  );

  it('the cite line under /sql is one line, and its short link reopens the query', { timeout: 300_000 }, async () => {
    const page = await openSql(await app.newPage(), app.origin);
    const query = `SELECT agency, year, format, published\nFROM reports\nWHERE level = '县'\n  AND year >= 2019\nORDER BY year DESC, agency\n-- ${'县级政府的年度报告，按年度倒序 '.repeat(6)}`;
    await runSql(page, query);
    await page.locator('table.grid tbody tr').first().waitFor({ timeout: 30_000 });
    const rows = await gridRows(page);
    expect(rows.length).toBeGreaterThan(0);

    const line = page.locator('aside[data-cite]');
    await expect.poll(() => line.getAttribute('data-cite-url')).toBe(page.url());
    await expect.poll(() => line.getAttribute('data-cite-version'), { timeout: 30_000 }).toMatch(/\S/);
    const link = line.locator('a[data-cite-link]');
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe(page.url());
    expect(new URL(href).searchParams.get('q')).toBe(query);
    expect(href.length).toBeGreaterThan(500);
    // Shown short: the parameters decoded, cut with “…”.
    const shown = await link.innerText();
    expect([...shown].length).toBeLessThanOrEqual(CITE_URL_MAX);
    expect(shown).toMatch(/\/sql\?q=SELECT agency, year, format, published FROM.*…$/);
    // One line: the text's box is no taller than one line of it.
    await oneLine(page);
    await page.locator('h1').click();
    await line.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'sql-errors-cite.png') });

    // On paper the link cannot be followed: the full URL is printed instead of the short one.
    await page.emulateMedia({ media: 'print' });
    expect(await line.locator('.print-url').innerText()).toBe(href);
    expect(await link.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The link in a fresh profile: the same query in the editor, run, the same rows.
    const other = await app.session();
    const fresh = await openSql(await other.newPage(), app.origin, href.slice(app.origin.length));
    await fresh.locator('[data-pending]').waitFor({ timeout: 10_000 });
    expect(new URL(fresh.url()).searchParams.get('q')).toBe(query);
    expect(await fresh.locator('.cm-content').innerText()).toBe(query);
    await fresh.locator('[data-run]').click();
    await expect.poll(() => gridRows(fresh), { timeout: 30_000 }).toEqual(rows);
    // In English too, one line.
    await fresh.goto(`${href}&lang=en`);
    await fresh.locator('[data-pending]').waitFor({ timeout: 60_000 });
    await expect.poll(() => fresh.locator('aside[data-cite]').getAttribute('data-cite-version')).toMatch(/\S/);
    await oneLine(fresh);
    expect(other.errors).toEqual([]);
    await other.close();
    expect(app.errors).toEqual([]);
  });

  it('the English import page says “1 report” for one', { timeout: 240_000 }, async () => {
    const other = await app.session();
    const page = await other.newPage();
    await openImport(page, app.origin, '?lang=en');
    await page.setInputFiles('input[data-pick="files"]', [txt('运城-2022.txt', YUNCHENG_2022)]);
    await page.locator('[data-review-list] tr[data-status="ok"]').waitFor({ timeout: 120_000 });
    await page.click('[data-accept-clean]');
    await page.locator('[data-review-list] tr[data-decision="accepted"]').waitFor();
    await expect
      .poll(() => page.locator('[data-counts]').innerText())
      .toBe('1 report accepted · 0 to decide · 0 files not usable');
    await page.screenshot({ path: join(SHOTS, 'sql-errors-import-en.png'), fullPage: true });
    expect(other.errors).toEqual([]);
    await other.close();
  });
});
