/**
 * Stacked shares that add up to more than the whole. Shares of one report's
 * total can pass 100 % only when the report's own numbers do not add up (its
 * groups sum to more than its 总计): a data problem of the report. The bar is
 * drawn to the edge of the plot and no further, with a mark; the view says
 * which reports and by how much in the chart's note.
 */
import type { StackRow } from './context';

/** A segment of a stacked bar in value units: from `a` to `b`, cut at the axis end when `clipped`. */
export interface Segment {
  key: string;
  v: number;
  a: number;
  b: number;
  clipped: boolean;
}

/** One row's segments in the order of `keys`, from 0, cut at `max`; blank and non-positive values add nothing. */
export function stackSegments(
  values: Readonly<Record<string, number | null | undefined>>,
  keys: readonly string[],
  max = Infinity,
): { segments: Segment[]; sum: number; over: boolean } {
  let acc = 0;
  const segments: Segment[] = [];
  for (const key of keys) {
    const v = values[key];
    if (v === null || v === undefined || !(v > 0)) continue;
    const a = Math.min(acc, max);
    const b = Math.min(acc + v, max);
    acc += v;
    // A segment wholly past the end is not drawn (the mark and the note stand for it).
    if (b > a) segments.push({ key, v, a, b, clipped: acc > max });
  }
  return { segments, sum: acc, over: acc > max + EPS };
}
/** Shares are ratios of integers: a rounding error is not an overflow. */
const EPS = 1e-9;

export interface Overflow {
  /** The row's label (StackRow.y). */
  y: string;
  /** What its segments add up to (e.g. 1.12 for 112 %). */
  sum: number;
}
/** The rows whose shares add up to more than `max` (1 = 100 %). */
export function overflows(rows: readonly StackRow[], keys: readonly string[], max = 1): Overflow[] {
  return rows.flatMap((r) => {
    const { sum, over } = stackSegments(r.values, keys, max);
    return over ? [{ y: r.y, sum }] : [];
  });
}
