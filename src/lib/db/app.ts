/**
 * The app's one database: started once at app load, loads the embedded
 * tables (static/data/*.arrow, same origin) and creates the indicator views.
 * Views await `database()`; until it resolves they show build-time figures.
 */
import { base } from '$app/paths';
import { metricViews } from '$lib/metrics/sql';
import { TABLES, type Db } from './types';

let started: Promise<Db> | null = null;
export let readyAt: number | null = null;

export function database(): Promise<Db> {
  started ??= (async () => {
    const { createBrowserDb } = await import('./browser');
    const db = await createBrowserDb();
    await Promise.all(TABLES.map(async (name) => {
      const res = await fetch(`${base}/data/${name}.arrow`);
      if (!res.ok) throw new Error(`数据文件 ${name}.arrow 无法读取（${res.status}）`);
      await db.loadArrow(name, new Uint8Array(await res.arrayBuffer()));
    }));
    for (const sql of metricViews()) await db.query(sql);
    readyAt = performance.now();
    // For `npm run bench:ui`: when the app's database was ready, measured from navigation start.
    performance.mark('mingjing:duckdb-ready');
    return db;
  })();
  return started;
}

/** A handle for the UI benchmark (bench/ui.ts): the database and the ranking SQL, nothing else. */
if (typeof window !== 'undefined') {
  (window as unknown as { __mingjing?: unknown }).__mingjing = {
    database,
    rankingSql: async (level: string, year: number) => (await import('./queries')).rankingSql(level, year, ['requests_new', 'disclosure_rate', 'denial_rate', 'review_rate']),
  };
}
