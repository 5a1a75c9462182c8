/**
 * SQL of the oversight pages (跨年核查, 报送情况, 工作要点, 单位画像). The
 * reports' records come through src/lib/oversight/reports-query.ts; what DuckDB
 * answers best — indicators and ranks among peers — is asked here.
 */
import { lit } from './sql';
import { METRICS } from '$lib/metrics/definitions';

export type ProfileMetricRow = {
  metric: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  small: boolean;
  /** Rank among the peers that print the indicator (1 = best where the indicator has a direction, else the highest); null without a value. */
  rank: number | null;
  /** Peers with a value for the indicator (this report included). */
  ranked: number;
  /** Reports of the same level and year. */
  peers: number;
};

/** Indicators whose rank reads from the lowest value up (lower is better). */
const ASCENDING = METRICS.filter((m) => m.higherIsBetter === false).map((m) => lit(m.key));

/**
 * Every indicator of one report (metric_values, the definitions of
 * src/lib/metrics), with its rank among the reports of the same level and
 * year. Ties share a rank; a blank value is not ranked (never 0).
 */
export function profileMetricsSql(id: string): string {
  return `WITH me AS (SELECT level, year FROM reports WHERE report_id = ${lit(id)}),
peer AS (SELECT r.report_id FROM reports r, me WHERE r.level = me.level AND r.year = me.year),
vals AS (
  SELECT m.report_id, m.metric, m.value, m.numerator, m.denominator, m.small,
         CASE WHEN m.value IS NULL THEN NULL
              ELSE rank() OVER (PARTITION BY m.metric, m.value IS NULL
                                ORDER BY CASE WHEN m.metric IN (${ASCENDING.join(', ') || 'NULL'}) THEN m.value ELSE -m.value END) END AS rank,
         count(m.value) OVER (PARTITION BY m.metric) AS ranked,
         (SELECT count(*) FROM peer) AS peers
  FROM metric_values m JOIN peer USING (report_id))
SELECT metric, value, numerator, denominator, small, rank, ranked, peers FROM vals WHERE report_id = ${lit(id)}`;
}
