/**
 * SQL of the analysis views (对比, 申请办理, 复议诉讼, 趋势) — in one module, not
 * in components. Values come straight from the normalized tables and the
 * generated metric_values view; a blank stays NULL (sums count how many
 * cells were printed, so a view can say what a total leaves out).
 */
import { lit, litList } from './sql';
import { JURISDICTION } from './aggregates';

export { reportListSql, type ReportListRow } from './queries-report';

/** A scope: every report, or those of a level and/or a year. */
export type Scope = { level?: string | null; year?: number | null; report?: string | null };
export function scopeWhere(s: Scope, alias = 'r'): string {
  const w: string[] = [];
  if (s.report) w.push(`${alias}.report_id = ${lit(s.report)}`);
  else {
    if (s.level) w.push(`${alias}.level = ${lit(s.level)}`);
    if (s.year) w.push(`${alias}.year = ${Number(s.year)}`);
  }
  return w.length ? w.join(' AND ') : 'TRUE';
}

export type MetricRow = {
  report_id: string;
  metric: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  small: boolean;
};
/** Indicators of chosen reports (long form). */
export function metricsForReportsSql(ids: readonly string[], metrics: readonly string[]): string {
  return `SELECT report_id, metric, value, numerator, denominator, small FROM metric_values
WHERE report_id IN (${litList(ids)}) AND metric IN (${litList(metrics)})`;
}

export type ActiveCell = { report_id: string; item: string; measure: string; value: number | null };
/** 表二 cells of chosen reports. */
export function activeForReportsSql(ids: readonly string[]): string {
  return `SELECT report_id, item, measure, value FROM active WHERE report_id IN (${litList(ids)})`;
}

export type RequestCell = { report_id: string; row_key: string; col: number; value: number | null };
/** 表三 cells of chosen reports (every row, every column). */
export function requestsForReportsSql(ids: readonly string[]): string {
  return `SELECT report_id, row_key, col, value FROM requests WHERE report_id IN (${litList(ids)})`;
}

export type ReviewCell = { report_id: string; grp: string; col: number; value: number | null };
/** 表四 cells of chosen reports. */
export function reviewForReportsSql(ids: readonly string[]): string {
  return `SELECT report_id, grp, col, value FROM review_litigation WHERE report_id IN (${litList(ids)})`;
}

export type RequestSumRow = { row_key: string; col: number; value: number | null; printed: number; reports: number };
/**
 * 表三 summed over a scope, per row and column. `printed` counts the reports
 * that filled the cell, `reports` those that print the row at all: the
 * difference is the blanks the sum leaves out (never counted as 0).
 */
export function requestSumsSql(s: Scope): string {
  return `SELECT q.row_key, q.col, sum(q.value) AS value, count(q.value) AS printed, count(*) AS reports
FROM requests q JOIN reports r USING (report_id)
WHERE ${scopeWhere(s)}
GROUP BY q.row_key, q.col`;
}

export function scopeCountSql(s: Scope): string {
  return `SELECT count(*) AS n FROM reports r WHERE ${scopeWhere(s)}`;
}

export type ReviewReportRow = {
  report_id: string;
  agency: string;
  region: string | null;
  level: string;
  year: number;
  grp: string;
  col: number;
  value: number | null;
};
/** 表四 of every report in a scope. */
export function reviewScopeSql(s: Scope): string {
  return `SELECT r.report_id, r.agency, r.region, r.level, r.year, v.grp, v.col, v.value
FROM review_litigation v JOIN reports r USING (report_id)
WHERE ${scopeWhere(s)} ORDER BY r.level, r.agency, r.year`;
}

export type ScopeMetricRow = MetricRow & { agency: string; year: number; level: string };
/** Indicators of every report in a scope. */
export function metricsScopeSql(s: Scope, metrics: readonly string[]): string {
  return `SELECT m.report_id, r.agency, r.year, r.level, m.metric, m.value, m.numerator, m.denominator, m.small
FROM metric_values m JOIN reports r USING (report_id)
WHERE ${scopeWhere(s)} AND m.metric IN (${litList(metrics)})`;
}

export type TrendRow = {
  jurisdiction: string;
  agency: string;
  region: string | null;
  level: string;
  year: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  small: boolean;
};
/** One indicator for the reports of the chosen jurisdictions (all of them when `jurisdictions` is null). */
export function trendSql(metric: string, jurisdictions: readonly string[] | null = null): string {
  // The chosen places' reports from the pre-aggregated list: no key computed for every report.
  const chosen = jurisdictions
    ? ` AND m.report_id IN (SELECT unnest(report_ids) FROM agg_jurisdictions WHERE jurisdiction IN (${litList(jurisdictions)}))`
    : '';
  return `SELECT ${JURISDICTION} AS jurisdiction, r.agency, r.region, r.level, r.year, m.value, m.numerator, m.denominator, m.small
FROM metric_values m JOIN reports r USING (report_id)
WHERE m.metric = ${lit(metric)}${chosen} ORDER BY r.year`;
}

export type JurisdictionRow = { jurisdiction: string; agency: string; level: string; years: string; n: number };
/**
 * The places and bodies a trend can follow (a place and kind of body across
 * years, named as in its latest report): those with a name or place
 * containing `search`, most years first, at most `limit` — a national set
 * has tens of thousands (read from the pre-aggregated list, ./aggregates.ts).
 */
export function trendPlacesSql(search: string, limit: number): string {
  const s = search.replace(/[%_\\]/g, '');
  return `SELECT jurisdiction, agency, level, years, n FROM agg_jurisdictions
${s ? `WHERE names LIKE ${lit(`%${s}%`)}` : ''}
ORDER BY n DESC, agency LIMIT ${Math.max(1, Math.floor(limit))}`;
}
export const levelsSql = 'SELECT DISTINCT level FROM agg_jurisdictions ORDER BY level';

export type PooledRow = {
  year: number;
  reports: number;
  with_value: number;
  numerator: number | null;
  denominator: number | null;
};
/**
 * An indicator pooled over a scope, per year: Σ numerators and Σ denominators
 * over the reports where the indicator has a value (a report left blank is
 * left out, and counted, never taken as 0). Read from agg_pooled (./aggregates.ts).
 */
export function pooledTrendSql(metric: string, level: string | null): string {
  return `SELECT year, sum(reports)::INTEGER AS reports, sum(with_value)::INTEGER AS with_value, sum(numerator) AS numerator, sum(denominator) AS denominator
FROM agg_pooled
WHERE metric = ${lit(metric)}${level ? ` AND level = ${lit(level)}` : ''}
GROUP BY year ORDER BY year`;
}
