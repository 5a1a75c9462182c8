/**
 * npm run bench:ui — against the production build in Debian's Chromium:
 *   floor            a bare DuckDB-WASM page's ready time (same bundle, nothing loaded)
 *   first paint      our overview's first contentful paint (build-time figures, before DuckDB)
 *   DuckDB ready     our app's database ready: tables loaded, indicator views created
 *   ranking query    the ranking's query on the embedded data (p50 of 20 runs)
 * Times are from navigation start, medians of several fresh page loads.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exposeTestHandle, launchChromium, serveBuild } from '../tests/support/browser';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');
if (!existsSync(join(BUILD, 'dev/duckdb-floor.html'))) throw new Error('build/ missing: run `npm run build` first');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const { server, origin } = await serveBuild(BUILD);
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function fresh<T>(path: string, fn: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await exposeTestHandle(context);
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}
const mark = (page: import('playwright-core').Page, name: string) =>
  page
    .waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 60_000 })
    .then(() => page.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name));

const floor: number[] = [];
const paint: number[] = [];
const ready: number[] = [];
for (let i = 0; i < RUNS; i++) {
  floor.push(await fresh('/dev/duckdb-floor', (p) => mark(p, 'floor:duckdb-ready')));
  await fresh('/', async (p) => {
    ready.push(await mark(p, 'mingjing:duckdb-ready'));
    paint.push(await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
  });
}
const ranking = await fresh('/', async (p) => {
  await mark(p, 'mingjing:duckdb-ready');
  return p.evaluate(async () => {
    const m = (window as unknown as { __mingjing: { ranking: (l: string, y: number) => Promise<unknown[]> } })
      .__mingjing;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await m.ranking('县', 2021);
      times.push(performance.now() - t);
    }
    return times;
  });
});
await browser.close();
server.close();

const result = {
  benchmark: 'ui',
  floor_ms: +median(floor).toFixed(0),
  first_paint_ms: +median(paint).toFixed(0),
  duckdb_ready_ms: +median(ready).toFixed(0),
  ready_over_floor: +(median(ready) / median(floor)).toFixed(2),
  ranking_query_p50_ms: +q(ranking, 0.5).toFixed(1),
  ranking_query_p95_ms: +q(ranking, 0.95).toFixed(1),
  runs: RUNS,
  data: `${JSON.parse(readFileSync(join(BUILD, 'data/aggregates.json'), 'utf8')).reports} embedded real reports`,
  chromium: '/usr/bin/chromium',
  date: new Date().toISOString(),
};
console.log(`UI (Chromium, production build, median of ${RUNS} loads; ${result.data}):`);
console.log(`  bare DuckDB-WASM page ready (floor)  ${result.floor_ms} ms`);
console.log(`  our first contentful paint           ${result.first_paint_ms} ms   (goal ≤ 500, before DuckDB)`);
console.log(
  `  our DuckDB ready                     ${result.duckdb_ready_ms} ms   (${result.ready_over_floor} × floor; goal ≤ 1.1)`,
);
console.log(
  `  ranking query                        p50 ${result.ranking_query_p50_ms} ms, p95 ${result.ranking_query_p95_ms} ms`,
);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/ui.json'), JSON.stringify(result, null, 2) + '\n');
