/**
 * The workspace survives a browser restart: with a profile on disk (as a
 * user's browser has), a report imported and accepted is still there, still
 * accepted and still in the data, after Chromium is closed and started again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbQuery, useApp } from '../support/app';
import { openImport, txt, YUNCHENG_2022 } from '../support/import-page';

const PROFILE = mkdtempSync(join(tmpdir(), 'mingjing-profile-'));

describe('workspace across a browser restart (Chromium, profile on disk)', () => {
  // After Chromium is closed (after hooks run last registered first).
  afterAll(() => rmSync(PROFILE, { recursive: true, force: true }));
  const app = useApp({ needs: 'import.html', profile: PROFILE, handle: true });

  it('keeps the files, the decision and the data', { timeout: 180_000 }, async () => {
    // The real 运城 report moved to 2022: not in the embedded data, so it is clean and accepted in one click.
    let page = await app.newPage();
    await openImport(page, app.origin);
    await page.setInputFiles('input[data-pick="files"]', [txt('运城-2022.txt', YUNCHENG_2022)]);
    await page.locator('[data-review-list] tr[data-status="ok"]').waitFor({ timeout: 60_000 });
    await page.click('[data-accept-clean]');
    await page.locator('[data-review-list] tr[data-decision="accepted"]').waitFor();

    await app.restart();
    page = await app.newPage();
    await page.goto(`${app.origin}/import`);
    const row = page.locator('[data-review-list] tr[data-entry="运城-2022.txt"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-decision')).toBe('accepted');
    const [{ n }] = await dbQuery<{ n: number }>(page, "SELECT count(*) AS n FROM reports WHERE dataset = 'mine'");
    expect(n).toBe(1);
  });
});
