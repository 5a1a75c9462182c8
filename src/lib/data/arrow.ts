/**
 * Normalized rows → Arrow IPC streams, with explicit column types (strings
 * as Utf8, counts and amounts as Float64, nulls kept). DuckDB-WASM reads
 * Arrow IPC offline; its Parquet reader would need an extension download.
 */
import { Bool, Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';
import type { Tables } from './normalize';
import { METRICS } from '../metrics/definitions';
import { metricColumns } from '../metrics/sql';

/** `key`: a string repeated on many rows, dictionary-encoded (a synthetic set's millions of metric rows). */
type ColumnType = 'text' | 'key' | 'double' | 'int' | 'bool';
const ARROW: Record<ColumnType, () => DataType> = {
  text: () => new Utf8(), key: () => new Dictionary(new Utf8(), new Int32()), double: () => new Float64(), int: () => new Int32(), bool: () => new Bool(),
};

/** Column types of every table: the one schema, read by the build and by the SQL. */
export const SCHEMA: { [K in keyof Tables]: Record<keyof Tables[K][number], ColumnType> } = {
  reports: {
    report_id: 'text', source: 'text', dataset: 'text', agency: 'text', agency_id: 'text', region: 'text', region_code: 'text',
    level: 'text', year: 'int', format: 'text', published: 'text', processing_fee_yuan: 'double',
    n_errors: 'int', n_warnings: 'int', n_info: 'int', n_reading: 'int',
  },
  agencies: { agency_id: 'text', name: 'text', region: 'text', region_code: 'text', level: 'text', parent_code: 'text' },
  active: { report_id: 'text', item: 'text', measure: 'text', value: 'double' },
  requests: { report_id: 'text', row_key: 'text', row_order: 'int', outcome_group: 'text', applicant: 'text', col: 'int', value: 'double' },
  review_litigation: { report_id: 'text', grp: 'text', outcome: 'text', col: 'int', value: 'double' },
  findings: { report_id: 'text', rule: 'text', severity: 'text', origin: 'text', message: 'text', cells: 'text', line: 'int' },
};

/**
 * Pre-computed indicators (the report_metrics view of $lib/metrics/sql, as a
 * table): shipped where the long cell tables would be too large (the
 * synthetic national set), sorted by level and year.
 */
export function reportMetricsSchema(): Record<string, ColumnType> {
  const cols: Record<string, ColumnType> = { report_id: 'text', level: 'key', year: 'int' };
  for (const m of METRICS) {
    const c = metricColumns(m.key);
    Object.assign(cols, { [c.value]: 'double', [c.numerator]: 'double', [c.denominator]: 'double', [c.small]: 'bool' });
  }
  return cols;
}

export function toArrowIPC<K extends keyof Tables>(name: K, rows: Tables[K]): Uint8Array {
  return encodeIPC(SCHEMA[name] as Record<string, ColumnType>, rows as unknown as Record<string, unknown>[]);
}

export function encodeIPC(cols: Record<string, ColumnType>, rows: readonly Record<string, unknown>[]): Uint8Array {
  const vectors = Object.fromEntries(
    Object.entries(cols).map(([col, type]) => [col, vectorFromArray(rows.map((r) => r[col] ?? null), ARROW[type]())]),
  );
  return tableToIPC(new Table(vectors), 'stream');
}
