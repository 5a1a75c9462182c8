/**
 * Ruled PDF tables read by their geometry (lattice), the way Tabula, camelot
 * and pdfplumber read them: the ruling lines cut the table into cells, every
 * text item goes into the cell that contains it, and a cell's text is joined
 * in reading order — a label wrapped at any character becomes one label, a
 * number broken over lines in a narrow cell ("6" over "4") becomes one number
 * ("64"), and a blank cell stays blank. Text order never decides which cell
 * a word belongs to; only its position does.
 *
 * Merged cells: two neighbouring grid cells with no ruling line between them
 * are one cell (a rowspan label, a colspan header). Each cell is listed once,
 * in the grid row where it starts, as a web page's <td> is.
 *
 * A table cut by a page break: the rows that run on over the break have no
 * ruling line on that edge (`openTop` / `openBottom`), which is how the
 * document reader knows to join the two halves of the row.
 */
import type { Rules } from './pdf-grid';
import { groupLines, isVisible, lineText, type PdfItem } from './pdf-layout';
import { LimitError, PDF_MAX_GRID_CELLS } from '../../limits/files';
import { cluster, joinCells, linesAt, UnionFind } from './lattice';

export interface GridCell {
  text: string;
  /** First grid row and column the cell covers, and how many it spans. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Its edges. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface LatticeTable {
  /** Column boundaries left to right, row boundaries top first (PDF units, y grows upwards). */
  xs: number[];
  ys: number[];
  /** The first (last) grid row has no ruling line above (below) it: the row runs on over a page break. */
  openTop: boolean;
  openBottom: boolean;
  /** The cells starting in each grid row, left to right. */
  rows: GridCell[][];
  /** The cell covering each grid position, [row][col]. */
  at: GridCell[][];
  /**
   * Where the first column that holds a number starts (undefined when no cell
   * of this piece of the table holds one). A cell left of it is in the label
   * area: empty, it is a sub-label column a row does not use, or the rest of a
   * label cut by a page break — never a blank data cell.
   */
  dataLeft?: number;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元)?$/;

/** Rules this close in position are one line (double rules, anti-aliasing seams); no cell is narrower. */
const SAME_POS = 3;
/** Collinear pieces of a line this close end to end are one line (per-cell border segments). */
const GAP = 2.5;
/** A horizontal and a vertical rule this close touch. */
const TOUCH = 2.5;
/** A cell edge is ruled when rules cover this share of it. */
const COVER = 0.5;

interface Seg {
  pos: number;
  a0: number;
  a1: number;
}

/** Pieces of one line (same position, overlapping or nearly touching) merged into one segment. */
function mergeSegments(segs: readonly Seg[]): Seg[] {
  const byPos = [...segs].sort((a, b) => a.pos - b.pos);
  const out: Seg[] = [];
  let i = 0;
  while (i < byPos.length) {
    let j = i + 1;
    while (j < byPos.length && byPos[j].pos - byPos[j - 1].pos <= 0.3) j++;
    const group = byPos.slice(i, j).sort((a, b) => a.a0 - b.a0);
    const pos = group.reduce((a, g) => a + g.pos, 0) / group.length;
    let cur: Seg = { pos, a0: group[0].a0, a1: group[0].a1 };
    for (const g of group.slice(1)) {
      if (g.a0 <= cur.a1 + GAP) cur.a1 = Math.max(cur.a1, g.a1);
      else {
        out.push(cur);
        cur = { pos, a0: g.a0, a1: g.a1 };
      }
    }
    out.push(cur);
    i = j;
  }
  return out;
}

/** Connected groups of rules: horizontal and vertical rules that touch belong to one table. */
function ruleGroups(h: readonly Seg[], v: readonly Seg[]): { h: Seg[]; v: Seg[] }[] {
  const uf = new UnionFind(h.length + v.length);
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      if (
        v[j].pos >= h[i].a0 - TOUCH &&
        v[j].pos <= h[i].a1 + TOUCH &&
        h[i].pos >= v[j].a0 - TOUCH &&
        h[i].pos <= v[j].a1 + TOUCH
      )
        uf.union(i, h.length + j);
    }
  }
  // A row cut off on both sides by page breaks has no horizontal rule at all:
  // vertical rules spanning the same height are one table too.
  for (let a = 0; a < v.length; a++) {
    for (let b = a + 1; b < v.length; b++) {
      if (Math.abs(v[a].a0 - v[b].a0) <= TOUCH && Math.abs(v[a].a1 - v[b].a1) <= TOUCH)
        uf.union(h.length + a, h.length + b);
    }
  }
  const groups = new Map<number, { h: Seg[]; v: Seg[] }>();
  const get = (root: number) => groups.get(root) ?? groups.set(root, { h: [], v: [] }).get(root)!;
  h.forEach((s, i) => get(uf.find(i)).h.push(s));
  v.forEach((s, j) => get(uf.find(h.length + j)).v.push(s));
  return [...groups.values()];
}

/** Index of the interval [bounds[i], bounds[i+1]] (ascending bounds) containing v, clamped. */
function intervalOf(bounds: readonly number[], v: number): number {
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Weight of a character's advance: CJK and full-width forms take a whole em, the rest half. */
const advance = (c: string) => (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(c) ? 2 : 1);

/**
 * An item that a producer drew across several cells ("0 0 0" as one string,
 * as some write a whole table line at once) is cut into its words, each
 * placed where its characters fall. A single word that overflows its cell
 * stays whole: it belongs to the cell around its middle.
 */
function splitAcross(it: PdfItem, xs: readonly number[]): PdfItem[] {
  if (!/\S\s+\S/.test(it.str)) return [it];
  const inner = xs.slice(1, -1).some((x) => x > it.x + it.height * 0.25 && x < it.x + it.width - it.height * 0.25);
  if (!inner) return [it];
  const chars = [...it.str];
  const total = chars.reduce((a, c) => a + advance(c), 0) || 1;
  const unit = it.width / total;
  const out: PdfItem[] = [];
  let x = it.x;
  let word = '';
  let start = x;
  for (const c of chars) {
    if (/\s/.test(c)) {
      if (word) out.push({ ...it, str: word, x: start, width: x - start });
      word = '';
    } else {
      if (!word) start = x;
      word += c;
    }
    x += advance(c) * unit;
  }
  if (word) out.push({ ...it, str: word, x: start, width: x - start });
  return out;
}

/**
 * A cell's text: its items as lines, top to bottom, joined without a space —
 * Chinese and numbers wrap at any character — except between two Latin
 * letters, where a wrap was a space.
 */
function cellText(items: readonly PdfItem[]): string {
  let out = '';
  for (const line of groupLines(items)) {
    const t = lineText(line.items)
      .replace(/[\t\n\r]+/g, ' ')
      .trim();
    if (!t) continue;
    out += out && /[A-Za-z]$/.test(out) && /^[A-Za-z]/.test(t) ? ` ${t}` : t;
  }
  return out;
}

/**
 * Where an item stands for placing it: a third of the way up its glyphs, and
 * the middle of its width — except for words that run over their cell's
 * right edge (a narrow label column whose `（一）` cannot be broken spills
 * into the number cell next to it): text is written from the left, so such a
 * word belongs to the cell where it starts. A number is centred in its cell.
 */
const anchorOf = (it: PdfItem, xs?: readonly number[]) => {
  const y = it.y + it.height * 0.35;
  const mid = it.x + it.width / 2;
  if (!xs || NUMBER.test(it.str.trim())) return { x: mid, y };
  const start = it.x + Math.min(it.width / 2, it.height * 0.25);
  return { x: xs.some((x) => x > start && x < mid) ? start : mid, y };
};

/**
 * The ruled tables of a page and the items outside them. A group of rules
 * is a table when it has at least two vertical and (unless the whole page is
 * one row running over two page breaks) two horizontal boundaries.
 */
export function latticeTables(items: readonly PdfItem[], rules: Rules): { tables: LatticeTable[]; rest: PdfItem[] } {
  const h = mergeSegments(rules.h.map((r) => ({ pos: r.y, a0: r.x0, a1: r.x1 })));
  const v = mergeSegments(rules.v.map((r) => ({ pos: r.x, a0: r.y0, a1: r.y1 })));
  let rest = items.filter(isVisible);
  const tables: LatticeTable[] = [];
  for (const g of ruleGroups(h, v)) {
    const built = buildGrid(g.h, g.v);
    if (!built) continue;
    const { xs, ys } = built;
    const inside: PdfItem[] = [];
    const outside: PdfItem[] = [];
    for (const it of rest) {
      const a = anchorOf(it);
      (a.x > xs[0] && a.x < xs[xs.length - 1] && a.y < ys[0] && a.y > ys[ys.length - 1] ? inside : outside).push(it);
    }
    if (inside.length === 0 && built.ys.length < 3) continue; // a frame or a rule, not a table
    rest = outside;
    tables.push(
      fill(
        built,
        inside.flatMap((it) => splitAcross(it, xs)),
      ),
    );
  }
  return { tables, rest };
}

interface Built {
  xs: number[];
  /** Top first. */
  ys: number[];
  openTop: boolean;
  openBottom: boolean;
  /** cellOf[r][c]: the union-find root of grid position (r, c). */
  cellOf: number[][];
}

function buildGrid(h: readonly Seg[], v: readonly Seg[]): Built | null {
  let xs = cluster(
    v.map((s) => s.pos),
    SAME_POS,
  );
  // Rows may be thin: what is left of a row cut by a page break can be a sliver of padding.
  let ys = cluster(
    h.map((s) => s.pos),
    0.4,
  ).reverse();
  if (xs.length < 2) return null;
  // Outer edges the rules reach without a ruling line along them: a row cut by
  // a page break (open top/bottom) or a table drawn without outer side borders.
  const top = Math.max(...v.map((s) => s.a1));
  const bottom = Math.min(...v.map((s) => s.a0));
  // (A rule drawn as a filled box overlaps its crossing rules by half its width: under a point.)
  const openTop = ys.length === 0 || top - ys[0] > 1;
  const openBottom = ys.length === 0 || ys[ys.length - 1] - bottom > 1;
  if (openTop) ys = [top, ...ys];
  if (openBottom) ys = [...ys, bottom];
  if (h.length) {
    const left = Math.min(...h.map((s) => s.a0));
    const right = Math.max(...h.map((s) => s.a1));
    if (xs[0] - left > SAME_POS) xs = [left, ...xs];
    if (right - xs[xs.length - 1] > SAME_POS) xs = [...xs, right];
  }
  if (ys.length < 2) return null;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  // Every grid cell is looked at for merges: a grid this large is no report's table.
  if (nr * nc > PDF_MAX_GRID_CELLS)
    throw new LimitError(`的一个表格有 ${nr} × ${nc} 个网格单元，超过上限 ${PDF_MAX_GRID_CELLS} 个`);
  // Rules by the boundary they stand on; no rule between (r, c) and its right or lower neighbour: one cell.
  const uf = joinCells(xs, ys, linesAt(xs, v, SAME_POS), linesAt(ys, h, SAME_POS), COVER);
  const cellOf = Array.from({ length: nr }, (_, r) => Array.from({ length: nc }, (_, c) => uf.find(r * nc + c)));
  return { xs, ys, openTop, openBottom, cellOf };
}

function fill(b: Built, items: readonly PdfItem[]): LatticeTable {
  const { xs, ys, cellOf } = b;
  const asc = [...ys].reverse();
  const nr = ys.length - 1;
  const byRoot = new Map<number, { cell: GridCell; items: PdfItem[] }>();
  cellOf.forEach((row, r) =>
    row.forEach((root, c) => {
      const e = byRoot.get(root);
      if (!e)
        byRoot.set(root, {
          cell: { text: '', row: r, col: c, rowSpan: 1, colSpan: 1, left: 0, right: 0, top: 0, bottom: 0 },
          items: [],
        });
      else {
        const cell = e.cell;
        cell.rowSpan = Math.max(cell.rowSpan, r - cell.row + 1);
        if (c < cell.col) {
          cell.colSpan += cell.col - c;
          cell.col = c;
        }
        cell.colSpan = Math.max(cell.colSpan, c - cell.col + 1);
      }
    }),
  );
  for (const it of items) {
    const a = anchorOf(it, xs);
    const c = intervalOf(xs, a.x);
    const r = nr - 1 - intervalOf(asc, a.y);
    byRoot.get(cellOf[r][c])!.items.push(it);
  }
  const rows: GridCell[][] = Array.from({ length: nr }, () => []);
  let dataLeft: number | undefined;
  for (const { cell, items: its } of byRoot.values()) {
    cell.text = cellText(its);
    cell.left = xs[cell.col];
    cell.right = xs[cell.col + cell.colSpan];
    cell.top = ys[cell.row];
    cell.bottom = ys[cell.row + cell.rowSpan];
    if (NUMBER.test(cell.text)) dataLeft = Math.min(dataLeft ?? Infinity, cell.left);
    rows[cell.row].push(cell);
  }
  for (const row of rows) row.sort((p, q) => p.col - q.col);
  const at = cellOf.map((row) => row.map((root) => byRoot.get(root)!.cell));
  return { xs, ys, openTop: b.openTop, openBottom: b.openBottom, rows, at, dataLeft };
}
