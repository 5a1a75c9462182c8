/**
 * The user's composite score for the ranking: for each indicator a weight
 * (0–5) and a direction; each indicator's values are min–max normalized
 * within the entries ranked together (one level, one year), turned round
 * where lower is better, and the score is the weighted mean over the
 * indicators the entry prints. No verdicts, only a number and a rank.
 */
import { METRIC_BY_KEY } from '$lib/metrics/definitions';

export type Direction = 'higher' | 'lower';
export type Weight = { weight: number; direction: Direction };
export type Weights = Record<string, Weight>;

export const MAX_WEIGHT = 5;

/** Defaults: direction from the definition; indicators with no usual direction start at weight 0. */
export function defaultWeights(keys: readonly string[]): Weights {
  return Object.fromEntries(
    keys.map((k) => {
      const h = METRIC_BY_KEY[k]?.higherIsBetter ?? null;
      return [k, { weight: h === null ? 0 : 1, direction: h === false ? 'lower' : 'higher' }];
    }),
  );
}

/**
 * URL form: `w=disclosure_rate:1:+,denial_rate:2:-` (weight, + higher is
 * better, - lower is better). When `w` is present, an indicator it does not
 * name has weight 0; when absent, the defaults hold.
 */
export function parseWeights(param: string | null, keys: readonly string[]): Weights {
  const defaults = defaultWeights(keys);
  if (param === null) return defaults;
  const out: Weights = Object.fromEntries(keys.map((k) => [k, { weight: 0, direction: defaults[k].direction }]));
  for (const part of param.split(',')) {
    const [k, w, d] = part.split(':');
    if (!(k in out)) continue;
    const n = Math.round(Number(w));
    out[k] = {
      weight: Number.isFinite(n) ? Math.min(MAX_WEIGHT, Math.max(0, n)) : 0,
      direction: d === '-' ? 'lower' : d === '+' ? 'higher' : defaults[k].direction,
    };
  }
  return out;
}

export function formatWeights(w: Weights): string {
  return Object.entries(w)
    .filter(([, v]) => v.weight > 0)
    .map(([k, v]) => `${k}:${v.weight}:${v.direction === 'lower' ? '-' : '+'}`)
    .join(',');
}

export type ScoreInput = { id: string; values: Record<string, { value: number | null; small: boolean } | undefined> };
export type Score = { score: number | null; rank: number | null; used: number };

/**
 * Scores and ranks (1 = best; equal scores share a rank) of the entries.
 * An entry without a value in any weighted indicator gets no score and no rank.
 * An indicator on which every entry is equal (or that only one entry prints)
 * separates nobody: its normalized value is 1 for each entry that prints it.
 */
export function compositeScores(entries: readonly ScoreInput[], weights: Weights): Map<string, Score> {
  const keys = Object.keys(weights).filter((k) => weights[k].weight > 0);
  const range = new Map<string, [number, number]>();
  for (const k of keys) {
    const vs = entries.map((e) => e.values[k]?.value).filter((v): v is number => v !== null && v !== undefined);
    if (vs.length) range.set(k, [Math.min(...vs), Math.max(...vs)]);
  }
  const out = new Map<string, Score>();
  for (const e of entries) {
    let sum = 0,
      wsum = 0,
      used = 0;
    for (const k of keys) {
      const v = e.values[k]?.value;
      const r = range.get(k);
      if (v === null || v === undefined || !r) continue;
      const norm = (v - r[0]) / (r[1] - r[0]);
      sum += weights[k].weight * (r[0] === r[1] ? 1 : weights[k].direction === 'higher' ? norm : 1 - norm);
      wsum += weights[k].weight;
      used++;
    }
    out.set(e.id, { score: wsum > 0 ? sum / wsum : null, rank: null, used });
  }
  const scored = [...out.entries()].filter(([, s]) => s.score !== null).sort((a, b) => b[1].score! - a[1].score!);
  scored.forEach(([, s], i) => {
    const prev = scored[i - 1]?.[1];
    s.rank = prev && Math.abs(prev.score! - s.score!) < 1e-12 ? prev.rank : i + 1;
  });
  return out;
}

/** A small-sample entry: some weighted rate rests on fewer than SMALL_SAMPLE cases. */
export function hasSmallSample(e: ScoreInput, weights: Weights): boolean {
  return Object.keys(weights).some(
    (k) =>
      weights[k].weight > 0 && e.values[k]?.value !== null && e.values[k]?.value !== undefined && e.values[k]!.small,
  );
}
