/**
 * A level and year's ranked table: each report's composite score (over every
 * report, and over those without small samples), the order asked (an
 * indicator, per capita, or the score; blanks last, small samples after the
 * others) and each line's rank. Shared by 排名 (src/routes/ranking) and the
 * 通报 (src/lib/briefing), so both rank the same way. Plain functions, tested
 * in Node (tests/views/ranking.test.ts).
 */
import { RANKING_METRICS, type RankingEntry } from '$lib/db/queries';
import { pcMetricOf, type PerCapitaRow } from '$lib/covariates/sql';
import type { CovariateMeta } from '$lib/covariates/types';
import {
  compositeScores,
  hasSmallSample,
  parseWeights,
  type Score,
  type ScoreInput,
  type Weights,
} from '$lib/ui/composite';

export type Ranked = RankingEntry & { small: boolean; all: Score; large: Score };
/** How the table is read: its order, its weights, the covariate and its rows by report. */
export interface Reading {
  sortKey: string;
  desc: boolean;
  weights: Weights;
  excludeSmall: boolean;
  cov: CovariateMeta | null;
  pcBy: Map<string, PerCapitaRow>;
}
/** The ranking as it opens: by the composite score of the default weights, highest first, no covariate. */
export const defaultReading = (p: Partial<Reading> = {}): Reading => ({
  sortKey: 'score',
  desc: true,
  weights: parseWeights(null, RANKING_METRICS),
  excludeSmall: false,
  cov: null,
  pcBy: new Map(),
  ...p,
});
export const byReport = (rows: readonly PerCapitaRow[]) => new Map(rows.map((r) => [r.report_id, r]));

/** An entry's value in a column: an indicator, or (pc_…) an indicator per capita. */
export function valueOf(e: RankingEntry, key: string, pcBy: Map<string, PerCapitaRow>): number | null {
  return pcMetricOf(key) ? ((pcBy.get(e.id)?.[key] as number | null | undefined) ?? null) : (e.m[key]?.value ?? null);
}
const smallOf = (e: RankingEntry, key: string): boolean => (pcMetricOf(key) ? false : (e.m[key]?.small ?? false));
/** The composite score that ranks: over every report, or over those without small samples. */
export const scoreOf = (e: Ranked, excludeSmall: boolean) => (excludeSmall ? e.large : e.all);

/** One line per report, in the order asked. */
export function rankTable(entries: readonly RankingEntry[], r: Reading): Ranked[] {
  // The composite score twice: over every report, and over the reports without small samples only
  // (normalized within that set, so a small sample's extreme rate moves nobody's score).
  const inputs: ScoreInput[] = entries.map((e) => ({ id: e.id, values: e.m }));
  const small = new Set(inputs.filter((e) => hasSmallSample(e, r.weights)).map((e) => e.id));
  const all = compositeScores(inputs, r.weights);
  const large = compositeScores(
    inputs.filter((e) => !small.has(e.id)),
    r.weights,
  );
  const list: Ranked[] = entries.map((e) => ({
    ...e,
    small: small.has(e.id),
    all: all.get(e.id)!,
    large: large.get(e.id) ?? { score: null, rank: null, used: 0 },
  }));
  if (r.sortKey === 'score') {
    // By rank (1 first); no rank (no value, or left out as a small sample) last.
    return list.sort((a, b) => {
      const [ra, rb] = [scoreOf(a, r.excludeSmall).rank, scoreOf(b, r.excludeSmall).rank];
      if (ra === null || rb === null) return ra === null ? (rb === null ? 0 : 1) : -1;
      return r.desc ? ra - rb : rb - ra;
    });
  }
  // Ranked by the chosen indicator; blanks last; small samples after the others (metrics.md).
  return list.sort((a, b) => {
    const [va, vb] = [valueOf(a, r.sortKey, r.pcBy), valueOf(b, r.sortKey, r.pcBy)];
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    const [sa, sb] = [smallOf(a, r.sortKey), smallOf(b, r.sortKey)];
    if (sa !== sb) return sa ? 1 : -1;
    return r.desc ? vb - va : va - vb;
  });
}

/** A line's rank: its composite rank, or its place in the order of an indicator (none where it has no value). */
export function rankOf(e: Ranked, i: number, r: Reading): number | null {
  return r.sortKey === 'score'
    ? scoreOf(e, r.excludeSmall).rank
    : valueOf(e, r.sortKey, r.pcBy) === null
      ? null
      : i + 1;
}
