/**
 * One database interface for both sides (the Evidence model): DuckDB-WASM's
 * blocking build in Node (build-time aggregates, tests) and its async build
 * in a browser worker (the dashboard). Queries and table loading go through
 * this interface only, so the SQL is the same everywhere.
 */
import type { Columns } from './rows';

export type Row = Record<string, unknown>;

export interface Db {
  /** Run a query; BigInt and DECIMAL come back as JS numbers. */
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /** Run a query; its result column by column (for results too large to turn into row objects fast). */
  columns(sql: string): Promise<Columns>;
  /**
   * Create (or replace) a table from an Arrow IPC stream. `fresh`: the table cannot exist yet (the app's start),
   * so no DROP goes first — one round trip to the engine's worker less per table.
   */
  loadArrow(name: string, ipc: Uint8Array, opts?: { fresh?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The normalized tables and the file each ships in (static/data/NAME.arrow). */
export const TABLES = ['reports', 'agencies', 'active', 'requests', 'review_litigation', 'findings'] as const;
export type TableName = (typeof TABLES)[number];
