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

export async function createNodeDb(): Promise<Db> {
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
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } });
  const conn = db.connect();
  await lockDown((sql) => arrowRows(conn.query(sql)));
  return {
    async query<T extends Row>(sql: string) {
      return arrowRows<T>(conn.query(sql));
    },
    async columns(sql: string) {
      return arrowColumns(conn.query(sql));
    },
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
