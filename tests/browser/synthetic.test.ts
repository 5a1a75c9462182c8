/**
 * The synthetic benchmark set is never shown as real: with ?data=synthetic
 * every view carries the banner 模拟数据, the overview counts the simulated
 * reports, and ?data=real brings the real data back without the banner.
 * (A small set of its own is generated for the test and served from a folder of its own — the build's files
 * linked, its synthetic/ the test's — so the demo set that `npm run data` put into build/synthetic stays there
 * for the tests that run beside this one.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD, needBuild, ROOT, useApp } from '../support/app';
import { clickNav } from '../support/nav';

const SERVED = mkdtempSync(join(tmpdir(), 'mingjing-synthetic-'));
const OUT = join(SERVED, 'synthetic');

describe('synthetic data in the dashboard (Chromium, production build)', () => {
  beforeAll(() => {
    needBuild('ranking.html');
    for (const f of readdirSync(BUILD)) if (f !== 'synthetic') symlinkSync(join(BUILD, f), join(SERVED, f));
  });
  afterAll(() => rmSync(SERVED, { recursive: true, force: true }));
  const app = useApp({ root: SERVED, needs: 'ranking.html' });

  it('marks every view 模拟数据 and never mixes it with the real reports', { timeout: 240_000 }, async () => {
    execFileSync(
      'npx',
      ['tsx', join(ROOT, 'scripts/data/synthetic.ts'), '--reports', '600', '--years', '3', '--seed', '3', '--out', OUT],
      { stdio: 'ignore' },
    );
    const page = await app.newPage();

    await page.goto(`${app.origin}/?data=synthetic`);
    await page.locator('[data-synthetic-banner]').waitFor();
    await page.locator('[data-synthetic-overview]').waitFor();
    await expect.poll(() => page.locator('[data-figure="reports"] .value').innerText()).toBe('600');
    // The banner stays on every view of the tab.
    for (const path of ['/ranking', '/trend', '/quality', '/report', '/import']) {
      await clickNav(page, path);
      await page.locator('[data-synthetic-banner]').waitFor({ timeout: 30_000 });
    }
    await page.goto(`${app.origin}/ranking`);
    await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-synthetic-banner]').innerText()).toContain('模拟数据');
    expect(await page.locator('tbody tr[data-report]').first().getAttribute('data-report')).toMatch(
      /\|synthetic-\d{6}-\d{4}\.txt$/,
    );
    // Back to the real data: no banner, the real count.
    await page.goto(`${app.origin}/?data=real`);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-synthetic-banner]').count()).toBe(0);
    expect(await page.locator('[data-figure="reports"] .value').innerText()).toBe('8');
    expect(app.errors).toEqual([]);
  });
});
