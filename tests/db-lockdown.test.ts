/**
 * Nothing leaves the machine, in the engine itself (src/lib/db/lockdown.ts):
 * the DuckDB the app opens in Node (the node-blocking build, used by the data
 * build and the tests — the same wasm engine as the browser's) is asked
 * directly, with the SQL console's guard bypassed, to read and write files
 * and URLs, and to turn the lockdown off again.
 *
 * - Every probe fails with DuckDB's own Permission Error ("disabled by
 *   configuration") or a locked-configuration error, a local HTTP server
 *   started here receives no request, no file is written.
 * - The control: the same file probes on the same engine opened WITHOUT the
 *   lockdown do read and write the local files, so the probes are real. (For
 *   http the node runtime has no HTTP file system at all — an unlocked
 *   engine makes no request either, "No files found" — which is why the
 *   request count is checked where one would be made: in Chromium,
 *   tests/browser/sql-console.test.ts.)
 * - The app's own loading still works with access off: Arrow IPC bytes in,
 *   views over them, queries out.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { LOCKDOWN_CHECK_SQL } from '../src/lib/db/lockdown';
import { createNodeDb } from '../src/lib/db/node';
import type { Db } from '../src/lib/db/types';

const require = createRequire(import.meta.url);

let server: Server;
let url = '';
const hits: string[] = [];
let dir = '';
let db: Db;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n1,2\n');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'mingjing-lockdown-'));
  writeFileSync(join(dir, 'local.csv'), 'secret,n\nx,1\n');
  db = await createNodeDb();
}, 60_000);

afterAll(async () => {
  await db?.close();
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** DuckDB's message for a statement run directly on the engine (no guard), or null when it ran. */
async function errorOf(d: Db, sql: string): Promise<string | null> {
  try {
    await d.query(sql);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const DENIED = /Permission Error: Cannot access (?:file|directory) .*disabled by configuration/;
const LOCKED = /configuration has been locked/;

describe('the engine is locked down before any query', () => {
  it('reads back external access off, the configuration locked, no extension auto-installed or auto-loaded', async () => {
    const [s] = await db.query(LOCKDOWN_CHECK_SQL);
    expect(s).toEqual({ external: false, locked: true, autoinstall: false, autoload: false });
  });

  it("reads no URL: read_csv, read_text, read_blob, FROM 'http://…', sniff_csv, glob, ATTACH — no request reaches the server", async () => {
    const probes = [
      `SELECT * FROM read_csv('${url}/a.csv')`,
      `SELECT * FROM read_csv_auto('${url}/b.csv')`,
      `SELECT * FROM read_text('${url}/c.csv')`,
      `SELECT * FROM read_blob('${url}/d.csv')`,
      `SELECT * FROM '${url}/e.csv'`,
      `SELECT * FROM "${url}/f.csv"`,
      `SELECT * FROM sniff_csv('${url}/g.csv')`,
      `SELECT * FROM glob('${url}/*')`,
      `SUMMARIZE SELECT * FROM '${url}/h.csv'`,
      `SELECT * FROM query('SELECT * FROM read_csv(''${url}/i.csv'')')`,
    ];
    for (const sql of probes) expect(await errorOf(db, sql), sql).toMatch(DENIED);
    // A database file by URL: refused by configuration, whatever the message's wording.
    expect(await errorOf(db, `ATTACH '${url}/j.db' AS j (READ_ONLY)`)).toMatch(
      /disabled by configuration|Permission Error/,
    );
    expect(hits).toEqual([]);
  });

  it("reads and writes no local file: read_text, read_csv, FROM 'file', glob, COPY … TO, EXPORT DATABASE, ATTACH", async () => {
    const file = join(dir, 'local.csv');
    for (const sql of [
      `SELECT * FROM read_text('${file}')`,
      `SELECT * FROM read_csv('${file}')`,
      `SELECT * FROM '${file}'`,
      `SELECT * FROM glob('${dir}/*')`,
    ]) {
      expect(await errorOf(db, sql), sql).toMatch(DENIED);
    }
    for (const [sql, out] of [
      [`COPY (SELECT 42 AS x) TO '${dir}/out.csv'`, 'out.csv'],
      [`EXPORT DATABASE '${dir}/export'`, 'export'],
      [`ATTACH '${dir}/new.db' AS n`, 'new.db'],
    ] as const) {
      expect(await errorOf(db, sql), sql).toMatch(/disabled by configuration|Permission Error/);
      expect(existsSync(join(dir, out)), out).toBe(false);
    }
  });

  it('cannot be turned back on: SET, SET GLOBAL, RESET of external access and of the lock are refused; no extension loads', async () => {
    for (const sql of [
      'SET enable_external_access = true',
      'SET GLOBAL enable_external_access = true',
      'RESET enable_external_access',
      'SET lock_configuration = false',
      'RESET lock_configuration',
      "SET allowed_directories = ['/']",
      "SET allowed_paths = ['/etc/passwd']",
      'SET autoload_known_extensions = true',
      'SET autoinstall_known_extensions = true',
    ])
      expect(await errorOf(db, sql), sql).toMatch(LOCKED);
    // INSTALL is a no-op in DuckDB-WASM; LOAD (which would fetch the extension) is refused by configuration.
    await errorOf(db, 'INSTALL httpfs');
    for (const sql of ['LOAD httpfs', 'LOAD json', `LOAD '${dir}/x.duckdb_extension'`]) {
      expect(await errorOf(db, sql), sql).toMatch(/Loading external extensions is disabled through configuration/);
    }
    expect(await db.query('SELECT extension_name FROM duckdb_extensions() WHERE loaded OR installed')).toEqual([
      { extension_name: 'core_functions' },
    ]);
    const [s] = await db.query(LOCKDOWN_CHECK_SQL);
    expect(s).toEqual({ external: false, locked: true, autoinstall: false, autoload: false });
  });

  it("still loads the app's own data: Arrow IPC bytes in, a view over them, rows out", async () => {
    const rows = [{ report_id: 'r1', agency: '测试县人民政府', level: '县', year: 2024 }];
    await db.loadArrow('lock_reports', toArrowIPC('reports', rows as never));
    await db.query('CREATE OR REPLACE VIEW lock_view AS SELECT agency, year FROM lock_reports');
    expect(await db.query('SELECT agency, year FROM lock_view')).toEqual([{ agency: '测试县人民政府', year: 2024 }]);
    await db.loadArrow('lock_reports', toArrowIPC('reports', [] as never));
    expect(await db.query('SELECT count(*) AS n FROM lock_reports')).toEqual([{ n: 0 }]);
  });
});

describe('control: the same engine without the lockdown', () => {
  it('does read and write the local files the locked one refuses (so the probes above are real)', async () => {
    const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
    const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
    const raw = await duckdb.createDuckDB(
      {
        mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
        eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
      },
      new duckdb.VoidLogger(),
      duckdb.NODE_RUNTIME,
    );
    await raw.instantiate();
    raw.open({ query: { castBigIntToDouble: true } });
    const conn = raw.connect();
    const rows = (sql: string) =>
      conn
        .query(sql)
        .toArray()
        .map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
    const file = join(dir, 'local.csv');
    expect(rows(`SELECT content FROM read_text('${file}')`)).toEqual([{ content: 'secret,n\nx,1\n' }]);
    expect(rows(`SELECT secret FROM '${file}'`)).toEqual([{ secret: 'x' }]);
    rows(`COPY (SELECT 42 AS x) TO '${dir}/control.csv'`);
    expect(existsSync(join(dir, 'control.csv'))).toBe(true);
    conn.close();
    raw.reset?.();
  });
});
