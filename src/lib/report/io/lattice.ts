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

/** Values within `tol` of their neighbour in one cluster; the clusters' means, ascending (the boundaries lines stand on). */
export function cluster(values: readonly number[], tol: number): number[] {
  const s = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of s) {
    if (group.length && v - group[group.length - 1] > tol) {
      out.push(group.reduce((a, b) => a + b, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) out.push(group.reduce((a, b) => a + b, 0) / group.length);
  return out;
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

/** Index of the boundary nearest to `pos`, or -1 if none is within `tol`. */
export function nearestBound(bounds: readonly number[], pos: number, tol: number): number {
  let best = -1;
  let dist = tol;
  bounds.forEach((b, i) => {
    const d = Math.abs(b - pos);
    if (d <= dist) {
      best = i;
      dist = d;
    }
  });
  return best;
}

/** The lines by the boundary they stand on (within `tol` of it); a line near none is left out. */
export function linesAt<L extends Span & { pos: number }>(
  bounds: readonly number[],
  lines: readonly L[],
  tol: number,
): L[][] {
  const at: L[][] = bounds.map(() => []);
  for (const s of lines) {
    const i = nearestBound(bounds, s.pos, tol);
    if (i >= 0) at[i].push(s);
  }
  return at;
}

/**
 * The grid's cells (row-major, `r * (xs.length - 1) + c`) joined where the edge between two neighbours is not
 * ruled: less than `cover` of it covered by the lines standing on that boundary. `ys` may run up (a PDF's) or down
 * (a raster's).
 */
export function joinCells(
  xs: readonly number[],
  ys: readonly number[],
  vAt: readonly (readonly Span[])[],
  hAt: readonly (readonly Span[])[],
  cover: number,
): UnionFind {
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const uf = new UnionFind(nr * nc);
  for (let r = 0; r < nr; r++) {
    const [top, bottom] = [Math.min(ys[r], ys[r + 1]), Math.max(ys[r], ys[r + 1])];
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && covered(vAt[c + 1], top, bottom) < cover * (bottom - top)) uf.union(r * nc + c, r * nc + c + 1);
      if (r + 1 < nr && covered(hAt[r + 1], xs[c], xs[c + 1]) < cover * (xs[c + 1] - xs[c]))
        uf.union(r * nc + c, (r + 1) * nc + c);
    }
  }
  return uf;
}
