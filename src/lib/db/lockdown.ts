/**
 * Nothing leaves the machine: every DuckDB the app opens (./browser.ts, the
 * dashboard; ./node.ts, the data build and the tests) is shut off from the
 * network and the file system before it runs any query, and its settings are
 * then locked.
 *
 * Why the engine, and not only the SQL console's guard: DuckDB-WASM 1.32
 * (DuckDB 1.4) reads `http(s)://…` by itself — in the browser through the
 * worker's XMLHttpRequest — from `read_csv('http://…')`, `read_text`,
 * `FROM 'http://…'` and any other file reader, and a name can hide from a
 * guard inside a string (`query('…')`). With `enable_external_access = false`
 * DuckDB refuses every such access before its file system is asked
 * ("Permission Error: Cannot access file … file system operations are
 * disabled by configuration"); `lock_configuration = true` then refuses every
 * SET / RESET, so no statement can turn it back on. tests/db-lockdown.test.ts
 * (Node, a local HTTP server and a local file) and tests/browser/sql-console
 * .test.ts (Chromium, a local HTTP server counting requests) check it.
 *
 * The app's own data still loads with access off: tables come in as Arrow IPC
 * bytes through DuckDB-WASM's insertArrowFromIPCStream (no file, no URL).
 */
import type { Row } from './types';

/** In order: no extension is fetched or loaded, no file or URL is opened, and no setting changes after this. */
export const LOCKDOWN_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET enable_external_access = false',
  'SET lock_configuration = true',
] as const;

/** The settings as they must read once the database is locked down. */
export const LOCKDOWN_CHECK_SQL = `SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked,
  current_setting('autoinstall_known_extensions') AS autoinstall, current_setting('autoload_known_extensions') AS autoload`;

/**
 * Run the lockdown on a fresh connection, then read the settings back: a
 * database that is not locked down is never handed out (fail closed).
 */
export async function lockDown(run: (sql: string) => Promise<Row[]> | Row[]): Promise<void> {
  for (const sql of LOCKDOWN_SQL) await run(sql);
  const [s] = await run(LOCKDOWN_CHECK_SQL);
  const off = (v: unknown) => v === false || v === 'false';
  const on = (v: unknown) => v === true || v === 'true';
  if (!s || !off(s.external) || !on(s.locked) || !off(s.autoinstall) || !off(s.autoload)) {
    throw new Error(
      `数据库未能关闭外部访问，已停止启动（DuckDB could not be shut off from files and the network: ${JSON.stringify(s)}）`,
    );
  }
}
