/** The SQL of the views, in one place (not in components). */
import { lit } from './sql';
import { metricColumns } from '../metrics/sql';
import type { Columns } from './rows';
import type { Db } from './types';

/** The indicators the ranking view shows, weighs and exports. */
export const RANKING_METRICS: readonly string[] = [
  'requests_new',
  'disclosure_rate',
  'denial_rate',
  'unable_rate',
  'not_processed_rate',
  'carry_forward_rate',
  'review_rate',
  'litigation_rate',
  'findings_errors',
];

/** One indicator of one report, as a ranking shows it. */
export type RankingValue = {
  metric: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  small: boolean;
};
/** One report of a ranking with its indicators; `reading`: its reading problems (counted apart, never in an indicator). */
export type RankingEntry = {
  id: string;
  agency: string;
  region: string | null;
  reading: number;
  m: Record<string, RankingValue>;
};

/** Every report of a level and year with the chosen indicators: one row per report (report_metrics, wide). */
export function rankingSql(level: string, year: number, metrics: readonly string[]): string {
  const cols = metrics.flatMap((k) => Object.values(metricColumns(k)).map((c) => `m.${c}`));
  return `SELECT r.report_id, r.agency, r.region, r.n_reading, ${cols.join(', ')}
FROM report_metrics m JOIN reports r USING (report_id)
WHERE m.level = ${lit(level)} AND m.year = ${Number(year)} AND r.level = ${lit(level)} AND r.year = ${Number(year)}
ORDER BY r.agency`;
}

/** The ranking's rows as entries (read column by column: a national level has over ten thousand reports). */
export function rankingEntries(c: Columns, metrics: readonly string[]): RankingEntry[] {
  const [id, agency, region, reading] = ['report_id', 'agency', 'region', 'n_reading'].map((n) => c.get(n));
  const cols = metrics.map((k) => {
    const n = metricColumns(k);
    return {
      k,
      value: c.get(n.value),
      numerator: c.get(n.numerator),
      denominator: c.get(n.denominator),
      small: c.get(n.small),
    };
  });
  const out = new Array<RankingEntry>(c.numRows);
  for (let i = 0; i < c.numRows; i++) {
    const m: Record<string, RankingValue> = {};
    for (const x of cols) {
      m[x.k] = {
        metric: x.k,
        value: x.value[i] as number | null,
        numerator: x.numerator[i] as number | null,
        denominator: x.denominator[i] as number | null,
        small: x.small[i] === true,
      };
    }
    out[i] = {
      id: id[i] as string,
      agency: agency[i] as string,
      region: region[i] as string | null,
      reading: (reading[i] as number | null) ?? 0,
      m,
    };
  }
  return out;
}

/** The ranking of a level and year, as the ranking view reads it (also timed by bench/scale.ts). */
export async function fetchRanking(
  db: Db,
  level: string,
  year: number,
  metrics: readonly string[],
): Promise<RankingEntry[]> {
  return rankingEntries(await db.columns(rankingSql(level, year, metrics)), metrics);
}

/**
 * The levels and years there are. The first is the scope a view opens on: the one with the most reports (the
 * latest year, then the level's name, on a tie), so a first visit never opens on a ranking of one report. The
 * rest follow by year (latest first) and level, so the pickers read in order.
 */
export const scopesSql = `WITH s AS (SELECT level, year, count(*) AS n FROM reports GROUP BY level, year),
  top AS (SELECT level, year FROM s ORDER BY n DESC, year DESC, level LIMIT 1)
SELECT s.level, s.year FROM s LEFT JOIN top USING (level, year)
ORDER BY top.level IS NULL, s.year DESC, s.level`;

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
       -- The reports' own problems; reports with reading problems are counted apart (never as the body's errors).
       sum(r.n_errors) AS errors, sum(r.n_warnings) AS warnings,
       count(*) FILTER (WHERE r.n_reading > 0) AS reading_reports
FROM reports r JOIN per p USING (report_id)
GROUP BY r.year, r.level ORDER BY r.year, r.level`;
