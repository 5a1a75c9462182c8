/**
 * npm run bench:scale — the dashboard at 1 k and at 100 k reports, on the
 * SYNTHETIC set (scripts/data/synthetic.ts, seed 1, 5 years), against the
 * production build in Debian's Chromium. For each size:
 *   load          DuckDB ready with the set loaded (tables + pre-aggregated indicators)
 *   ranking       the ranking view's data for one level and year — its query and the entries
 *                 it builds from the answer, as the view reads them (20 runs: p50, p95)
 *   trend         the trend view's two queries for one indicator (20 runs)
 *   compare       the comparison's query for 12 reports (20 runs)
 *   view change   click from 排名 to 趋势 until its chart is drawn, timed in the page (median of 5)
 *   memory        JS heap of the page, DuckDB's own memory, and the tab's resident memory (renderer processes)
 * The set is written into build/synthetic/ (what `?data=synthetic` loads).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { exposeTestHandle, launchChromium, serveBuild } from '../tests/support/browser';
import { navLink } from '../tests/support/nav';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');
if (!existsSync(join(BUILD, 'ranking.html'))) throw new Error('build/ missing: run `npm run build` first');
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

type Handle = {
  database(): Promise<{ query(s: string): Promise<Record<string, unknown>[]> }>;
  ranking(l: string, y: number): Promise<unknown[]>;
  trend(m: string, l: string | null): Promise<void>;
  compareSql(ids: string[]): Promise<string>;
};

/** Resident memory of Chromium's renderer processes, MB: the page with its workers (DuckDB's included) — the tab. */
function rendererRssMb(): number {
  const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=,args=']).toString();
  const kb = out
    .split('\n')
    .filter((l) => l.includes('--type=renderer'))
    .reduce((a, l) => a + Number(l.trim().split(/\s+/)[0]), 0);
  return Math.round(kb / 1024);
}

async function timed(page: Page, what: 'ranking' | 'trend' | 'compare'): Promise<number[]> {
  return page.evaluate(async (what) => {
    const m = (window as unknown as { __mingjing: Handle }).__mingjing;
    const db = await m.database();
    // The level with the most reports (counties at national scale), its last year.
    const [{ level, year }] = await db.query(
      'SELECT level, max(year) AS year, count(*) AS n FROM reports GROUP BY level ORDER BY n DESC LIMIT 1',
    );
    const ids = (await db.query(`SELECT report_id FROM reports WHERE year = ${year} ORDER BY report_id LIMIT 12`)).map(
      (r) => r.report_id as string,
    );
    const sql = what === 'compare' ? await m.compareSql(ids) : null;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      if (what === 'ranking') await m.ranking(level as string, year as number);
      else if (sql) await db.query(sql);
      else await m.trend('disclosure_rate', level as string);
      times.push(performance.now() - t);
    }
    return times;
  }, what);
}

const results: Record<string, unknown>[] = [];
const { server, origin } = await serveBuild(BUILD);
const browser = await launchChromium();
for (const n of SIZES) {
  const gen = performance.now();
  execFileSync(
    'npx',
    [
      'tsx',
      join(ROOT, 'scripts/data/synthetic.ts'),
      '--reports',
      String(n),
      '--years',
      '5',
      '--seed',
      '1',
      '--texts',
      '0',
      '--out',
      join(BUILD, 'synthetic'),
    ],
    { stdio: 'inherit' },
  );
  const genMs = performance.now() - gen;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await exposeTestHandle(context);
  const page = await context.newPage();
  await page.goto(`${origin}/ranking?data=synthetic`);
  const ready = await page
    .waitForFunction(() => performance.getEntriesByName('mingjing:duckdb-ready')[0]?.startTime, undefined, {
      timeout: 300_000,
    })
    .then((h) => h.jsonValue() as Promise<number>);
  await page.locator('table[data-ready="true"]').waitFor({ timeout: 120_000 });
  const ranking = await timed(page, 'ranking');
  const trend = await timed(page, 'trend');
  const compare = await timed(page, 'compare');
  // In the page, from the click event to the chart drawn (what the user waits for; Playwright's own round trips
  // around a click are not the app's). The pointer is not left to rest on the link first: no hover preload.
  const change: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${origin}/ranking`);
    // The app mounted and its database ready (the start is measured above): the prerendered HTML holds a table
    // before either, and a click then would time the start, not the view change.
    await page.waitForFunction(() => performance.getEntriesByName('mingjing:duckdb-ready').length > 0, undefined, {
      timeout: 300_000,
    });
    await page.locator('html[data-mounted] table[data-ready="true"]').waitFor({ timeout: 300_000 });
    await page.waitForTimeout(500);
    // The link is in its group's list (the grouped navigation): opened before the timing starts.
    const trendLink = await navLink(page, '/trend');
    await page.evaluate(() => {
      const w = window as unknown as { __change?: Promise<number> };
      w.__change = new Promise((done) => {
        let clicked = 0;
        document.addEventListener('click', () => (clicked = performance.now()), { capture: true, once: true });
        const seen = new MutationObserver(() => {
          if (
            clicked &&
            document.querySelector('[data-ready="true"] figure.chart') &&
            location.pathname.endsWith('/trend')
          ) {
            seen.disconnect();
            done(performance.now() - clicked);
          }
        });
        seen.observe(document, { subtree: true, childList: true, attributes: true });
      });
    });
    await trendLink.click();
    change.push(await page.evaluate(() => (window as unknown as { __change: Promise<number> }).__change));
  }
  const heapMb = await page.evaluate(() =>
    Math.round(
      ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1048576,
    ),
  );
  const duckMb = await page.evaluate(async () => {
    const db = await (window as unknown as { __mingjing: Handle }).__mingjing.database();
    return Math.round(
      Number((await db.query('SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()'))[0].b) / 1048576,
    );
  });
  const rss = rendererRssMb();
  await context.close();
  results.push({
    reports: n,
    generate_s: +(genMs / 1000).toFixed(1),
    duckdb_ready_ms: Math.round(ready),
    ranking_p50_ms: +q(ranking, 0.5).toFixed(1),
    ranking_p95_ms: +q(ranking, 0.95).toFixed(1),
    trend_p50_ms: +q(trend, 0.5).toFixed(1),
    trend_p95_ms: +q(trend, 0.95).toFixed(1),
    compare_p50_ms: +q(compare, 0.5).toFixed(1),
    compare_p95_ms: +q(compare, 0.95).toFixed(1),
    view_change_ms: Math.round(q(change, 0.5)),
    js_heap_mb: heapMb,
    duckdb_memory_mb: duckMb,
    tab_rss_mb: rss,
  });
}
await browser.close();
server.close();

console.log('Scale (synthetic set, Chromium, production build; query times p50 / p95 of 20 runs):');
console.log(
  '  reports   DuckDB ready   ranking          trend            compare          view change   JS heap   DuckDB mem   tab RSS',
);
for (const r of results) {
  console.log(
    `  ${String(r.reports).padStart(7)}   ${String(r.duckdb_ready_ms).padStart(8)} ms   ${r.ranking_p50_ms} / ${r.ranking_p95_ms} ms`.padEnd(
      50,
    ) +
      `${r.trend_p50_ms} / ${r.trend_p95_ms} ms`.padEnd(17) +
      `${r.compare_p50_ms} / ${r.compare_p95_ms} ms`.padEnd(17) +
      `${r.view_change_ms} ms`.padEnd(14) +
      `${r.js_heap_mb} MB`.padEnd(10) +
      `${r.duckdb_memory_mb} MB`.padEnd(13) +
      `${r.tab_rss_mb} MB`,
  );
}
console.log('  goals: ranking p50 ≤ 150 ms at 100 k; view change ≤ 200 ms; the tab ≤ 1 GB');
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  resolve(import.meta.dirname, 'results/scale.json'),
  JSON.stringify(
    {
      benchmark: 'scale',
      results,
      date: new Date().toISOString(),
      data: 'synthetic (npm run data:synthetic, seed 1, 5 years)',
    },
    null,
    2,
  ) + '\n',
);
