// The overview's first paint comes from figures computed at build time
// (npm run data), so it shows before DuckDB has started.
import { base } from '$app/paths';
import type { Bodies } from '$lib/overview/bodies';
import type { PageLoad } from './$types';

export type OverviewRow = {
  year: number;
  level: string;
  reports: number;
  requests_new: number | null;
  processed: number | null;
  disclosed: number | null;
  rate_base: number | null;
  rate_missing: number;
  reviews: number | null;
  lawsuits: number | null;
  errors: number;
  warnings: number;
  /** Reports with reading problems (their findings are not in `errors`/`warnings`); absent in figures built before it existed. */
  reading_reports?: number;
};
export interface Aggregates {
  dataset: string;
  synthetic: boolean;
  generated: string;
  source: string;
  reports: number;
  not_reports: { source: string; kind: string; reason: string }[];
  /** Which bodies are loaded (absent in figures built before it existed). */
  bodies?: Bodies;
  overview: OverviewRow[];
}

export const load: PageLoad = async ({ fetch }) => {
  const res = await fetch(`${base}/data/aggregates.json`);
  return { aggregates: (await res.json()) as Aggregates };
};
