/**
 * The app's one database: started once at app load, loads the embedded
 * tables (static/data/*.arrow, same origin) as builtin_*, the user's
 * accepted reports from the browser workspace as mine_*, points the table
 * names at the chosen data set (./datasets.ts) and creates the indicator
 * views. Views await `database()`; until it resolves they show build-time figures.
 */
import { base } from '$app/paths';
import type { DatasetChoice } from '$lib/workspace/types';
import { builtinTable } from './datasets';
import { FIRST_PAINT_VERSION, firstPaintDb, type FirstPaint } from './first-paint';
import {
  COMPUTED,
  computedFile,
  encodeMine,
  loadMine as loadMineTables,
  pointViews,
  type Computed,
  type Mine,
} from './setup';
import { dataDir, syntheticMode } from './source';
import { bumpDataVersion } from './data-version.svelte';
import { TABLES, type Db, type Row } from './types';

let started: Promise<Db> | null = null;
/** The unguarded handle, for the reloads below (which hold the lock themselves). */
let raw: Db | null = null;

/** The data set the views show now, and whether the user has any data of their own. */
export const dataset = { choice: 'all' as DatasetChoice, mineReports: 0, synthetic: false };

/*
 * Reloading the user's tables drops and recreates them: no view may query in
 * between. Queries wait while a reload runs, and a reload waits for the
 * queries already running (a read/write lock around the one connection).
 */
let writing: Promise<void> = Promise.resolve();
let inflight = 0;
let drained: (() => void) | null = null;

function guarded(db: Db): Db {
  async function read<T>(work: () => Promise<T>): Promise<T> {
    await writing;
    inflight++;
    try {
      return await work();
    } finally {
      if (--inflight === 0) drained?.();
    }
  }
  return {
    ...db,
    query: <T extends Row = Row>(sql: string) => read(() => db.query<T>(sql)),
    columns: (sql: string) => read(() => db.columns(sql)),
  };
}

async function exclusive(db: Db, work: () => Promise<void>): Promise<void> {
  const before = writing;
  let done!: () => void;
  writing = new Promise((r) => (done = r));
  try {
    await before;
    if (inflight > 0) await new Promise<void>((r) => (drained = r));
    drained = null;
    await work();
  } finally {
    done();
  }
}

let atStart: Promise<{ mine: Mine | null; choice: DatasetChoice }> | null = null;
/**
 * The user's reports and data-set choice as the app starts (read once: the database loads them, the first paint
 * checks them). The workspace may be unavailable (IndexedDB off in this profile): the embedded data still loads.
 * It is never mixed with the synthetic set.
 */
function workspaceAtStart(): Promise<{ mine: Mine | null; choice: DatasetChoice }> {
  atStart ??= (async () => {
    if (syntheticMode()) return { mine: null, choice: 'builtin' as const };
    try {
      // A browser that never imported a report holds no workspace: known without opening (or loading) one.
      if (!(await (await import('$lib/workspace/exists')).workspaceStored()))
        return { mine: null, choice: 'all' as const };
      const ws = await import('$lib/workspace/load');
      const [mine, choice] = await Promise.all([ws.loadWorkspaceMine(), ws.loadDatasetChoice()]);
      return { mine, choice };
    } catch (e) {
      console.warn('工作区无法读取，只显示内置数据', e);
      return { mine: null, choice: dataset.choice };
    }
  })();
  return atStart;
}

/** The first paint's database, the version of the data it was computed on, and the data-set choice. */
type FirstPaintAtStart = { db: Db; version: string; choice: DatasetChoice };
let firstPaint: Promise<FirstPaintAtStart | null> | null = null;
/**
 * While the data shown is the embedded set as built (no report of the user's, or 内置 chosen; not the synthetic
 * set): a database that answers the views' default states from build-time results (./first-paint.ts) and sends
 * anything else to DuckDB. Null otherwise — and when the results were not computed on the data shipped beside
 * them (their version is not aggregates.json's: a stale file, or a cached one).
 * The page as it loads carries its own view's answers (./prerendered.ts); all of them
 * (static/data/first-paint.json) are fetched only when a view asks what its page did not carry.
 */
function firstPaintOnce(): Promise<FirstPaintAtStart | null> {
  firstPaint ??= (async () => {
    if (syntheticMode()) return null;
    const json = <T>(file: string) =>
      fetch(`${base}/data/${file}`).then((r) => (r.ok ? (r.json() as Promise<T>) : null));
    // Both at once: the files are tiny, the workspace is read in any case.
    const files = Promise.all([
      json<{ version?: string }>(FIRST_PAINT_VERSION),
      json<{ version?: string }>('aggregates.json'),
    ]);
    files.catch(() => {});
    const { mine, choice } = await workspaceAtStart();
    const embeddedOnly = choice === 'builtin' || (choice === 'all' && !mine?.reports);
    if (!embeddedOnly) return null;
    const [first, aggregates] = await files;
    const version = aggregates?.version;
    if (!version || first?.version !== version) return null;
    const all = async () => {
      const f = await json<FirstPaint>('first-paint.json');
      return f?.version === version ? f : null;
    };
    return { db: firstPaintDb(all, database), version, choice };
  })().catch(() => null);
  return firstPaint;
}

/** The database the views ask at a data version: at the version the app starts with, the first paint's if any. */
export function viewDatabase(version: number): Promise<Db> {
  if (version !== 0) return database();
  return firstPaintOnce().then((f) => f?.db ?? database());
}

/**
 * At this data version, while the views show the embedded set as built: the data-set choice and the version of
 * the data (checked against aggregates.json already); else null.
 */
export async function firstPaintData(version: number): Promise<{ choice: DatasetChoice; version: string } | null> {
  const f = version === 0 ? await firstPaintOnce() : null;
  return f && { choice: f.choice, version: f.version };
}

/** The data-set choice stored in this browser, as the app started with it (known before DuckDB). */
export const startChoice = async (): Promise<DatasetChoice> => (await workspaceAtStart()).choice;

/** The embedded tables' files (static/data or static/synthetic), each fetched at once, and the table each fills. */
function fetchEmbedded(synthetic: boolean): { table: string; bytes: Promise<Uint8Array> }[] {
  const dir = dataDir(synthetic);
  const files: [string, string][] = [
    ...TABLES.map((name) => [name, builtinTable(name)] as [string, string]),
    // The synthetic set ships its indicators pre-computed (its cell tables would be too large).
    ...(synthetic ? [['report_metrics', 'builtin_report_metrics'] as [string, string]] : []),
  ];
  return files.map(([file, table]) => {
    const bytes = (async () => {
      const res = await fetch(`${base}/${dir}/${file}.arrow`);
      if (!res.ok) throw new Error(`数据文件 ${dir}/${file}.arrow 无法读取（${res.status}）`);
      return new Uint8Array(await res.arrayBuffer());
    })();
    bytes.catch(() => {}); // said where it is awaited
    return { table, bytes };
  });
}

/**
 * On a first visit (the embedded set as built, ./setup.ts COMPUTED): the indicator and aggregate tables as the
 * build computed them, fetched while the engine starts. Null when they must be computed from what is shown.
 */
async function computedAtStart(): Promise<Computed | null> {
  const first = await firstPaintOnce();
  if (!first) return null;
  const files = await Promise.all(
    COMPUTED.map(async (t) => {
      // Under the data's version: computed on exactly the tables of that version (scripts/data/first-paint.ts).
      const res = await fetch(`${base}/data/${computedFile(first.version, t)}`);
      return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
    }),
  );
  return files.every((f) => f) ? (Object.fromEntries(COMPUTED.map((t, i) => [t, files[i]])) as Computed) : null;
}

export function database(): Promise<Db> {
  started ??= (async () => {
    dataset.synthetic = syntheticMode();
    // The files and the workspace are read while the engine compiles and starts, not after.
    const files = fetchEmbedded(dataset.synthetic);
    const computed = computedAtStart().catch(() => null); // then computed here, as always
    const { createBrowserDb } = await import('./browser');
    performance.mark('mingjing:duckdb-module');
    const db = await createBrowserDb((step) => performance.mark(`mingjing:duckdb-${step}`));
    await Promise.all(files.map(async ({ table, bytes }) => db.loadArrow(table, await bytes, { fresh: true })));
    performance.mark('mingjing:duckdb-tables');
    const start = await workspaceAtStart();
    dataset.choice = start.choice;
    const later = await loadMine(db, start.mine, (await computed) ?? undefined);
    // For `npm run bench:ui`: when the app's database was ready, measured from navigation start.
    performance.mark('mingjing:duckdb-ready');
    raw = db;
    // What no view reads (the SQL console's views behind a shipped report_metrics) comes next, before any query
    // asked from now on.
    if (later.length)
      exclusive(db, async () => void (await db.query(later.join(';\n')))).catch((e) =>
        console.warn('SQL 控制台的指标视图未能建立', e),
      );
    return guarded(db);
  })();
  return started;
}

async function loadMine(db: Db, mine: Mine | null, computed?: Computed): Promise<string[]> {
  const later = await loadMineTables(db, mine, dataset.choice, dataset.synthetic, computed);
  dataset.mineReports = mine?.reports ?? 0;
  rememberShown();
  return later;
}

/**
 * Whether this browser shows data of its own (reports of the user's under 我的/全部): the next page load hides a
 * prerendered view until the app has mounted (app.html), rather than show the embedded set's default first.
 */
function rememberShown(): void {
  const own = dataset.choice === 'mine' || (dataset.choice === 'all' && dataset.mineReports > 0);
  try {
    if (own) localStorage.setItem('mingjing:own-data', '1');
    else localStorage.removeItem('mingjing:own-data');
  } catch {
    // storage off in this profile: app.html then always waits for the mount
  }
}

/** The user's accepted reports changed: load them again and let every view ask again. */
export async function reloadWorkspace(tables: Parameters<typeof encodeMine>[0]): Promise<void> {
  await database();
  const mine = await encodeMine(tables);
  await exclusive(raw!, async () => void (await loadMine(raw!, mine)));
  bumpDataVersion();
}

/** The 内置数据 / 我的数据 / 全部 switch. */
export async function showDataset(choice: DatasetChoice): Promise<void> {
  await database();
  await exclusive(raw!, async () => {
    dataset.choice = choice;
    await pointViews(raw!, choice, dataset.synthetic);
    rememberShown();
  });
  bumpDataVersion();
}

/** The imported covariates (src/lib/covariates) as the table `covariates`, replaced under the write lock. */
export async function loadCovariates(ipc: Uint8Array): Promise<void> {
  await database();
  await exclusive(raw!, () => raw!.loadArrow('covariates', ipc));
}

/**
 * 恢复数据 (the SQL console's Restore data): load the embedded tables and the
 * user's reports again and recreate every view and computed table, whatever
 * was done to them. The files are read before the lock is taken.
 */
export async function restoreData(): Promise<void> {
  await database();
  const files = fetchEmbedded(dataset.synthetic);
  const bytes = await Promise.all(files.map((f) => f.bytes));
  let mine: Mine | null = null;
  if (!dataset.synthetic) {
    try {
      mine = await (await import('$lib/workspace/load')).loadWorkspaceMine();
    } catch (e) {
      console.warn('工作区无法读取，只恢复内置数据', e);
    }
  }
  await exclusive(raw!, async () => {
    for (const [i, { table }] of files.entries()) await raw!.loadArrow(table, bytes[i]);
    await loadMine(raw!, mine);
  });
  bumpDataVersion();
}

/** Set by the tests and benchmarks (tests/support/browser.ts `exposeTestHandle`) to get the handle below. */
export const TEST_HANDLE_KEY = 'mingjing:test-handle';
const testHandleWanted = () => {
  try {
    return localStorage.getItem(TEST_HANDLE_KEY) === '1';
  } catch {
    return false;
  }
};
/**
 * A handle for the browser tests and the benchmarks (bench/ui.ts, bench/scale.ts): the database and the
 * views' SQL, nothing else — only when they ask for it, never on a user's page.
 */
if (typeof window !== 'undefined' && testHandleWanted()) {
  (window as unknown as { __mingjing?: unknown }).__mingjing = {
    database,
    /** The ranking view's data for a level and year, as the view reads it (query and entries). */
    ranking: async (level: string, year: number) => {
      const { fetchRanking, RANKING_METRICS } = await import('./queries');
      return fetchRanking(await database(), level, year, RANKING_METRICS);
    },
    /** The trend view's queries, in its order: the picker, the default places, their rows and the pooled line. */
    trend: async (metric: string, level: string | null) => {
      const q = await import('./queries-analysis');
      const db = await database();
      const list = await db.query<{ jurisdiction: string }>(q.trendPlacesSql('', 200));
      await Promise.all([
        db.query(
          q.trendSql(
            metric,
            list.slice(0, 8).map((j) => j.jurisdiction),
          ),
        ),
        db.query(q.pooledTrendSql(metric, level)),
      ]);
    },
    compareSql: async (ids: string[]) =>
      (await import('./queries-analysis')).metricsForReportsSql(ids, [
        'requests_new',
        'disclosure_rate',
        'denial_rate',
        'review_rate',
        'review_correction_rate',
      ]),
  };
}
