/**
 * SQL 控制台: what the view asks (the live tables and views with their
 * columns, for the schema browser and completion), and how a result becomes
 * the grid and its export. Plain functions, tested in Node
 * (tests/views/sql.test.ts); +page.svelte only composes them. The user's own
 * statement goes through $lib/sql-console/console.svelte.ts and its guard.
 */
import { query } from '$lib/db/coordinator';
import type { ExportRow } from '$lib/export/table';
import { cellValue, type RunResult } from '$lib/sql-console/run';
import { liveTables, type LiveTable } from '$lib/sql-console/schema';
import { MAIN_TABLES } from '$lib/sql-console/schema-docs';

/** Rows shown in the grid (all fetched rows are exported). */
export const SHOWN = 1000;
/** The editor's text on a first visit. */
export const START = 'SELECT agency, level, year, format\nFROM reports\nORDER BY year, agency';

/** The tables and views the console can query. `ready` loads the covariates table first (never fatal). */
export const schemaQueries = (ready: () => Promise<void>) => ({
  tables: query('sql-console:schema', async (db) => {
    await ready().catch(() => {});
    return liveTables(db);
  }),
});

/** The tables a user means (documented, listed first), and the internal ones behind the data-set switch. */
export const mainTables = (tables: readonly LiveTable[]) => tables.filter((x) => MAIN_TABLES.includes(x.name));
export const internalTables = (tables: readonly LiveTable[]) => tables.filter((x) => !MAIN_TABLES.includes(x.name));

/** A cell as the grid shows it; null is NULL. */
export const display = (v: unknown, type: string | null): string | null => {
  const x = cellValue(v, type);
  return x === null ? null : String(x);
};
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
/** A column right-aligned in the grid. */
export const numeric = (type: string | null, v: unknown) =>
  (type !== null && NUMERIC.test(type)) || typeof v === 'number';

/** The result as exported: every fetched row, a column per result column. */
export const exportColumns = (r: RunResult) => r.columns.map((c) => ({ key: c.name, label: c.name }));
export const exportRows = (r: RunResult): ExportRow[] =>
  r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c.name, cellValue(row[c.name], c.type)])));
