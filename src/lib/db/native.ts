/**
 * A corpus past the browser: the same tables and views the app builds in
 * DuckDB-WASM, written into a native DuckDB file (`@duckdb/node-api`) by
 * `npx mingjing db`. One browser tab holds what fits in its memory; a
 * national multi-year corpus (a million reports, hundreds of millions of
 * cells) is built here in batches and queried natively, with the app's SQL.
 *
 * The tables are created from the one schema ($lib/data/arrow SCHEMA: the
 * same column types the Arrow files give the browser) and filled batch by
 * batch through the appender, each batch in one transaction: a run that is
 * stopped loses at most the batch it was writing, and the next run skips
 * every report already in the file (by report_id). The views and computed
 * tables (metricViews, aggregatesSql) are created once at the end.
 */
import { mkdirSync } from 'node:fs';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA } from '../data/arrow';
import type { Tables } from '../data/normalize';
import { metricViews } from '../metrics/sql';
import { aggregatesSql } from './aggregates';
import { lit } from './sql';
import { TABLES, type Row, type TableName } from './types';

const SQL_TYPE = { text: 'VARCHAR', key: 'VARCHAR', double: 'DOUBLE', int: 'INTEGER', bool: 'BOOLEAN' } as const;

/** CREATE TABLE for each normalized table, from the one schema. */
export function nativeTablesSql(): string[] {
  return TABLES.map((name) => {
    const cols = Object.entries(SCHEMA[name] as Record<string, keyof typeof SQL_TYPE>);
    return `CREATE TABLE IF NOT EXISTS ${name} (${cols.map(([c, t]) => `${c} ${SQL_TYPE[t]}`).join(', ')})`;
  });
}

/** Query results as plain JS rows: BIGINT and DECIMAL as numbers, as the WASM side gives them. */
function plain(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

export interface NativeCorpus {
  conn: DuckDBConnection;
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /** Ids already in the file: a report among them is not added again. */
  hasReport(id: string): boolean;
  /** Append one batch (reports already in the file left out) in one transaction; the reports added. */
  append(t: Tables): Promise<number>;
  /** (Re)create the indicator views and the pre-aggregated tables over everything in the file. */
  finish(): Promise<void>;
  /** Year-partitioned Parquet of every table (and report_metrics) under dir, readable by any engine. */
  parquet(dir: string): Promise<void>;
  close(): void;
}

export async function openNative(path: string): Promise<NativeCorpus> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  const query = async <T extends Row = Row>(sql: string): Promise<T[]> =>
    (await conn.runAndReadAll(sql)).getRowObjectsJS().map(plain) as T[];
  for (const sql of nativeTablesSql()) await conn.run(sql);
  const ids = new Set((await query<{ id: string }>('SELECT report_id AS id FROM reports')).map((r) => r.id));
  const agencies = new Set((await query<{ id: string }>('SELECT agency_id AS id FROM agencies')).map((r) => r.id));

  function appendRows(app: DuckDBAppender, name: TableName, rows: readonly Record<string, unknown>[]): void {
    const cols = Object.entries(SCHEMA[name] as Record<string, keyof typeof SQL_TYPE>);
    for (const r of rows) {
      for (const [c, t] of cols) {
        const v = r[c];
        if (v === null || v === undefined) app.appendNull();
        else if (t === 'double') app.appendDouble(v as number);
        else if (t === 'int') app.appendInteger(v as number);
        else if (t === 'bool') app.appendBoolean(v as boolean);
        else app.appendVarchar(v as string);
      }
      app.endRow();
    }
  }

  return {
    conn,
    query,
    hasReport: (id) => ids.has(id),
    async append(t) {
      const fresh = new Set(t.reports.filter((r) => !ids.has(r.report_id)).map((r) => r.report_id));
      if (fresh.size === 0) return 0;
      const keep = <R extends { report_id: string }>(rows: R[]) => rows.filter((r) => fresh.has(r.report_id));
      const batch: Tables = {
        reports: keep(t.reports),
        agencies: t.agencies.filter((a) => !agencies.has(a.agency_id)),
        active: keep(t.active),
        requests: keep(t.requests),
        review_litigation: keep(t.review_litigation),
        findings: keep(t.findings),
      };
      await conn.run('BEGIN TRANSACTION');
      try {
        for (const name of TABLES) {
          if (batch[name].length === 0) continue;
          const app = await conn.createAppender(name);
          appendRows(app, name, batch[name] as unknown as Record<string, unknown>[]);
          app.closeSync();
        }
        await conn.run('COMMIT');
      } catch (e) {
        await conn.run('ROLLBACK');
        throw e;
      }
      for (const id of fresh) ids.add(id);
      for (const a of batch.agencies) agencies.add(a.agency_id);
      return fresh.size;
    },
    async finish() {
      for (const sql of [...metricViews(), ...aggregatesSql()]) await conn.run(sql);
      await conn.run('CHECKPOINT');
    },
    async parquet(dir) {
      mkdirSync(dir, { recursive: true });
      const to = (name: string) => lit(`${dir.replace(/\/+$/, '')}/${name}`);
      const opts = '(FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE true)';
      await conn.run(`COPY reports TO ${to('reports')} ${opts}`);
      await conn.run(`COPY report_metrics TO ${to('report_metrics')} ${opts}`);
      // The cell tables carry no year of their own: the report's, for the partition.
      for (const name of ['active', 'requests', 'review_litigation', 'findings'])
        await conn.run(
          `COPY (SELECT t.*, r.year FROM ${name} t JOIN reports r USING (report_id)) TO ${to(name)} ${opts}`,
        );
      await conn.run(`COPY agencies TO ${to('agencies.parquet')} (FORMAT parquet, OVERWRITE_OR_IGNORE true)`);
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
