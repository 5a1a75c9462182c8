/**
 * Running one statement of the SQL console (already let through by ./guard):
 * its first rows, its row count and its column names and types.
 *
 * A query (SELECT, FROM, WITH, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE,
 * PIVOT …) runs as a subquery, `SELECT * FROM (…) LIMIT n + 1`, so no more
 * rows than needed reach the page; only when there are more, `SELECT count(*)
 * FROM (…)` counts them. DESCRIBE gives the columns' names and types.
 * A statement DuckDB does not take as a subquery (EXPLAIN), or one that fails
 * there, runs as written: its error is then DuckDB's message on the user's
 * own text, with the user's line numbers.
 */
import type { Db, Row } from '$lib/db/types';

export interface ResultColumn {
  name: string;
  type: string | null;
}

export interface RunResult {
  columns: ResultColumn[];
  /** The first rows, at most `limit`. */
  rows: Row[];
  /** How many rows the statement returns in all. */
  total: number;
  ms: number;
}

/** The subquery forms; the newline before `)` ends a trailing `--` comment. */
const wrap = (s: string) => `(\n${s}\n)`;

export async function runStatement(db: Pick<Db, 'query'>, statement: string, limit: number): Promise<RunResult> {
  const start = performance.now();
  let rows: Row[];
  let total: number;
  let types: ResultColumn[] | null = null;
  try {
    rows = await db.query(`SELECT * FROM ${wrap(statement)} LIMIT ${limit + 1}`);
    total = rows.length;
    if (total > limit) {
      rows = rows.slice(0, limit);
      total = Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${wrap(statement)}`))[0].n);
    }
    try {
      types = (
        await db.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${wrap(statement)}`)
      ).map((c) => ({ name: c.column_name, type: c.column_type }));
    } catch {
      types = null;
    }
  } catch {
    // As written: the user's own statement, and DuckDB's own message if it fails.
    const all = await db.query(statement);
    total = all.length;
    rows = all.slice(0, limit);
  }
  const columns = types ?? Object.keys(rows[0] ?? {}).map((name) => ({ name, type: null }));
  return { columns, rows, total, ms: performance.now() - start };
}

/** Arrow's list and struct values, dates and big numbers as text; null stays null (shown as NULL, never 0). */
export function cellValue(v: unknown, type: string | null): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (type === 'DATE') return new Date(v).toISOString().slice(0, 10);
    if (type?.startsWith('TIMESTAMP'))
      return new Date(v)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.000Z$|Z$/, '');
    return v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return type === 'DATE' ? v.toISOString().slice(0, 10) : v.toISOString();
  if (v instanceof Uint8Array) return [...v].map((b) => b.toString(16).padStart(2, '0')).join('');
  const json = (v as { toJSON?: () => unknown }).toJSON?.() ?? v;
  try {
    return JSON.stringify(json, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  } catch {
    return String(v);
  }
}
