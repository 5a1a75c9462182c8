/**
 * `npx mingjing db`: the real embedded reports (data/reports) written into a
 * native DuckDB file hold the same tables as the WASM build of the same
 * reports (`npm run data`'s buildTables, loaded as the browser loads them),
 * and the app's queries on it give the same rows; a second run adds nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { buildTables } from '../src/lib/data/build';
import { aggregatesSql } from '../src/lib/db/aggregates';
import { openNative, type NativeCorpus } from '../src/lib/db/native';
import { createNodeDb } from '../src/lib/db/node';
import { overviewSql, rankingSql, RANKING_METRICS, scopesSql } from '../src/lib/db/queries';
import { pooledTrendSql, trendPlacesSql, trendSql } from '../src/lib/db/queries-analysis';
import { TABLES, type Db, type Row } from '../src/lib/db/types';
import { metricViews } from '../src/lib/metrics/sql';

const ROOT = resolve(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'mingjing-db-'));
const out = join(dir, 'corpus.duckdb');
const run = (...args: string[]) => {
  const p = spawnSync(process.execPath, [join(ROOT, 'bin/mingjing.mjs'), 'db', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: p.status, err: p.stderr };
};

/** Rows compared as values: key order and row order aside (ties in an ORDER BY may come either way). */
const canon = (rows: Row[]) =>
  rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, typeof r[k] === 'number' ? Number((r[k] as number).toPrecision(12)) : r[k]]),
      ),
    )
    .sort();

let wasm: Db;
let native: NativeCorpus;
let first: ReturnType<typeof run>;

beforeAll(async () => {
  first = run('--jobs', '2', '--batch', '3', '--parquet', join(dir, 'parquet'), '--out', out, 'data/reports');
  const { tables } = await buildTables(join(ROOT, 'data/reports'));
  wasm = await createNodeDb();
  for (const name of TABLES) await wasm.loadArrow(name, toArrowIPC(name, tables[name] as never));
  for (const sql of [...metricViews(), ...aggregatesSql()]) await wasm.query(sql);
}, 180_000);

afterAll(async () => {
  native?.close();
  await wasm?.close();
});

describe('mingjing db', () => {
  it('writes every table with the rows of the WASM build, and the views the app queries', async () => {
    expect(first.code, first.err).toBe(0);
    native = await openNative(out);
    for (const name of [...TABLES, 'report_metrics', 'agg_jurisdictions', 'agg_pooled']) {
      const sql = `SELECT count(*) AS n FROM ${name}`;
      const [w] = await wasm.query<{ n: number }>(sql);
      const [n] = await native.query<{ n: number }>(sql);
      expect(n.n, name).toBe(w.n);
      expect(w.n, name).toBeGreaterThan(0);
    }
    for (const name of TABLES) {
      const sql = `SELECT * FROM ${name}`;
      expect(canon(await native.query(sql)), name).toEqual(canon(await wasm.query(sql)));
    }
  });

  it('gives the ranking, the trend and the overview the same rows as DuckDB-WASM', async () => {
    const scopes = await wasm.query<{ level: string; year: number }>(scopesSql);
    expect(canon(await native.query(scopesSql))).toEqual(canon(scopes));
    for (const { level, year } of scopes) {
      const sql = rankingSql(level, year, RANKING_METRICS);
      const rows = await wasm.query(sql);
      expect(canon(await native.query(sql)), `${level} ${year}`).toEqual(canon(rows));
    }
    const places = await wasm.query<{ jurisdiction: string }>(trendPlacesSql('', 200));
    for (const sql of [
      trendSql(
        'disclosure_rate',
        places.map((p) => p.jurisdiction),
      ),
      pooledTrendSql('disclosure_rate', null),
      overviewSql,
    ])
      expect(canon(await native.query(sql))).toEqual(canon(await wasm.query(sql)));
  });

  it('writes year-partitioned Parquet that reads back as the tables', async () => {
    const years = readdirSync(join(dir, 'parquet/reports')).sort();
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((y) => /^year=\d{4}$/.test(y))).toBe(true);
    expect(existsSync(join(dir, 'parquet/agencies.parquet'))).toBe(true);
    for (const name of ['reports', 'requests', 'report_metrics']) {
      const pq = `read_parquet('${join(dir, 'parquet', name)}/*/*.parquet', hive_partitioning = true)`;
      const [a] = await native.query<{ n: number; y: number }>(`SELECT count(*) AS n, sum(year) AS y FROM ${pq}`);
      const year = name === 'requests' ? '(SELECT year FROM reports r WHERE r.report_id = t.report_id)' : 'year';
      const [b] = await native.query<{ n: number; y: number }>(
        `SELECT count(*) AS n, sum(${year}) AS y FROM ${name} t`,
      );
      expect(a, name).toEqual(b);
    }
  });

  it('is resumable: a second run over the same files adds nothing', async () => {
    const before = await native.query<{ t: string; n: number }>(
      TABLES.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`).join(' UNION ALL '),
    );
    native.close();
    native = undefined as unknown as NativeCorpus;
    const again = run('--jobs', '2', '--out', out, 'data/reports');
    expect(again.code, again.err).toBe(0);
    expect(again.err).toMatch(/新增 0 份/);
    native = await openNative(out);
    const after = await native.query(
      TABLES.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`).join(' UNION ALL '),
    );
    expect(canon(after)).toEqual(canon(before));
  });

  it('continues a stopped build: the batches already written are skipped, the rest added', async () => {
    const file = join(dir, 'synthetic.duckdb');
    // The first three batches of the run below, as if it had been stopped there.
    const part = run('--synthetic', '30', '--batch', '10', '--out', file);
    expect(part.code, part.err).toBe(0);
    const whole = run('--synthetic', '50', '--batch', '10', '--out', file);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.err).toMatch(/新增 20 份，文件中共 50 份/);
    const c = await openNative(file);
    try {
      const [r] = await c.query<{ n: number; ids: number }>(
        'SELECT count(*) AS n, count(DISTINCT report_id) AS ids FROM reports',
      );
      expect(r).toEqual({ n: 50, ids: 50 });
      const [m] = await c.query<{ n: number }>('SELECT count(*) AS n FROM report_metrics');
      expect(m.n).toBe(50);
    } finally {
      c.close();
    }
  });
});
