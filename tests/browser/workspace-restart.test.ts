/**
 * The workspace survives a browser restart: with a profile on disk (as a
 * user's browser has), a report imported and accepted is still there, still
 * accepted and still in the data, after Chromium is closed and started again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { exposeTestHandle, launchChromiumProfile, serveBuild } from '../support/browser';

const ROOT = resolve(__dirname, '../..');
const PROFILE = mkdtempSync(join(tmpdir(), 'mingjing-profile-'));

describe('workspace across a browser restart (Chromium, profile on disk)', () => {
  let server: Server | undefined;
  afterAll(async () => {
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    rmSync(PROFILE, { recursive: true, force: true });
  });

  it('keeps the files, the decision and the data', { timeout: 180_000 }, async () => {
    const served = await serveBuild(join(ROOT, 'build'));
    server = served.server;
    // The real 运城 report moved to 2022: not in the embedded data, so it is clean and accepted in one click.
    const text = readFileSync(join(ROOT, 'data/reports/000_8077d3367313ca29.txt'), 'utf8').replace(/2021年/g, '2022年').replace(/2021 年/g, '2022 年');
    const countMine = () => 'SELECT count(*) AS n FROM reports WHERE dataset = \'mine\'';

    let context = await launchChromiumProfile(PROFILE);
    await exposeTestHandle(context);
    let page = await context.newPage();
    await page.goto(`${served.origin}/import`);
    await page.waitForSelector('input[data-pick="files"][data-hydrated="true"]');
    await page.setInputFiles('input[data-pick="files"]', [{ name: '运城-2022.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }]);
    await page.locator('[data-review-list] tr[data-status="ok"]').waitFor({ timeout: 60_000 });
    await page.click('[data-accept-clean]');
    await page.locator('[data-review-list] tr[data-decision="accepted"]').waitFor();
    await context.close();

    context = await launchChromiumProfile(PROFILE);
    await exposeTestHandle(context);
    page = await context.newPage();
    await page.goto(`${served.origin}/import`);
    const row = page.locator('[data-review-list] tr[data-entry="运城-2022.txt"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-decision')).toBe('accepted');
    const n = await page.evaluate(async (sql) => {
      const db = await (window as unknown as { __mingjing: { database(): Promise<{ query(s: string): Promise<{ n: number }[]> }> } }).__mingjing.database();
      return (await db.query(sql))[0].n;
    }, countMine());
    expect(n).toBe(1);
    await context.close();
  });
});
