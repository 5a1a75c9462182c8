/**
 * The ruled tables of a scanned page, found in its pixels: Otsu threshold,
 * deskew by the long horizontal rules, then the ruling lines as long runs of
 * ink, merged, grouped into tables and cut into cells — the raster twin of
 * ../io/pdf-table.ts, which does the same with a PDF's drawn rules. A cell is
 * a rectangle bounded by rules; two neighbouring grid cells with no rule
 * between them are one (a rowspan label, a colspan header).
 *
 * Pure TypeScript on a luminance array: no DOM, so it runs in Node (CLI,
 * vitest) and in the browser's worker alike.
 */

import { cluster, joinCells, linesAt, UnionFind } from '../io/lattice';

/** A grayscale image: one byte of luminance per pixel (0 black … 255 white), row by row. */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A ruling line: horizontal (`pos` is its y, it runs from a0 to a1 in x) or vertical (pos x, a0…a1 in y). */
export interface Rule {
  pos: number;
  a0: number;
  a1: number;
  /** Its thickness in pixels. */
  thick: number;
}

export interface GridCell {
  /** First grid row and column it covers, and how many it spans. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Its inside, between the rules (pixels of the deskewed raster). */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface GridTable {
  /** Column and row boundaries (the rules' middles), ascending. */
  xs: number[];
  ys: number[];
  /** Every cell once, in reading order (by first row, then column). */
  cells: GridCell[];
  /** Index into `cells` of the cell covering each grid position, [row][col]. */
  at: number[][];
}

export interface PageGrid {
  /** The skew found, in degrees (the page was turned back by it). */
  angle: number;
  /** The raster the boxes refer to: the input, deskewed when it was skewed. */
  raster: Raster;
  /** Otsu's threshold: luminance at or below it is ink. */
  threshold: number;
  h: Rule[];
  v: Rule[];
  tables: GridTable[];
}

export interface GridOptions {
  /** A rule is a run of ink at least this long (pixels). Default: the shorter side / 40, within 20…80. */
  minRun?: number;
  /** Largest skew looked for, in degrees (default 3). */
  maxSkew?: number;
}

/** Otsu's threshold of a raster's histogram: the level that best splits ink from paper. */
export function otsu(r: Raster): number {
  const hist = new Float64Array(256);
  const d = r.data;
  // Every 2nd pixel of every 2nd row is plenty for a histogram.
  for (let y = 0; y < r.height; y += 2) for (let x = y * r.width, e = x + r.width; x < e; x += 2) hist[d[x]]++;
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += hist[i];
    sum += i * hist[i];
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let t = 127;
  for (let i = 0; i < 256; i++) {
    wB += hist[i];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * hist[i];
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      t = i;
    }
  }
  return t;
}

/** 1 where the pixel is ink. */
export function inkMask(r: Raster, threshold: number): Uint8Array {
  const m = new Uint8Array(r.data.length);
  for (let i = 0; i < m.length; i++) m[i] = r.data[i] <= threshold ? 1 : 0;
  return m;
}

/**
 * Where ruling lines may be, by local contrast rather than one threshold:
 * a pixel darker by `delta` than the page `k` pixels to both sides across the
 * line's direction (above and below for horizontal rules — `horizontal` — left
 * and right for vertical ones). A shaded header row or a photo's dim corner
 * is as dark as the whole threshold allows, and then is all "ink" and its
 * rules drown in it; across a rule, both sides are lighter than the rule, and
 * inside a shaded band no pixel is darker than the band k pixels away.
 */
export function contrastMask(r: Raster, horizontal: boolean, k: number, delta: number): Uint8Array {
  const { width: w, height: h, data } = r;
  const m = new Uint8Array(data.length);
  // (Near the image's edge the far side is the edge itself.)
  if (horizontal) {
    for (let y = 0; y < h; y++) {
      const up = (Math.max(0, y - k) - y) * w;
      const down = (Math.min(h - 1, y + k) - y) * w;
      for (let i = y * w, e = i + w; i < e; i++) {
        const v = data[i] + delta;
        if (v <= data[i + up] && v <= data[i + down]) m[i] = 1;
      }
    }
  } else {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const i = row + x;
        const v = data[i] + delta;
        if (v <= data[row + (x < k ? 0 : x - k)] && v <= data[row + (x + k >= w ? w - 1 : x + k)]) m[i] = 1;
      }
    }
  }
  return m;
}

/** Contrast (grey levels) a rule must have against the page on both sides. */
const RULE_CONTRAST = 32;

/**
 * Scanner specks removed: a pixel of ink with at most one inked neighbour
 * becomes paper (a copy is returned; the mask is updated). No stroke of a
 * character or rule is that thin in both directions; a lone speck in the
 * margin would otherwise make every row of the page look like text.
 */
export function despeckle(r: Raster, mask: Uint8Array): Raster {
  const { width: w, height: h } = r;
  const data = r.data.slice();
  const drop: number[] = [];
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    for (let x = 1; x < w - 1; x++) {
      const i = row + x;
      if (!mask[i]) continue;
      const n =
        mask[i - w - 1] +
        mask[i - w] +
        mask[i - w + 1] +
        mask[i - 1] +
        mask[i + 1] +
        mask[i + w - 1] +
        mask[i + w] +
        mask[i + w + 1];
      if (n <= 1) drop.push(i);
    }
  }
  for (const i of drop) {
    data[i] = 255;
    mask[i] = 0;
  }
  return { data, width: w, height: h };
}

/**
 * The page's skew in degrees (positive: lines fall to the right, in image
 * coordinates), from the long horizontal runs of ink: each run's middle is
 * projected at each candidate angle, and the angle whose projection piles
 * the runs into the fewest rows wins. Text pages without rules give few runs
 * and an answer near 0, which is what tesseract copes with anyway.
 */
export function estimateSkew(mask: Uint8Array, width: number, height: number, minRun: number, maxSkew = 3): number {
  // A rule tilted by θ breaks into runs of about thickness / tan θ: take shorter runs than for rules.
  const need = Math.max(12, Math.round(minRun / 2));
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  // The image's own edges are left out: a scan's dark border is square to the scanner, not to the page.
  for (let y = 2; y < height - 2; y += 2) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (!mask[row + x]) {
        x++;
        continue;
      }
      const s = x;
      while (x < width && mask[row + x]) x++;
      // A long run counts as pieces along its length: at the wrong angle its pieces spread over many rows.
      if (x - s >= need && s > 1 && x < width - 1)
        for (let p = s + need / 2; p < x; p += need) {
          xs.push(p);
          ys.push(y);
          ws.push(1);
        }
    }
  }
  if (xs.length < 8) return 0;
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    const bins = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round((ys[i] - xs[i] * t) / 2);
      bins.set(b, (bins.get(b) ?? 0) + ws[i]);
    }
    let s = 0;
    for (const v of bins.values()) s += v * v;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let a = -maxSkew; a <= maxSkew + 1e-9; a += 0.2) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  for (let a = best - 0.2; a <= best + 0.2 + 1e-9; a += 0.025) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  return Math.round(best * 1000) / 1000;
}

/** The raster turned by `deg` degrees about its centre (bilinear; paper outside). Turning by −skew straightens it. */
export function rotate(r: Raster, deg: number): Raster {
  const { width: w, height: h, data } = r;
  const out = new Uint8Array(w * h);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Source of (x, y): the inverse turn.
    let sx = cx - cx * cos + dy * sin;
    let sy = cy + cx * sin + dy * cos;
    for (let x = 0; x < w; x++, sx += cos, sy -= sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = data[i] + (data[i + 1] - data[i]) * fx;
      const bot = data[i + w] + (data[i + w + 1] - data[i + w]) * fx;
      out[y * w + x] = top + (bot - top) * fy;
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * Runs of ink at least `minRun` long along one axis (gaps of up to `bridge`
 * pixels of paper closed: scanner dropouts), stacked across the other axis
 * into rules. `horizontal`: scan rows; otherwise columns.
 */
function rulesAlong(
  mask: Uint8Array,
  width: number,
  height: number,
  horizontal: boolean,
  minRun: number,
  bridge: number,
  maxThick: number,
  /** Told the thickness of each stack left out as too thick (a filled band). */
  onThick?: (thick: number) => void,
): Rule[] {
  const lines = horizontal ? height : width;
  const len = horizontal ? width : height;
  const step = horizontal ? 1 : width;
  interface Open {
    a0: number;
    a1: number;
    first: number;
    last: number;
    sum: number;
    n: number;
  }
  let open: Open[] = [];
  const done: Rule[] = [];
  const close = (o: Open) => {
    const thick = o.last - o.first + 1;
    if (thick <= maxThick) done.push({ pos: o.sum / o.n, a0: o.a0, a1: o.a1, thick });
    else onThick?.(thick);
  };
  for (let l = 0; l < lines; l++) {
    const base = horizontal ? l * width : l;
    const runs: [number, number][] = [];
    let i = 0;
    while (i < len) {
      if (!mask[base + i * step]) {
        i++;
        continue;
      }
      const s = i;
      let e = i;
      // Extend while ink, or a short gap followed by ink.
      while (i < len) {
        if (mask[base + i * step]) {
          e = i;
          i++;
          continue;
        }
        let g = i;
        while (g < len && g - e <= bridge && !mask[base + g * step]) g++;
        if (g < len && g - e <= bridge && mask[base + g * step]) i = g;
        else break;
      }
      if (e - s + 1 >= minRun) runs.push([s, e]);
      i = e + 1;
    }
    const next: Open[] = [];
    const used = new Set<Open>();
    for (const [s, e] of runs) {
      // The open rule this run continues: overlapping most of the shorter of the two.
      let hit: Open | undefined;
      for (const o of open) {
        if (used.has(o)) continue;
        const ov = Math.min(e, o.a1) - Math.max(s, o.a0);
        if (ov > 0.5 * Math.min(e - s, o.a1 - o.a0)) {
          hit = o;
          break;
        }
      }
      if (hit) {
        used.add(hit);
        hit.a0 = Math.min(hit.a0, s);
        hit.a1 = Math.max(hit.a1, e);
        hit.last = l;
        hit.sum += l;
        hit.n++;
        next.push(hit);
      } else next.push({ a0: s, a1: e, first: l, last: l, sum: l, n: 1 });
    }
    for (const o of open) if (!used.has(o)) close(o);
    open = next;
  }
  for (const o of open) close(o);
  return done;
}

/** Each rule's pixels painted as paper (in place), a pixel beyond its thickness on either side. */
function eraseRules(r: Raster, h: readonly Rule[], v: readonly Rule[]): Raster {
  const { width: w, height: ht, data } = r;
  for (const s of h) {
    const y0 = Math.max(0, Math.floor(s.pos - s.thick / 2 - 1));
    const y1 = Math.min(ht - 1, Math.ceil(s.pos + s.thick / 2 + 1));
    for (let y = y0; y <= y1; y++) data.fill(255, y * w + Math.max(0, s.a0 - 1), y * w + Math.min(w, s.a1 + 2));
  }
  for (const s of v) {
    const x0 = Math.max(0, Math.floor(s.pos - s.thick / 2 - 1));
    const x1 = Math.min(w - 1, Math.ceil(s.pos + s.thick / 2 + 1));
    for (let y = Math.max(0, s.a0 - 1); y <= Math.min(ht - 1, s.a1 + 1); y++)
      data.fill(255, y * w + x0, y * w + x1 + 1);
  }
  return r;
}

/** Rules at nearly the same position whose extents overlap or nearly touch are one rule (double rules, pieces). */
export function mergeRules(rules: readonly Rule[], samePos: number, gap: number): Rule[] {
  const out: Rule[] = [];
  for (const r of [...rules].sort((p, q) => p.a0 - q.a0)) {
    const m = out.find((o) => Math.abs(o.pos - r.pos) <= samePos && r.a0 <= o.a1 + gap && r.a1 >= o.a0 - gap);
    if (!m) {
      out.push({ ...r });
      continue;
    }
    const wm = m.a1 - m.a0;
    const wr = r.a1 - r.a0;
    m.pos = (m.pos * wm + r.pos * wr) / (wm + wr || 1);
    m.a0 = Math.min(m.a0, r.a0);
    m.a1 = Math.max(m.a1, r.a1);
    m.thick = Math.max(m.thick, r.thick);
  }
  return out.sort((p, q) => p.pos - q.pos || p.a0 - q.a0);
}

/** One table from a connected group of rules, or null when it is a frame, a lone rule or an underline. */
function buildTable(h: readonly Rule[], v: readonly Rule[], tol: number): GridTable | null {
  if (h.length < 1 || v.length < 2) return null;
  let xs = cluster(
    v.map((s) => s.pos),
    tol,
  );
  let ys = cluster(
    h.map((s) => s.pos),
    tol,
  );
  // A table cut by a page break: the row running over the break has no rule
  // on that side, only the vertical rules reaching past the last horizontal one.
  const top = Math.min(...v.map((s) => s.a0));
  const bottom = Math.max(...v.map((s) => s.a1));
  if (ys[0] - top > 2 * tol) ys = [top, ...ys];
  if (bottom - ys[ys.length - 1] > 2 * tol) ys = [...ys, bottom];
  // A table drawn without outer side borders: the horizontal rules' ends are its edges.
  const left = Math.min(...h.map((s) => s.a0));
  const right = Math.max(...h.map((s) => s.a1));
  if (xs[0] - left > 2 * tol) xs = [left, ...xs];
  if (right - xs[xs.length - 1] > 2 * tol) xs = [...xs, right];
  if (xs.length < 2 || ys.length < 2) return null;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const vAt = linesAt(xs, v, tol);
  const hAt = linesAt(ys, h, tol);
  // No rule along most of the edge between (r, c) and its right or lower neighbour: one cell.
  const uf = joinCells(xs, ys, vAt, hAt, 0.5);
  const half = (rules: Rule[][], i: number) => Math.ceil(Math.max(1, ...rules[i].map((s) => s.thick)) / 2) + 1;
  const byRoot = new Map<number, GridCell>();
  const order: number[] = [];
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const root = uf.find(r * nc + c);
      const cell = byRoot.get(root);
      if (!cell) {
        byRoot.set(root, { row: r, col: c, rowSpan: 1, colSpan: 1, x: 0, y: 0, w: 0, h: 0 });
        order.push(root);
        continue;
      }
      cell.rowSpan = Math.max(cell.rowSpan, r - cell.row + 1);
      if (c < cell.col) {
        cell.colSpan += cell.col - c;
        cell.col = c;
      }
      cell.colSpan = Math.max(cell.colSpan, c - cell.col + 1);
    }
  }
  const cells: GridCell[] = [];
  for (const root of order) {
    const c = byRoot.get(root)!;
    const x0 = Math.round(xs[c.col] + half(vAt, c.col));
    const x1 = Math.round(xs[c.col + c.colSpan] - half(vAt, c.col + c.colSpan));
    const y0 = Math.round(ys[c.row] + half(hAt, c.row));
    const y1 = Math.round(ys[c.row + c.rowSpan] - half(hAt, c.row + c.rowSpan));
    Object.assign(c, { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) });
    cells.push(c);
  }
  cells.sort((p, q) => p.row - q.row || p.col - q.col);
  // A box around a heading or a note is a frame, not a table: its text is read as text.
  if (cells.length < 2) return null;
  const pos = new Map(cells.map((c, i) => [c, i]));
  const at = Array.from({ length: nr }, (_, r) =>
    Array.from({ length: nc }, (_, c) => pos.get(byRoot.get(uf.find(r * nc + c))!)!),
  );
  return { xs, ys, cells, at };
}

/**
 * The widest column of a table. Every real table has one at least a
 * centimetre wide (its labels); a lattice of a bold character's strokes
 * (口, 目, the 日 of a big title) has none.
 */
const widestColumn = (t: GridTable) => Math.max(...t.xs.slice(1).map((x, i) => x - t.xs[i]));

/**
 * The tables of a page raster. A group of touching rules is a table when it
 * has at least two horizontal and two vertical boundaries (an underline or a
 * box around a heading is not).
 */
export function findGrid(input: Raster, opts: GridOptions = {}): PageGrid {
  const minRun = opts.minRun ?? Math.min(80, Math.max(20, Math.round(Math.min(input.width, input.height) / 40)));
  let threshold = otsu(input);
  let mask = inkMask(input, threshold);
  let raster = despeckle(input, mask);
  const angle = estimateSkew(mask, raster.width, raster.height, minRun, opts.maxSkew ?? 3);
  if (Math.abs(angle) >= 0.1) {
    // A scan's dark edges are square to the scanner: off with them before the
    // page is turned, when they are still straight lines (turned, they would
    // be slanted strokes read as 一 and |).
    const { width: w, height: ht } = raster;
    const nearEdge = (pos: number, size: number) => pos < 0.03 * size || pos > 0.97 * size;
    const edgeH = rulesAlong(mask, w, ht, true, 4 * minRun, 2, 4 * minRun).filter((s) => nearEdge(s.pos, ht));
    const edgeV = rulesAlong(mask, w, ht, false, 4 * minRun, 2, 4 * minRun).filter((s) => nearEdge(s.pos, w));
    eraseRules(raster, edgeH, edgeV);
    raster = rotate(raster, -angle);
    threshold = otsu(raster);
    mask = inkMask(raster, threshold);
  }
  const { width, height } = raster;
  // Rules are thin: a thicker stack of long runs is a filled bar or a shaded header, not a line.
  const maxThick = Math.max(4, Math.round(minRun / 4));
  const tol = Math.max(4, Math.round(minRun / 5));
  // The rules of the ink; where the ink has a filled band as tall as a table
  // row (a shaded header: the threshold takes it all for ink, and the rules
  // along it drown in it), also those that only local contrast shows.
  const k = Math.ceil(maxThick / 2) + 2;
  const along = (horizontal: boolean) => {
    let band = 0;
    const rules = rulesAlong(mask, width, height, horizontal, minRun, 2, maxThick, (t) => (band = Math.max(band, t)));
    if (band >= 2 * minRun) {
      const shown = contrastMask(raster, horizontal, k, RULE_CONTRAST);
      rules.push(...rulesAlong(shown, width, height, horizontal, minRun, 2, maxThick));
    }
    return mergeRules(rules, tol, tol);
  };
  const h = along(true);
  const v = along(false);
  // Connected groups: a horizontal and a vertical rule that touch belong to one table.
  const uf = new UnionFind(h.length + v.length);
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      if (
        v[j].pos >= h[i].a0 - tol &&
        v[j].pos <= h[i].a1 + tol &&
        h[i].pos >= v[j].a0 - tol &&
        h[i].pos <= v[j].a1 + tol
      )
        uf.union(i, h.length + j);
    }
  }
  const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
  const get = (root: number) => groups.get(root) ?? groups.set(root, { h: [], v: [] }).get(root)!;
  h.forEach((s, i) => get(uf.find(i)).h.push(s));
  v.forEach((s, j) => get(uf.find(h.length + j)).v.push(s));
  const tables: GridTable[] = [];
  const erase: { h: Rule[]; v: Rule[] } = { h: [], v: [] };
  for (const g of groups.values()) {
    const t = buildTable(g.h, g.v, tol);
    if (t && widestColumn(t) >= 2 * minRun) {
      tables.push(t);
      erase.h.push(...g.h);
      erase.v.push(...g.v);
    } else {
      // Long lines outside tables (separators, a scan's dark edge) go too; a big
      // title's stroke (一) can pass for a short rule and stays.
      erase.h.push(...g.h.filter((s) => s.a1 - s.a0 >= 4 * minRun));
      erase.v.push(...g.v.filter((s) => s.a1 - s.a0 >= 4 * minRun));
    }
  }
  tables.sort((a, b) => a.ys[0] - b.ys[0] || a.xs[0] - b.xs[0]);
  // Take the rules off the page (the raster is our own copy): text beside them is
  // then read as text, and a crop at a cell's edge holds no piece of a line.
  eraseRules(raster, erase.h, erase.v);
  return { angle, raster, threshold, h, v, tables };
}
