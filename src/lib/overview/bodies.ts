/**
 * Which bodies are loaded, for the overview's first lines ("8 reports from 6 bodies: …, 2019–2024"): the same
 * SQL at build time (npm run data writes it into aggregates.json, for the real reports and for the synthetic
 * set) and in the browser (when the data shown holds the user's own reports). Never typed: read from `reports`.
 */

/** One body: its name, level, how many reports and the years they cover; most reports first. */
export const bodiesSql = `SELECT agency, level, count(*)::INTEGER AS reports, min(year)::INTEGER AS first_year,
  max(year)::INTEGER AS last_year, max_by(report_id, year) AS latest_report
FROM reports GROUP BY agency, level ORDER BY reports DESC, agency`;

export type BodyRow = {
  agency: string;
  level: string;
  reports: number;
  first_year: number;
  last_year: number;
  latest_report: string;
};

/** What the overview says of them: how many, how many per level, the first names, and the years. */
export interface Bodies {
  count: number;
  levels: { level: string; bodies: number }[];
  /** The first `NAMES` bodies (most reports first); the rest are counted, not named. */
  names: string[];
  first_year: number | null;
  last_year: number | null;
  /** The latest report of the first body: the overview's "open a report". */
  first_report: string | null;
}

/** The names said on the overview; a province has hundreds of bodies. */
export const NAMES = 6;

export function bodiesOf(rows: readonly BodyRow[]): Bodies {
  const names = [...new Set(rows.map((r) => r.agency))];
  const byLevel = new Map<string, Set<string>>();
  for (const r of rows) byLevel.set(r.level, (byLevel.get(r.level) ?? new Set()).add(r.agency));
  const years = rows.flatMap((r) => [r.first_year, r.last_year]);
  return {
    count: names.length,
    levels: [...byLevel].map(([level, s]) => ({ level, bodies: s.size })).sort((a, b) => b.bodies - a.bodies),
    names: names.slice(0, NAMES),
    first_year: years.length ? Math.min(...years) : null,
    last_year: years.length ? Math.max(...years) : null,
    first_report: rows[0]?.latest_report ?? null,
  };
}
