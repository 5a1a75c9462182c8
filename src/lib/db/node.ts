/**
 * DuckDB-WASM in Node: the node-blocking build, the same wasm engine the
 * browser runs. No extension is ever loaded or fetched, and the engine is
 * shut off from the network and the file system, its settings locked, before
 * any query (./lockdown.ts) — as in the browser.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lockDown } from './lockdown';
import { arrowColumns, arrowRows } from './rows';
import type { Db, Row } from './types';

const require = createRequire(import.meta.url);

/** A Node database; `ipc(sql)` gives a result as an Arrow IPC stream (the build ships tables so). */
export type NodeDb = Db & { ipc(sql: string): Uint8Array };

/**
 * `exact`: results keep DuckDB's own types (BIGINT, DECIMAL) instead of JS-number-friendly doubles — for a
 * table shipped to be loaded again (its columns then have the types the live table has).
 */
export async function createNodeDb(opts: { exact?: boolean } = {}): Promise<NodeDb> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open(
    opts.exact ? {} : { query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } },
  );
  const conn = db.connect();
  await lockDown((sql) => arrowRows(conn.query(sql)));
  return {
    async query<T extends Row>(sql: string) {
      return arrowRows<T>(conn.query(sql));
    },
    async columns(sql: string) {
      return arrowColumns(conn.query(sql));
    },
    // apache-arrow as the engine's CommonJS build loads it: a Table of another copy of the module is not one to it.
    ipc: (sql: string) => require('apache-arrow').tableToIPC(conn.query(sql), 'stream') as Uint8Array,
    async loadArrow(name: string, ipc: Uint8Array) {
      conn.query(`DROP TABLE IF EXISTS ${name}`);
      conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async close() {
      conn.close();
      db.reset?.();
    },
  };
}
