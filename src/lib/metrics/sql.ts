/**
 * The indicators as SQL, generated from ./definitions.ts — never written by
 * hand, so the dashboard's numbers are the definitions' numbers.
 *
 *   report_quantities   one row per report, one column per table quantity an indicator uses
 *   report_metrics_live one row per report (with its level and year), four columns per indicator
 *                       (metricColumns): value, numerator, denominator, small
 *   report_metrics      the same as a TABLE, computed once per change of the data (planning the
 *                       nested views took longer than running them: 0.7 s a query on 8 reports)
 *   metric_values       report_metrics long: one row per report × indicator — what a trend or a pooled sum reads
 *
 * Run metricViews() again whenever the tables change. Where the cell tables
 * would be too large (the synthetic national set) report_metrics ships
 * pre-computed, and metric_values is the same long view over it (metricValuesView).
 *
 * Sums follow evalExpr: the printed terms are added, a term left blank counts
 * as nothing, and a sum of nothing but blanks is NULL (never 0).
 */
import { lit } from '../db/sql';
import { evalMetric, METRICS, SMALL_SAMPLE, type Expr, type Quantity } from './definitions';
import type { ReportRecord } from '../report/types';

/** A column name for a quantity, stable and SQL-safe. */
export function quantityColumn(q: Quantity): string {
  switch (q.kind) {
    case 'request':
      return `q_req_${q.row}_${q.col ?? 6}`;
    case 'review':
      return `q_rev_${q.group}_${q.col}`;
    case 'active':
      return `q_act_${q.keys[0].replace(/\./g, '_')}`;
    case 'findings':
      return `q_findings_${q.severity}`;
  }
}

function quantityAggregate(q: Quantity): {
  from: 'requests' | 'review_litigation' | 'active' | 'findings';
  sql: string;
} {
  switch (q.kind) {
    case 'request':
      return { from: 'requests', sql: `max(value) FILTER (WHERE row_key = ${lit(q.row)} AND col = ${q.col ?? 6})` };
    case 'review':
      return { from: 'review_litigation', sql: `max(value) FILTER (WHERE grp = ${lit(q.group)} AND col = ${q.col})` };
    case 'active':
      return {
        from: 'active',
        sql: `coalesce(${q.keys.map((k) => `max(value) FILTER (WHERE item || '.' || measure = ${lit(k)})`).join(', ')})`,
      };
    // The report's own findings only: a reading problem is never counted against the body.
    case 'findings':
      return { from: 'findings', sql: `count(*) FILTER (WHERE severity = ${lit(q.severity)} AND origin = 'report')` };
  }
}

function allQuantities(): Quantity[] {
  const seen = new Map<string, Quantity>();
  for (const m of METRICS)
    for (const t of [...m.numerator, ...(m.denominator ?? [])]) seen.set(quantityColumn(t.q), t.q);
  return [...seen.values()];
}

/** SQL of a signed sum over quantity columns: NULL only when every term is NULL. */
export function exprSql(e: Expr): string {
  const cols = e.map((t) => quantityColumn(t.q));
  const allNull = cols.map((c) => `${c} IS NULL`).join(' AND ');
  const sum = e
    .map((t, i) => `${t.sign < 0 ? '-' : '+'} coalesce(${cols[i]}, 0)`)
    .join(' ')
    .replace(/^\+ /, '');
  return `CASE WHEN ${allNull} THEN NULL ELSE ${sum} END`;
}

/** CREATE VIEW statements, in order. They read the normalized tables loaded from Arrow. */
export function metricViews(): string[] {
  return [...metricLiveViews(), METRICS_TABLE, metricValuesView()];
}

/**
 * The views report_metrics is computed from: report_quantities (each quantity per report) and report_metrics_live
 * (each indicator's value, numerator, denominator and small-sample flag). Besides materializing report_metrics,
 * only the SQL console reads them.
 */
export function metricLiveViews(): string[] {
  const qs = allQuantities();
  const sources = ['requests', 'review_litigation', 'active', 'findings'] as const;
  const subqueries = sources
    .map((src) => {
      const mine = qs.filter((q) => quantityAggregate(q).from === src);
      return {
        src,
        mine,
        sql: `(SELECT report_id, ${mine.map((q) => `${quantityAggregate(q).sql} AS ${quantityColumn(q)}`).join(', ')} FROM ${src} GROUP BY report_id) AS ${src}_q`,
      };
    })
    .filter((s) => s.mine.length);
  const columns = qs.map((q) =>
    q.kind === 'findings' ? `coalesce(${quantityColumn(q)}, 0) AS ${quantityColumn(q)}` : quantityColumn(q),
  );
  const quantities = `CREATE OR REPLACE VIEW report_quantities AS
SELECT r.report_id, r.level, r.year, ${columns.join(', ')}
FROM reports r
${subqueries.map((s) => `LEFT JOIN ${s.sql} USING (report_id)`).join('\n')}`;

  const perMetric = METRICS.map((m) => {
    const c = metricColumns(m.key);
    const num = exprSql(m.numerator);
    const den = m.denominator ? exprSql(m.denominator) : 'NULL';
    const value = m.denominator
      ? `CASE WHEN (${den}) IS NULL OR (${den}) = 0 OR (${num}) IS NULL THEN NULL ELSE (${num}) / (${den}) END`
      : `(${num})`;
    const small = m.denominator ? `coalesce((${den}) < ${SMALL_SAMPLE}, false)` : 'false';
    return `(${value})::DOUBLE AS ${c.value}, (${num})::DOUBLE AS ${c.numerator}, (${den})::DOUBLE AS ${c.denominator}, ${small} AS ${c.small}`;
  });
  // level and year ride along so a scope filter needs no join (and a sorted pre-computed table can skip row groups).
  const wide = `CREATE OR REPLACE VIEW report_metrics_live AS\nSELECT report_id, level, year,\n  ${perMetric.join(',\n  ')}\nFROM report_quantities`;
  return [quantities, wide];
}
/** report_metrics materialized (the third of metricViews); shipped ready-made for the embedded set (db/setup.ts). */
export const METRICS_TABLE =
  'CREATE OR REPLACE TABLE report_metrics AS SELECT * FROM report_metrics_live ORDER BY level, year, report_id';

/** The four columns of an indicator in report_metrics. */
export function metricColumns(key: string): { value: string; numerator: string; denominator: string; small: string } {
  return { value: key, numerator: `${key}__num`, denominator: `${key}__den`, small: `${key}__small` };
}

/**
 * A report's report_metrics columns evaluated in TypeScript (evalMetric, the
 * same definitions): what the synthetic set ships where it has no cell
 * tables. tests/synthetic.test.ts checks them against the SQL.
 */
export function metricsRow(r: ReportRecord): Record<string, number | boolean | null> {
  const row: Record<string, number | boolean | null> = {};
  for (const m of METRICS) {
    const v = evalMetric(r, m),
      c = metricColumns(m.key);
    Object.assign(row, {
      [c.value]: v.value,
      [c.numerator]: v.numerator,
      [c.denominator]: v.denominator,
      [c.small]: v.small,
    });
  }
  return row;
}

/**
 * metric_values, the long form of report_metrics. A filter on `metric`
 * leaves one branch of the union: the others are constants that do not match.
 */
export function metricValuesView(): string {
  const branches = METRICS.map((m) => {
    const c = metricColumns(m.key);
    return `SELECT report_id, level, year, ${lit(m.key)} AS metric, ${c.numerator} AS numerator, ${c.denominator} AS denominator, ${c.value} AS value, ${c.small} AS small FROM report_metrics`;
  });
  return `CREATE OR REPLACE VIEW metric_values AS\n${branches.join('\nUNION ALL\n')}`;
}
