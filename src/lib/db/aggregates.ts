/**
 * Pre-aggregated tables (the Mosaic idea: aggregate once, let views read the
 * small result). Rebuilt whenever the data behind the table names changes —
 * at load, after an import, on the 内置/我的/全部 switch — so they never
 * disagree with the tables they summarize. At national scale (100 k
 * reports) each would otherwise be a full scan on every visit of its view.
 *
 *   agg_jurisdictions  one row per place and kind of body across years (the trend picker),
 *                      with its reports (a trend reads their indicators, not every report's)
 *   agg_pooled         per indicator, level and year: reports, how many have a value, and the
 *                      sums of numerator and denominator over those (the trend's total line)
 */
import { METRICS } from '../metrics/definitions';
import { metricColumns } from '../metrics/sql';

export const JURISDICTION = `coalesce(r.region_code, r.agency_id) || '|' || r.level`;

export function aggregatesSql(): string[] {
  return [
    `CREATE OR REPLACE TABLE agg_jurisdictions AS
SELECT ${JURISDICTION} AS jurisdiction, arg_max(r.agency, r.year) AS agency, any_value(r.level) AS level,
  string_agg(DISTINCT CAST(r.year AS VARCHAR), ',' ORDER BY CAST(r.year AS VARCHAR)) AS years, count(DISTINCT r.year) AS n,
  -- every name and place it was reported under, for the picker's search
  string_agg(DISTINCT r.agency || ' ' || coalesce(r.region, ''), ' ') AS names,
  list(r.report_id) AS report_ids
FROM reports r GROUP BY 1 ORDER BY n DESC, agency`,
    pooledSql(),
  ];
}

/**
 * agg_pooled in one scan of report_metrics (not one per indicator). Blank
 * stays blank: a report without a value adds to `reports` only, never a 0 to
 * the sums (and a sum over no value at all is NULL).
 */
function pooledSql(): string {
  const sums = METRICS.map((m) => {
    const c = metricColumns(m.key);
    return `count(${c.value}) AS ${m.key}__n, sum(${c.numerator}) FILTER (WHERE ${c.value} IS NOT NULL) AS ${m.key}__sn, sum(${c.denominator}) FILTER (WHERE ${c.value} IS NOT NULL) AS ${m.key}__sd`;
  });
  const long = METRICS.map(
    (m) =>
      `SELECT '${m.key}' AS metric, level, year, reports, ${m.key}__n AS with_value, ${m.key}__sn AS numerator, ${m.key}__sd AS denominator FROM g`,
  );
  return `CREATE OR REPLACE TABLE agg_pooled AS
WITH g AS (SELECT level, year, count(*) AS reports, ${sums.join(', ')} FROM report_metrics GROUP BY level, year)
${long.join('\nUNION ALL\n')}`;
}
