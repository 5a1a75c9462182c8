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
 * first paint (static/data/aggregates.json), in the browser when the data
 * shown is not the embedded set alone, and for the synthetic set. It reads
 * only `reports` and `metric_values`, so it also runs where the indicators
 * come pre-aggregated: each figure is an indicator's numerator or denominator
 * (one definition of each), blank stays blank (sum over NULL is NULL).
 */
export const overviewSql = `WITH per AS (
  SELECT report_id,
    max(value) FILTER (WHERE metric = 'requests_new') AS requests_new,
    -- （七）总计, the denominator of the disclosure rate.
    max(denominator) FILTER (WHERE metric = 'disclosure_rate') AS processed,
    max(numerator) FILTER (WHERE metric = 'disclosure_rate') AS disclosed,
    max(value) FILTER (WHERE metric = 'disclosure_rate') AS disclosure_rate,
    max(numerator) FILTER (WHERE metric = 'review_rate') AS reviews,
    -- Both litigation totals blank is a blank, not 0 (the indicator's numerator says so).
    max(numerator) FILTER (WHERE metric = 'litigation_rate') AS lawsuits
  FROM metric_values WHERE metric IN ('requests_new', 'disclosure_rate', 'review_rate', 'litigation_rate')
  GROUP BY report_id)
SELECT r.year, r.level, count(*) AS reports,
       sum(p.requests_new) AS requests_new,
       sum(p.processed) AS processed,
       -- The rate only over reports where both its terms were printed (a blank is not 0).
       sum(p.disclosed) FILTER (WHERE p.disclosure_rate IS NOT NULL) AS disclosed,
       sum(p.processed) FILTER (WHERE p.disclosure_rate IS NOT NULL) AS rate_base,
       count(*) FILTER (WHERE p.disclosure_rate IS NULL) AS rate_missing,
       sum(p.reviews) AS reviews,
       sum(p.lawsuits) AS lawsuits,
       sum(r.n_errors) AS errors, sum(r.n_warnings) AS warnings
FROM reports r JOIN per p USING (report_id)
GROUP BY r.year, r.level ORDER BY r.year, r.level`;
