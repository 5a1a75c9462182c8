/**
 * npm run bench:ui — against the production build in Debian's Chromium, each figure the median of RUNS fresh
 * profiles (cold: nothing cached) unless it says warm:
 *   floor            a bare DuckDB-WASM page's ready time (/dev/duckdb-floor: same bundle, nothing loaded)
 *   first paint      per view, its default state drawn and painted — its content there, nothing on it waiting
 *                    for DuckDB, the cite line's data-set version shown (src/lib/db/prerendered.ts)
 *   DuckDB ready     our app's database ready: tables loaded, indicator views created (on the overview)
 *   warm             the floor and our DuckDB ready on a reload in the same profile (the engine's compiled
 *                    code cached by the browser: streaming compilation)
 *   ranking query    the ranking's query on the embedded data (p50 of 20 runs)
 * Times are from navigation start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { viewOf } from '../src/lib/views';
import { FIRST_PAINT } from '../src/routes/first-paint';
import { exposeTestHandle, launchChromium, serveBuild } from '../tests/support/browser';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');
if (!existsSync(join(BUILD, 'dev/duckdb-floor.html'))) throw new Error('build/ missing: run `npm run build` first');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const VIEWS = Object.keys(FIRST_PAINT) as (keyof typeof FIRST_PAINT)[];

const { server, origin } = await serveBuild(BUILD);
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

/**
 * Runs in the page: the moment the view is drawn — a heading, its content (`data-ready`), no status saying it
 * waits for DuckDB, the version — taken at the next frame after it is in the document (it is painted then; a
 * prerendered page has it as the HTML is parsed).
 */
function watchDrawn() {
  const w = window as unknown as { __drawn?: number };
  let seen = false;
  const check = () => {
    if (seen) return;
    const main = document.querySelector('main');
    const waiting = [...document.querySelectorAll('main .status')].some((e) =>
      e.textContent?.includes('正在启动数据库'),
    );
    const version = document.querySelector('[data-version]')?.textContent ?? '';
    if (!main?.querySelector('h1') || !main.querySelector('[data-ready="true"]') || waiting) return;
    if (!/^[0-9a-f]{8,}$/.test(version)) return;
    seen = true;
    requestAnimationFrame(() => (w.__drawn = performance.now()));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

async function fresh<T>(path: string, fn: (page: Page) => Promise<T>, warm = false): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await exposeTestHandle(context);
  await context.addInitScript(watchDrawn);
  const page = await context.newPage();
  if (warm) {
    await page.goto(`${origin}${path}`);
    await fn(page);
  }
  await page.goto(`${origin}${path}`);
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}
const mark = (page: Page, name: string) =>
  page
    .waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 60_000 })
    .then(() => page.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name));
/** The view drawn and painted: its content's frame, or the page's first contentful paint if that came later. */
const drawn = (page: Page) =>
  page
    .waitForFunction(
      () => {
        const at = (window as unknown as { __drawn?: number }).__drawn;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        return at && fcp ? Math.max(at, fcp) : 0;
      },
      undefined,
      { timeout: 60_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>);

/** The steps of a start, as each page marks them (src/lib/db/browser.ts StartStep, src/lib/db/app.ts). */
const STEPS = { floor: ['instantiated', 'opened', 'locked'], mingjing: ['instantiated', 'opened', 'locked', 'tables'] };
const steps = (p: Page, who: keyof typeof STEPS) =>
  p.evaluate(
    ([who, names]) => names.map((n) => performance.getEntriesByName(`${who}:duckdb-${n}`)[0]?.startTime ?? NaN),
    [who, STEPS[who]] as const,
  );
const floorSteps: number[][] = [];
const readySteps: number[][] = [];
const floor: number[] = [];
const ready: number[] = [];
const paint: number[] = [];
const warmFloor: number[] = [];
const warmReady: number[] = [];
const views: Record<string, number[]> = Object.fromEntries(VIEWS.map((v) => [v, []]));
for (let i = 0; i < RUNS; i++) {
  await fresh('/dev/duckdb-floor', async (p) => {
    floor.push(await mark(p, 'floor:duckdb-ready'));
    floorSteps.push(await steps(p, 'floor'));
  });
  await fresh('/', async (p) => {
    ready.push(await mark(p, 'mingjing:duckdb-ready'));
    readySteps.push(await steps(p, 'mingjing'));
    paint.push(await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
  });
  warmFloor.push(await fresh('/dev/duckdb-floor', (p) => mark(p, 'floor:duckdb-ready'), true));
  warmReady.push(await fresh('/', (p) => mark(p, 'mingjing:duckdb-ready'), true));
  for (const v of VIEWS) views[v].push(await fresh(viewOf(v).path, drawn));
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

const f = median(floor);
/** Each step's median time from navigation start, by name. */
const stepMedians = (who: keyof typeof STEPS, runs: number[][]) =>
  Object.fromEntries(STEPS[who].map((n, i) => [n, Math.round(median(runs.map((r) => r[i])))]));
const viewPaint = Object.fromEntries(VIEWS.map((v) => [v, Math.round(median(views[v]))]));
const worst = Math.max(...Object.values(viewPaint));
const result = {
  benchmark: 'ui',
  floor_ms: Math.round(f),
  first_paint_ms: Math.round(median(paint)),
  view_first_paint_ms: viewPaint,
  view_first_paint_max_ms: worst,
  view_first_paint_max_over_floor: +(worst / f).toFixed(2),
  floor_steps_ms: stepMedians('floor', floorSteps),
  duckdb_ready_ms: Math.round(median(ready)),
  duckdb_steps_ms: stepMedians('mingjing', readySteps),
  ready_over_floor: +(median(ready) / f).toFixed(2),
  warm_floor_ms: Math.round(median(warmFloor)),
  warm_duckdb_ready_ms: Math.round(median(warmReady)),
  warm_ready_over_floor: +(median(warmReady) / median(warmFloor)).toFixed(2),
  ranking_query_p50_ms: +q(ranking, 0.5).toFixed(1),
  ranking_query_p95_ms: +q(ranking, 0.95).toFixed(1),
  runs: RUNS,
  data: `${JSON.parse(readFileSync(join(BUILD, 'data/aggregates.json'), 'utf8')).reports} embedded real reports`,
  chromium: '/usr/bin/chromium',
  date: new Date().toISOString(),
};
console.log(`UI (Chromium, production build, median of ${RUNS} fresh profiles; ${result.data}):`);
console.log(`  bare DuckDB-WASM page ready (floor)  ${result.floor_ms} ms (warm: ${result.warm_floor_ms} ms)`);
console.log(`  our first contentful paint           ${result.first_paint_ms} ms`);
for (const v of VIEWS)
  console.log(`  first paint ${viewOf(v).zh.padEnd(6, '　')}               ${viewPaint[v]} ms`.padEnd(52));
console.log(
  `  slowest view's first paint           ${worst} ms (${result.view_first_paint_max_over_floor} × floor; goal ≤ 500 ms, ≤ 0.3 ×)`,
);
console.log(
  `  our DuckDB ready                     ${result.duckdb_ready_ms} ms (${result.ready_over_floor} × floor; warm ${result.warm_duckdb_ready_ms} ms, ${result.warm_ready_over_floor} ×; goal ≤ 1.0 ×)`,
);
const stepLine = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
console.log(`    floor's start: ${stepLine(result.floor_steps_ms)}, ready ${result.floor_ms} ms`);
console.log(`    our start:     ${stepLine(result.duckdb_steps_ms)}, ready ${result.duckdb_ready_ms} ms`);
console.log(
  `  ranking query                        p50 ${result.ranking_query_p50_ms} ms, p95 ${result.ranking_query_p95_ms} ms`,
);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/ui.json'), JSON.stringify(result, null, 2) + '\n');
