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

/** Each step of the start as it ends (for `npm run bench:ui`'s breakdown). */
export type StartStep = 'instantiated' | 'opened' | 'locked';

export async function createBrowserDb(step: (s: StartStep) => void = () => {}): Promise<Db> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(ehWorker));
  await db.instantiate(ehWasm);
  step('instantiated');
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } });
  const conn = await db.connect();
  step('opened');
  await lockDown(async (sql) => arrowRows(await conn.query(sql)));
  step('locked');
  return {
    async query<T extends Row>(sql: string) {
      return arrowRows<T>(await conn.query(sql));
    },
    async columns(sql: string) {
      return arrowColumns(await conn.query(sql));
    },
    async loadArrow(name: string, ipc: Uint8Array, { fresh = false } = {}) {
      if (!fresh) await conn.query(`DROP TABLE IF EXISTS ${name}`);
      await conn.insertArrowFromIPCStream(ipc, { name, create: true });
    },
    async close() {
      await conn.close();
      await db.terminate();
    },
  };
}
