/**
 * What cutting a table into cells by its ruling lines needs, whether the lines were drawn in a PDF
 * (./pdf-table.ts) or found in a scan's pixels (../ocr/grid.ts): groups of touching lines, and how much of a
 * span the lines cover.
 */

/** A line along one axis, from a0 to a1. */
export interface Span {
  a0: number;
  a1: number;
}

/** Disjoint sets (path halving), for lines that touch and cells that merge. */
export class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number) {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** How much of [lo, hi] the lines cover. */
export function covered(lines: readonly Span[], lo: number, hi: number): number {
  const parts = lines
    .map((s) => [Math.max(lo, s.a0), Math.min(hi, s.a1)] as const)
    .filter(([a, b]) => b > a)
    .sort((p, q) => p[0] - q[0]);
  let total = 0;
  let end = lo;
  for (const [a, b] of parts) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}
