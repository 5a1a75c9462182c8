/**
 * The indicators as SQL, generated from ./definitions.ts — never written by
 * hand, so the dashboard's numbers are the definitions' numbers.
 *
 *   report_quantities   one row per report, one column per table quantity an indicator uses
 *   metric_values       one row per report × indicator (with its level and year): numerator, denominator, value, small
 *
 * Sums follow evalExpr: the printed terms are added, a term left blank counts
 * as nothing, and a sum of nothing but blanks is NULL (never 0).
 */
import { METRICS, SMALL_SAMPLE, type Expr, type Quantity } from './definitions';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A column name for a quantity, stable and SQL-safe. */
export function quantityColumn(q: Quantity): string {
  switch (q.kind) {
    case 'request': return `q_req_${q.row}_${q.col ?? 6}`;
    case 'review': return `q_rev_${q.group}_${q.col}`;
    case 'active': return `q_act_${q.keys[0].replace(/\./g, '_')}`;
    case 'findings': return `q_findings_${q.severity}`;
  }
}

function quantityAggregate(q: Quantity): { from: 'requests' | 'review_litigation' | 'active' | 'findings'; sql: string } {
  switch (q.kind) {
    case 'request': return { from: 'requests', sql: `max(value) FILTER (WHERE row_key = ${lit(q.row)} AND col = ${q.col ?? 6})` };
    case 'review': return { from: 'review_litigation', sql: `max(value) FILTER (WHERE grp = ${lit(q.group)} AND col = ${q.col})` };
    case 'active': return { from: 'active', sql: `coalesce(${q.keys.map((k) => `max(value) FILTER (WHERE item || '.' || measure = ${lit(k)})`).join(', ')})` };
    case 'findings': return { from: 'findings', sql: `count(*) FILTER (WHERE severity = ${lit(q.severity)})` };
  }
}

function allQuantities(): Quantity[] {
  const seen = new Map<string, Quantity>();
  for (const m of METRICS) for (const t of [...m.numerator, ...(m.denominator ?? [])]) seen.set(quantityColumn(t.q), t.q);
  return [...seen.values()];
}

/** SQL of a signed sum over quantity columns: NULL only when every term is NULL. */
export function exprSql(e: Expr): string {
  const cols = e.map((t) => quantityColumn(t.q));
  const allNull = cols.map((c) => `${c} IS NULL`).join(' AND ');
  const sum = e.map((t, i) => `${t.sign < 0 ? '-' : '+'} coalesce(${cols[i]}, 0)`).join(' ').replace(/^\+ /, '');
  return `CASE WHEN ${allNull} THEN NULL ELSE ${sum} END`;
}

/** CREATE VIEW statements, in order. They read the normalized tables loaded from Arrow. */
export function metricViews(): string[] {
  const qs = allQuantities();
  const sources = ['requests', 'review_litigation', 'active', 'findings'] as const;
  const subqueries = sources.map((src) => {
    const mine = qs.filter((q) => quantityAggregate(q).from === src);
    return { src, mine, sql: `(SELECT report_id, ${mine.map((q) => `${quantityAggregate(q).sql} AS ${quantityColumn(q)}`).join(', ')} FROM ${src} GROUP BY report_id) AS ${src}_q` };
  }).filter((s) => s.mine.length);
  const columns = qs.map((q) => (q.kind === 'findings' ? `coalesce(${quantityColumn(q)}, 0) AS ${quantityColumn(q)}` : quantityColumn(q)));
  const quantities = `CREATE OR REPLACE VIEW report_quantities AS
SELECT r.report_id, r.level, r.year, ${columns.join(', ')}
FROM reports r
${subqueries.map((s) => `LEFT JOIN ${s.sql} USING (report_id)`).join('\n')}`;

  const perMetric = METRICS.map((m) => {
    const num = exprSql(m.numerator);
    const den = m.denominator ? exprSql(m.denominator) : 'NULL';
    const value = m.denominator ? `CASE WHEN (${den}) IS NULL OR (${den}) = 0 OR (${num}) IS NULL THEN NULL ELSE (${num}) / (${den}) END` : `(${num})`;
    const small = m.denominator ? `coalesce((${den}) < ${SMALL_SAMPLE}, false)` : 'false';
    // level and year ride along so a scope filter needs no join (and a sorted pre-aggregated table can skip row groups).
    return `SELECT report_id, level, year, ${lit(m.key)} AS metric, (${num})::DOUBLE AS numerator, (${den})::DOUBLE AS denominator, (${value})::DOUBLE AS value, ${small} AS small FROM report_quantities`;
  });
  const values = `CREATE OR REPLACE VIEW metric_values AS\n${perMetric.join('\nUNION ALL\n')}`;
  return [quantities, values];
}
