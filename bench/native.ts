/**
 * npm run bench:native -- [--reports 1000000] [--out FILE] [--reuse --build-s S --build-rss-mb M]
 *
 * A corpus past the browser: `mingjing db --synthetic N` builds a native
 * DuckDB file of N synthetic reports (5 years, seed 1) with every cell table,
 * then the ranking and trend views' queries run on it natively — the same SQL
 * as the app's (rankingSql for the largest level of the last year; the
 * trend's places, 8 places' rows and the pooled line), 20 runs each after
 * a first (cold) one; the ranking also without turning its answer into JS
 * row objects (ranking_engine). Writes bench/results/native.json.
 *
 * --reuse: measure the queries on a file built before (its build time and
 * peak memory given with --build-s / --build-rss-mb, as /usr/bin/time printed them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openNative } from '../src/lib/db/native';
import { rankingSql, RANKING_METRICS } from '../src/lib/db/queries';
import { pooledTrendSql, trendPlacesSql, trendSql } from '../src/lib/db/queries-analysis';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const reports = Number(arg('reports', '1000000'));
const out = resolve(arg('out', join(ROOT, 'build/native-bench.duckdb')));
const reuse = process.argv.includes('--reuse');

let buildS: number | null = reuse ? Number(arg('build-s', 'NaN')) : null;
let buildRssMb: number | null = reuse ? Number(arg('build-rss-mb', 'NaN')) : null;
if (!reuse) {
  rmSync(out, { force: true });
  rmSync(`${out}.wal`, { force: true });
  const cli = [join(ROOT, 'bin/mingjing.mjs'), 'db', '--synthetic', String(reports), '--out', out];
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const p = timed
    ? spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, ...cli], { encoding: 'utf8' })
    : spawnSync(process.execPath, cli, { encoding: 'utf8' });
  buildS = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`mingjing db failed:\n${p.stderr}`);
  const rss = /maxrss_kb=(\d+)/.exec(p.stderr);
  buildRssMb = rss ? Math.round(Number(rss[1]) / 1024) : null;
}

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const round = (x: number) => Math.round(x * 10) / 10;

const corpus = await openNative(out);
async function time(work: () => Promise<unknown>): Promise<{ cold_ms: number; p50_ms: number; p95_ms: number }> {
  let t = performance.now();
  await work();
  const cold = performance.now() - t;
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await work();
    runs.push(performance.now() - t);
  }
  return { cold_ms: round(cold), p50_ms: round(q(runs, 0.5)), p95_ms: round(q(runs, 0.95)) };
}

const [{ n, years }] = await corpus.query<{ n: number; years: number }>(
  'SELECT count(*) AS n, count(DISTINCT year) AS years FROM reports',
);
const [cells] = await corpus.query<{ active: number; requests: number; review: number }>(
  `SELECT (SELECT count(*) FROM active) AS active, (SELECT count(*) FROM requests) AS requests,
     (SELECT count(*) FROM review_litigation) AS review`,
);
// The ranking's largest scope: the level with most reports in the last year.
const [scope] = await corpus.query<{ level: string; year: number; n: number }>(
  'SELECT level, year, count(*) AS n FROM reports WHERE year = (SELECT max(year) FROM reports) GROUP BY ALL ORDER BY n DESC LIMIT 1',
);
const rankingQuery = rankingSql(scope.level, scope.year, RANKING_METRICS);
// The engine's part: the answer read whole into DuckDB's chunks, not yet turned into JS row objects.
const rankingEngine = await time(() => corpus.conn.runAndReadAll(rankingQuery));
const ranking = await time(() => corpus.query(rankingQuery));
const places = (await corpus.query<{ jurisdiction: string }>(trendPlacesSql('', 200))).slice(0, 8);
const trend = await time(() =>
  Promise.all([
    corpus.query(trendPlacesSql('', 200)),
    corpus.query(
      trendSql(
        'disclosure_rate',
        places.map((p) => p.jurisdiction),
      ),
    ),
    corpus.query(pooledTrendSql('disclosure_rate', null)),
  ]),
);
corpus.close();

const result = {
  benchmark: 'native',
  reports: n,
  years,
  cell_rows: cells.active + cells.requests + cells.review,
  build_s: buildS === null ? null : round(buildS),
  build_rss_mb: buildRssMb,
  file_mb: Math.round(statSync(out).size / 2 ** 20),
  ranking_scope: `${scope.level} ${scope.year} (${scope.n} reports)`,
  ranking_engine: rankingEngine,
  ranking,
  trend,
  date: new Date().toISOString(),
  data: `synthetic (mingjing db --synthetic ${n}, seed 1, 5 years, batches of 5000), native DuckDB (@duckdb/node-api)`,
};
writeFileSync(join(ROOT, 'bench/results/native.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
