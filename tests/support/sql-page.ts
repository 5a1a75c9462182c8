/** The SQL console (/sql) as the browser tests drive it. */
import type { Page } from 'playwright-core';

/** /sql (or a link to it), once its schema browser is filled from the live database. */
export async function openSql(page: Page, origin: string, path = '/sql'): Promise<Page> {
  await page.goto(`${origin}${path}`);
  // The browser's first start of DuckDB-WASM compiles its wasm: give it time on a busy machine.
  await page.locator('[data-schema] details[data-table="reports"]').waitFor({ timeout: 150_000 });
  return page;
}

/** Empties the editor, as a user selecting all and deleting. */
export async function clearEditor(page: Page): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
}

/** Replace the editor's text (as a paste: no auto-closed brackets) and run it with the button. */
export async function runSql(page: Page, sql: string): Promise<void> {
  await clearEditor(page);
  await page.keyboard.insertText(sql);
  await page.locator('[data-run]').click();
}
