/**
 * npm run bench:restart — a user with a workspace of their own opens the app again: N synthetic reports
 * (default 1,000, BENCH_RESTART_REPORTS) imported as a workspace package, then the overview reloaded in the
 * same profile. Timed from navigation start to the app's database ready (`mingjing:duckdb-ready`), with the
 * part spent turning the stored workspace into the database's tables (`mingjing:workspace-tables`):
 *   first start   the first page after the import (the workspace's tables are derived and kept)
 *   again         each later start (the kept tables are reused when the workspace did not change)
 * Against the production build in Debian's Chromium; median of RUNS reloads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { generate } from '../src/lib/synthetic/generate';
import { validate } from '../src/lib/report/validate';
import { exportBundle } from '../src/lib/workspace/bundle';
import { statusOf } from '../src/lib/workspace/decide';
import type { Entry } from '../src/lib/workspace/types';
import { launchChromium, serveBuild } from '../tests/support/browser';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');
const N = Number(process.env.BENCH_RESTART_REPORTS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// The user's workspace: N synthetic reports, accepted, in the package format the app exports and imports.
const { records } = generate({ reports: N, years: 5, seed: 7 });
const entries: Entry[] = records.map((record, i) => {
  record.findings = validate(record);
  return {
    id: `bench${String(i).padStart(5, '0')}`,
    name: record.source,
    size: 1,
    hash: String(i).padStart(16, '0'),
    addedAt: '2026-01-01T00:00:00.000Z',
    status: statusOf(record),
    reason: null,
    record,
    text: null,
    decision: 'accepted',
    shadows: null,
  };
});
const pkg = await exportBundle(entries, [], async () => null);

const { server, origin } = await serveBuild(BUILD);
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const entry = (page: Page, name: string) =>
  page
    .waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 120_000 })
    .then(() =>
      page.evaluate((n) => {
        const e = performance.getEntriesByName(n)[0];
        return e.entryType === 'measure' ? e.duration : e.startTime;
      }, name),
    );
const start = async (page: Page) => {
  await page.goto(`${origin}/`);
  const ready = await entry(page, 'mingjing:duckdb-ready');
  const tables = await page.evaluate(() => performance.getEntriesByName('mingjing:workspace-tables')[0]?.duration);
  return { ready, tables: tables ?? NaN };
};

const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${origin}/import`);
await page.waitForSelector('input[data-pick="files"][data-hydrated="true"]');
await page.waitForFunction(() => !document.body.innerText.includes('正在打开工作区'));
await page.setInputFiles('input[data-pick="files"]', {
  name: 'workspace.zip',
  mimeType: 'application/zip',
  buffer: Buffer.from(pkg),
});
// Every file of the package listed and none still being read (as tests/support/import-page.ts `settled`).
await page.waitForFunction(
  (n) =>
    document.querySelectorAll('[data-review-list] tbody tr').length === n &&
    !document.querySelector('[data-review-list] tr[data-status="pending"]'),
  N,
  { timeout: 600_000 },
);
const first = await start(page);
const again: { ready: number; tables: number }[] = [];
for (let i = 0; i < RUNS; i++) again.push(await start(page));
await browser.close();
server.close();

const result = {
  benchmark: 'restart',
  reports: N,
  first_start_ready_ms: Math.round(first.ready),
  first_start_workspace_tables_ms: Math.round(first.tables),
  again_ready_ms: Math.round(median(again.map((a) => a.ready))),
  again_workspace_tables_ms: Math.round(median(again.map((a) => a.tables))),
  runs: RUNS,
  chromium: '/usr/bin/chromium',
  date: new Date().toISOString(),
};
console.log(`Restart with ${N} reports of the user's (Chromium, production build; median of ${RUNS} reloads):`);
console.log(
  `  first start after the import  ready ${result.first_start_ready_ms} ms (workspace → tables ${result.first_start_workspace_tables_ms} ms)`,
);
console.log(
  `  again                         ready ${result.again_ready_ms} ms (workspace → tables ${result.again_workspace_tables_ms} ms)`,
);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/restart.json'), JSON.stringify(result, null, 2) + '\n');
