/**
 * Placing a row whose label the patterns of formats.ts do not find.
 *
 * A label split around its numbers, abbreviated, mistyped or numbered
 * differently still shares characters with the label the format prints,
 * and it still stands where the format puts it: after the row before it and
 * before the row after it. So the rows the patterns left unplaced are
 * aligned, in order, to the format rows that are still free between their
 * placed neighbours, on the evidence of the characters they share.
 *
 * A row is placed only when that is certain: its label shares real evidence
 * with the row (never position alone), and no other alignment of comparable
 * score puts it in a different row or leaves it out (`certainAlignment`);
 * parse/anchors.ts also wants it to read clearly better as that row than as
 * any row already placed. Everything else is left to the caller to report.
 */

/** Thresholds, in units of weighted recall (0 … 1) of a row's label. */
export const EVIDENCE = {
  /** Real evidence: at least this share of the label's (weighted) character pairs … */
  recall: 0.4,
  /**
   * … and at least this much weight: one pair no other label holds, or
   * several shared ones. A label too common to weigh that much (3.其他: 其他
   * is in four labels) is never placed on its characters alone.
   */
  weight: 1,
  /** How far ahead of every other reading a placement must be. */
  margin: 0.25,
} as const;

/** Item numbers (1. （三） 四、) on squeezed text: the format's numbering, which reports get wrong. */
const ITEM_NUMBER = /\d{1,2}\.|（[一二三四五六七八九十]{1,2}）|[一二三四五六七八九十]{1,2}、/g;
const NUMBERED = /^(?:\d{1,2}\.|（[一二三四五六七八九十]{1,2}）|[一二三四五六七八九十]{1,2}、)/;

/** Squeezed text that starts a numbered label (1. （三） 四、): a new row's label, not the rest of the one before. */
export function startsWithItemNumber(squeezed: string): boolean {
  return NUMBERED.test(squeezed);
}

/** Everything but Chinese characters: punctuation, quotes, brackets, digits, Latin. */
const NOT_HAN = /[^\u4e00-\u9fff]/g;

/** The characters of squeezed label text that carry evidence: no item numbers, Chinese characters only. */
export function core(squeezed: string): string {
  return squeezed.replace(ITEM_NUMBER, '').replace(NOT_HAN, '');
}

/** The distinct character pairs of a string. */
export function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** One printed form of a row's label: the weight of each of its pairs, and their sum. */
interface Form {
  weights: Map<string, number>;
  total: number;
}

/** The labels of one table's rows, prepared once per module: see `labelIndex`. */
export interface LabelIndex {
  keys: readonly string[];
  forms: readonly (readonly Form[])[];
  /** The Chinese characters of each row's printed forms. */
  chars: readonly ReadonlySet<string>[];
  /** Each row's printed forms as `core` leaves them (3.其他 → 其他). */
  cores: readonly ReadonlySet<string>[];
}

/**
 * Each row's printed forms (the official label and its known variants) as
 * weighted character pairs. A pair's weight is 1 / the number of rows whose
 * labels hold it, so that 政府信息 or 申请, which many labels share, count
 * for little and 秘密 or 总计 count in full.
 */
export function labelIndex(rows: readonly { key: string; labels: readonly string[] }[]): LabelIndex {
  const sets = rows.map((r) => r.labels.map((l) => bigrams(core(l))));
  const df = new Map<string, number>();
  for (const forms of sets) {
    for (const b of new Set(forms.flatMap((s) => [...s]))) df.set(b, (df.get(b) ?? 0) + 1);
  }
  const forms = sets.map((fs) =>
    fs.map((s): Form => {
      const weights = new Map([...s].map((b) => [b, 1 / df.get(b)!]));
      return { weights, total: [...weights.values()].reduce((a, b) => a + b, 0) };
    }),
  );
  const chars = rows.map((r) => new Set(r.labels.flatMap((l) => [...core(l)])));
  const cores = rows.map((r) => new Set(r.labels.map(core)));
  return { keys: rows.map((r) => r.key), forms, chars, cores };
}

/**
 * The evidence of label text for each row of the index: the largest share
 * of a printed form's weight that the text's pairs cover, where that share
 * is real evidence (see EVIDENCE), else 0.
 */
export function evidence(index: LabelIndex, pairs: ReadonlySet<string>): number[] {
  return index.forms.map((forms) => {
    let best = 0;
    for (const f of forms) {
      let shared = 0;
      for (const [b, w] of f.weights) if (pairs.has(b)) shared += w;
      const recall = f.total ? shared / f.total : 0;
      if (recall >= EVIDENCE.recall && shared >= EVIDENCE.weight - 1e-9) best = Math.max(best, recall);
    }
    return best;
  });
}

/** Whether any printed form of row `j` holds one of `pairs`. */
export function sharesPair(index: LabelIndex, j: number, pairs: ReadonlySet<string>): boolean {
  return index.forms[j].some((f) => [...pairs].some((b) => f.weights.has(b)));
}

/**
 * A monotone alignment of k observed rows to m candidate rows (both in
 * printed order): each observed row takes one candidate or none, each
 * candidate at most one observed row, and order is kept. `score[i][j]` is
 * the evidence for observed row i in candidate j, or -Infinity where that
 * pair is not allowed. Returns, for each observed row, the candidate it
 * takes when that is certain — it does so in the best alignment, and every
 * alignment that puts it elsewhere or leaves it out scores at least
 * `margin` less — else -1.
 *
 * Forward and backward tables give, for every pair, the best alignment
 * through it (max-marginals), so the test costs O(k·m).
 */
export function certainAlignment(score: readonly (readonly number[])[], m: number, margin: number): number[] {
  const k = score.length;
  const table = () => Array.from({ length: k + 1 }, () => new Float64Array(m + 1));
  // fwd[i][j]: best score of observed rows < i in candidates < j; bwd[i][j]: of rows ≥ i in candidates ≥ j.
  const fwd = table();
  const bwd = table();
  for (let i = 1; i <= k; i++) {
    for (let j = 1; j <= m; j++)
      fwd[i][j] = Math.max(fwd[i - 1][j], fwd[i][j - 1], fwd[i - 1][j - 1] + score[i - 1][j - 1]);
  }
  for (let i = k - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      bwd[i][j] = Math.max(bwd[i + 1][j], bwd[i][j + 1], score[i][j] + bwd[i + 1][j + 1]);
  }
  const best = fwd[k][m];
  return score.map((row, i) => {
    let skip = -Infinity; // the best alignment that leaves row i out
    for (let j = 0; j <= m; j++) skip = Math.max(skip, fwd[i][j] + bwd[i + 1][j]);
    let take = -1;
    let alt = skip;
    for (let j = 0; j < m; j++) {
      const through = fwd[i][j] + row[j] + bwd[i + 1][j + 1];
      if (take < 0 || through > fwd[i][take] + row[take] + bwd[i + 1][take + 1]) {
        if (take >= 0) alt = Math.max(alt, fwd[i][take] + row[take] + bwd[i + 1][take + 1]);
        take = j;
      } else alt = Math.max(alt, through);
    }
    if (take < 0) return -1;
    const through = fwd[i][take] + row[take] + bwd[i + 1][take + 1];
    return through >= best - 1e-9 && through - alt >= margin ? take : -1;
  });
}
