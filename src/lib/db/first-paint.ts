/**
 * Every view's default state before DuckDB has started (issue 16; Evidence's
 * build-time queries). At build time (`npm run data`) each view's default
 * queries run through the coordinator on DuckDB-WASM in Node with a recording
 * database: every statement they send, and its rows, go to
 * static/data/first-paint.json. In the browser, while the data shown is the
 * embedded set as built, the views get a database that answers those same
 * statements from the file and sends any other to DuckDB (started in the
 * background). The answers are keyed by the SQL text itself, so a view that
 * asks anything else — another scope, a filter, a weight — is answered by
 * DuckDB; tests/first-paint.test.ts runs every recorded statement again live.
 */
import type { Columns } from './rows';
import type { Db, Row } from './types';

/** Under static/data: the version the answers were computed on, alone (a few bytes, read at the app's start). */
export const FIRST_PAINT_VERSION = 'first-paint/version.json';

/** static/data/first-paint.json (all the answers) and first-paint/VIEW.json (one view's default state's). */
export interface FirstPaint {
  /** The embedded data set's version (src/lib/data/version.ts) the answers were computed on. */
  version: string;
  /** By SQL statement, its result. */
  answers: Record<string, Result>;
}
/** A result as kept in the file: its column names once, its rows as arrays (a third of the size of row objects). */
export interface Result {
  names: string[];
  rows: unknown[][];
}

export const toResult = (rows: readonly Row[]): Result => {
  const names = rows.length ? Object.keys(rows[0]) : [];
  return { names, rows: rows.map((r) => names.map((n) => r[n])) };
};
export const fromResult = <T>({ names, rows }: Result): T[] =>
  rows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])) as T);

/** A result's rows column by column (what `Db.columns` returns), for an answer kept as rows. */
export function rowsColumns(rows: readonly Row[]): Columns {
  return {
    numRows: rows.length,
    get: (name) => (rows.length && name in rows[0] ? rows.map((r) => r[name]) : []),
  };
}

/** `db`, keeping every statement's rows in `answers` (the build's recorder). */
export function recordingDb(db: Db, answers: Record<string, Result>): Db {
  const record = async <T extends Row>(sql: string): Promise<T[]> => {
    const rows = await db.query<T>(sql);
    answers[sql] = toResult(rows);
    return rows;
  };
  return {
    ...db,
    query: record,
    // Kept as rows: the same values (rows.ts reads both the same way), and JSON has no columns.
    columns: async (sql) => rowsColumns(await record(sql)),
  };
}

/**
 * A database for the views that answers the statements of `first` at once and sends any other to `live()` —
 * which is only then awaited, so a view in its default state never waits for DuckDB to start.
 * `first` may be fetched on demand (a function: called at the first question, once; null: nothing is answered).
 * Fresh rows every time: a view may not change the answer the next view gets.
 */
export function firstPaintDb(first: FirstPaint | (() => Promise<FirstPaint | null>), live: () => Promise<Db>): Db {
  let got: Promise<FirstPaint | null> | null = typeof first === 'function' ? null : Promise.resolve(first);
  const answer = async (sql: string): Promise<Result | null> => {
    got ??= (first as () => Promise<FirstPaint | null>)().catch(() => null);
    const f = await got;
    return f && Object.hasOwn(f.answers, sql) ? f.answers[sql] : null;
  };
  return {
    query: async <T extends Row = Row>(sql: string) => {
      const r = await answer(sql);
      return r ? fromResult<T>(r) : (await live()).query<T>(sql);
    },
    columns: async (sql) => {
      const r = await answer(sql);
      return r ? rowsColumns(fromResult(r)) : (await live()).columns(sql);
    },
    loadArrow: async (name, ipc) => (await live()).loadArrow(name, ipc),
    close: async () => {},
  };
}
