/**
 * Blank cells of PDF tables, recovered from the ruling lines.
 *
 * Text extraction cannot show an empty cell: "821 35 2 1 859" could be any
 * five of seven columns. The table's ruling lines can: every thin filled
 * rectangle or straight stroked segment of the page (pdfjs getOperatorList,
 * constructPath) is a rule; the rules cut the page into cells; an empty cell
 * in a row of numbers, or in a row whose numbers are all blank, gets a blank
 * marker item, which the parser reads as a blank (null), never as 0.
 */
import { BLANK_MARK, type PdfItem } from './pdf-layout';

export interface OperatorListLike { fnArray: ArrayLike<number>; argsArray: unknown[] }
export type OpsTable = Record<string, number>;

interface VRule { x: number; y0: number; y1: number }
interface HRule { y: number; x0: number; x1: number }
export interface Rules { v: VRule[]; h: HRule[] }

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** m applied first, then n. */
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** A rule is at most this thick, in PDF units (1/72 in). */
const THIN = 2.5;
/** …and at least this long. */
const LONG = 4;

export function rulesFromOperators(ops: OperatorListLike, OPS: OpsTable): Rules {
  const v: VRule[] = [];
  const h: HRule[] = [];
  const filled = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke].filter((x) => x !== undefined));
  const stroked = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke].filter((x) => x !== undefined));
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];

  const addBox = (x0: number, y0: number, x1: number, y1: number) => {
    const w = Math.abs(x1 - x0);
    const ht = Math.abs(y1 - y0);
    if (w <= THIN && ht >= LONG) v.push({ x: (x0 + x1) / 2, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
    else if (ht <= THIN && w >= LONG) h.push({ y: (y0 + y1) / 2, x0: Math.min(x0, x1), x1: Math.max(x0, x1) });
  };

  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) { stack.push(ctm); continue; }
    if (fn === OPS.restore) { ctm = stack.pop() ?? IDENTITY; continue; }
    if (fn === OPS.transform) { ctm = mul(args as unknown as Matrix, ctm); continue; }
    if (fn !== OPS.constructPath) continue;
    const paint = args[0] as number;
    const isFill = filled.has(paint);
    const isStroke = stroked.has(paint);
    if (!isFill && !isStroke) continue; // clipping paths and invisible paths
    const raw = args[1] as ArrayLike<number> | ArrayLike<number>[];
    const path: ArrayLike<number> = (raw as ArrayLike<number>[])[0] && typeof (raw as ArrayLike<number>[])[0] !== 'number' ? (raw as ArrayLike<number>[])[0] : (raw as ArrayLike<number>);
    // Walk the path: subpaths of straight segments (curves end a subpath: not a rule).
    let pts: [number, number][] = [];
    const flush = () => {
      if (pts.length >= 2) {
        if (isFill) {
          const xs = pts.map((p) => p[0]);
          const ys = pts.map((p) => p[1]);
          addBox(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
        }
        if (isStroke) {
          for (let k = 1; k < pts.length; k++) {
            const [ax, ay] = pts[k - 1];
            const [bx, by] = pts[k];
            if (Math.abs(ax - bx) < 0.5) addBox(ax, ay, bx, by);
            else if (Math.abs(ay - by) < 0.5) addBox(ax, ay, bx, by);
          }
        }
      }
      pts = [];
    };
    for (let k = 0; k < path.length;) {
      const op = path[k];
      if (op === 0) { flush(); pts.push(apply(ctm, path[k + 1], path[k + 2])); k += 3; }
      else if (op === 1) { pts.push(apply(ctm, path[k + 1], path[k + 2])); k += 3; }
      else if (op === 2) { flush(); k += 7; }
      else if (op === 3) { flush(); k += 5; }
      else if (op === 4) { if (pts.length) pts.push(pts[0]); k += 1; }
      else break; // unknown encoding: stop rather than misread
    }
    flush();
  }
  return { v, h };
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元)?$/;

interface Cellish { left: number; right: number; top: number; bottom: number }

/** The ruled cell around a point, or null outside any table. */
function cellAt(r: Rules, x: number, y: number): Cellish | null {
  let left = -Infinity, right = Infinity, top = Infinity, bottom = -Infinity;
  for (const v of r.v) {
    if (y < v.y0 - 0.5 || y > v.y1 + 0.5) continue;
    if (v.x <= x && v.x > left) left = v.x;
    if (v.x >= x && v.x < right) right = v.x;
  }
  for (const h of r.h) {
    if (x < h.x0 - 0.5 || x > h.x1 + 0.5) continue;
    if (h.y >= y && h.y < top) top = h.y;
    if (h.y <= y && h.y > bottom) bottom = h.y;
  }
  return Number.isFinite(left + right + top + bottom) ? { left, right, top, bottom } : null;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1;

/**
 * Blank markers for the empty cells of ruled tables. A table row is a band
 * between two horizontal rules that cross its number columns (columns where
 * some row prints a number). In a data row — a label on the left, nothing
 * but numbers in the number columns — every empty number cell gets a marker.
 * Header rows (words in the number columns) and prose outside the rules get
 * none, so nothing is invented where the layout is not a ruled table.
 */
export function blankMarkers(items: readonly PdfItem[], rules: Rules): PdfItem[] {
  if (rules.v.length < 2 || rules.h.length < 2) return [];
  const visible = items
    .filter((i) => i.str.trim() !== '' && i.height > 0)
    .map((it) => ({ it, cx: it.x + it.width / 2, cy: it.y + it.height * 0.35, num: NUMBER.test(it.str.trim()) }));

  // Number columns: the ruled cells around printed numbers, as x-intervals.
  const cols: Cellish[] = [];
  for (const v of visible) {
    if (!v.num) continue;
    const cell = cellAt(rules, v.cx, v.cy);
    if (cell && !cols.some((c) => near(c.left, cell.left) && near(c.right, cell.right))) cols.push(cell);
  }
  if (cols.length === 0) return [];

  // Row boundaries: horizontal rules crossing a number column.
  const ys = [...new Set(rules.h.filter((h) => cols.some((c) => h.x0 <= (c.left + c.right) / 2 && h.x1 >= (c.left + c.right) / 2)).map((h) => +h.y.toFixed(1)))].sort((a, b) => b - a);

  const markers: PdfItem[] = [];
  for (let r = 0; r + 1 < ys.length; r++) {
    const top = ys[r];
    const bottom = ys[r + 1];
    if (top - bottom < 4) continue; // a double rule, not a row
    const mid = (top + bottom) / 2;
    // This band's columns, from the vertical rules that cross it.
    const xs = [...new Set(rules.v.filter((v) => v.y0 <= mid && v.y1 >= mid).map((v) => +v.x.toFixed(1)))].sort((a, b) => a - b);
    const bandCols = xs.slice(0, -1).map((l, i) => ({ left: l, right: xs[i + 1] }));
    const numIdx = bandCols.flatMap((c, i) => (cols.some((n) => near(n.left, c.left) && near(n.right, c.right)) ? [i] : []));
    if (numIdx.length === 0) continue;
    const first = numIdx[0];
    const last = numIdx[numIdx.length - 1];
    const inBand = visible.filter((v) => v.cy < top && v.cy > bottom);
    const inCol = (c: { left: number; right: number }) => inBand.filter((v) => v.cx > c.left && v.cx < c.right);
    const numberCols = bandCols.slice(first, last + 1);
    // Words inside the number columns: a header row.
    if (numberCols.some((c) => inCol(c).some((v) => !v.num))) continue;
    const hasLabel = inBand.some((v) => !v.num && v.cx < bandCols[first].left);
    const nums = inBand.filter((v) => v.num);
    if (!hasLabel && nums.length === 0) continue;
    const size = nums.length ? median(nums.map((v) => v.it.height)) : median(inBand.map((v) => v.it.height));
    const baseline = nums.length ? median(nums.map((v) => v.it.y)) : mid - size * 0.35;
    // A row that prints numbers: every empty cell from the first number column on,
    // right of its label, is a blank of that row (a whole blank group at the end
    // included). A row with no numbers: only the columns where other rows print numbers.
    const labelRight = Math.max(-Infinity, ...inBand.filter((v) => !v.num).map((v) => v.cx));
    const targets = nums.length ? bandCols.slice(first).filter((c) => c.left > labelRight) : numberCols;
    for (const c of targets) {
      if (inCol(c).length) continue;
      if (c.right - c.left < 3) continue; // two rules drawn close together (a double line), not a cell
      markers.push({ str: BLANK_MARK, x: (c.left + c.right) / 2 - size / 4, y: baseline, width: size / 2, height: size });
    }
  }
  return markers;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 10;
}
