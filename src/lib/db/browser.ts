/**
 * DuckDB-WASM in the browser: the eh bundle, served from our own origin, in
 * its own worker. One instance per tab, started at app load; extensions are
 * never installed or loaded (the machines are offline), and before any query
 * the engine is shut off from the network and the file system and its
 * settings locked (./lockdown.ts).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { lockDown } from './lockdown';
import { arrowColumns, arrowRows } from './rows';
import type { Db, Row } from './types';

export async function createBrowserDb(): Promise<Db> {
  const worker = new Worker(ehWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(ehWasm);
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } });
  const conn = await db.connect();
  await lockDown(async (sql) => arrowRows(await conn.query(sql)));
  return {
    async query<T extends Row>(sql: string) {
      return arrowRows<T>(await conn.query(sql));
    },
    async columns(sql: string) {
      return arrowColumns(await conn.query(sql));
    },
    async loadArrow(name: string, ipc: Uint8Array) {
      await conn.query(`DROP TABLE IF EXISTS ${name}`);
      await conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}
