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
WHERE r.level = ${lit(level)} AND r.year = ${Number(year)} AND m.metric IN (${metrics.map(lit).join(', ')})
ORDER BY r.agency, m.metric`;
}

export const scopesSql = 'SELECT DISTINCT level, year FROM reports ORDER BY year DESC, level';
