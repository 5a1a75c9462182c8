/** The SQL of the views, in one place (not in components). */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export type RankingRow = {
  report_id: string; agency: string; region: string | null; level: string; year: number; source: string;
  metric: string; value: number | null; numerator: number | null; denominator: number | null; small: boolean;
};

/** Every report of a level and year with the chosen indicators (long form). */
export function rankingSql(level: string, year: number, metrics: readonly string[]): string {
  return `SELECT r.report_id, r.agency, r.region, r.level, r.year, r.source, m.metric, m.value, m.numerator, m.denominator, m.small
FROM metric_values m JOIN reports r USING (report_id)
WHERE m.level = ${lit(level)} AND m.year = ${Number(year)} AND r.level = ${lit(level)} AND r.year = ${Number(year)} AND m.metric IN (${metrics.map(lit).join(', ')})
ORDER BY r.agency, m.metric`;
}

export const scopesSql = 'SELECT DISTINCT level, year FROM reports ORDER BY year DESC, level';

/**
 * The overview's key figures per year and level. Run at build time for the
 * first paint (static/data/aggregates.json) and again in the browser when the
 * data shown is not the embedded set alone.
 */
export const overviewSql = `SELECT r.year, r.level, count(*) AS reports,
         sum(q.q_req_new_received_6) AS requests_new,
         sum(q.q_req_processed_total_6) AS processed,
         -- The rate only over reports where both its terms were printed (a blank is not 0).
         sum(m.numerator) FILTER (WHERE m.value IS NOT NULL) AS disclosed,
         sum(m.denominator) FILTER (WHERE m.value IS NOT NULL) AS rate_base,
         count(*) FILTER (WHERE m.value IS NULL) AS rate_missing,
         sum(q.q_rev_review_4) AS reviews,
         -- Both litigation totals blank is a blank, not 0.
         sum(CASE WHEN q.q_rev_litigation_direct_4 IS NULL AND q.q_rev_litigation_after_review_4 IS NULL THEN NULL
                  ELSE coalesce(q.q_rev_litigation_direct_4, 0) + coalesce(q.q_rev_litigation_after_review_4, 0) END) AS lawsuits,
         sum(r.n_errors) AS errors, sum(r.n_warnings) AS warnings
  FROM reports r JOIN report_quantities q USING (report_id) JOIN metric_values m USING (report_id)
  WHERE m.metric = 'disclosure_rate'
  GROUP BY r.year, r.level ORDER BY r.year, r.level`;
