/**
 * Tables printed without ruling lines (stream tables): their number columns
 * are found from where the numbers stand, not from the order their text
 * comes out in. Lines that print numbers in the same columns form a table;
 * the fullest line sets its columns; a line between two full lines with a
 * number missing from a column gets a blank marker there — a blank cell, which the
 * parser reads as blank (null), never as 0, and which keeps every other
 * number in its own column.
 */
import { BLANK_MARK, groupLines, type PdfItem, type TextLine } from './pdf-layout';

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元)?$/;

interface Num {
  x: number;
  width: number;
}
interface Region {
  cols: number[];
  lines: { line: TextLine; nums: Num[] }[];
  size: number;
}

/** The numbers printed on a line, each with its position (an item of several words is cut into them). */
function numbersOf(line: TextLine): Num[] {
  const out: Num[] = [];
  for (const it of line.items) {
    const words = [...it.str.matchAll(/\S+/g)];
    if (words.length === 1 && NUMBER.test(words[0][0])) {
      out.push({ x: it.x, width: it.width });
      continue;
    }
    const unit = it.width / Math.max(1, it.str.length);
    for (const w of words) if (NUMBER.test(w[0])) out.push({ x: it.x + w.index! * unit, width: w[0].length * unit });
  }
  return out;
}

const centre = (n: Num) => n.x + n.width / 2;

/** Each number's column (index into `cols`), or null if one does not fall in a column or two share one. */
function columnsOf(nums: readonly Num[], cols: readonly number[], tol: number): number[] | null {
  const idx = nums.map((n) => {
    let best = -1;
    let d = tol;
    cols.forEach((c, i) => {
      const e = Math.abs(c - centre(n));
      if (e <= d) {
        best = i;
        d = e;
      }
    });
    return best;
  });
  return idx.every((i) => i >= 0) && new Set(idx).size === idx.length ? idx : null;
}

/** Blank markers for the empty cells of the page's stream tables. */
export function streamBlanks(items: readonly PdfItem[]): PdfItem[] {
  const lines = groupLines(items);
  const regions: Region[] = [];
  let cur: Region | null = null;
  let lastBottom = Infinity;
  for (const line of lines) {
    const nums = numbersOf(line);
    if (nums.length < 1) continue;
    const size = line.top - line.bottom;
    // A table's lines stand close together; a long gap (a heading, a paragraph) ends it.
    if (cur && lastBottom - line.top > 6 * size) cur = null;
    lastBottom = line.bottom;
    const centres = nums.map(centre);
    if (cur) {
      const tol = tolerance(cur.cols, size);
      if (columnsOf(nums, cur.cols, tol)) {
        cur.lines.push({ line, nums });
        continue;
      }
      // A fuller line whose numbers cover every column so far: its columns are the table's.
      if (
        nums.length > cur.cols.length &&
        cur.lines.every((l) => columnsOf(l.nums, centres, tolerance(centres, size)))
      ) {
        cur.cols = centres;
        cur.lines.push({ line, nums });
        continue;
      }
    }
    if (nums.length < 2) {
      cur = null;
      continue;
    }
    cur = { cols: centres, lines: [{ line, nums }], size };
    regions.push(cur);
  }
  const markers: PdfItem[] = [];
  for (const r of regions) {
    if (r.lines.length < 3 || r.cols.length < 2) continue;
    const tol = tolerance(r.cols, r.size);
    // Only between the first and the last full line: above the first, the lines may
    // belong to another table whose columns happen to fall under these.
    const full = r.lines.filter((l) => l.nums.length === r.cols.length);
    if (full.length < 2) continue;
    const top = full[0].line.top;
    const bottom = full[full.length - 1].line.bottom;
    for (const { line, nums } of r.lines) {
      if (nums.length === r.cols.length || line.top > top || line.bottom < bottom) continue;
      const used = new Set(columnsOf(nums, r.cols, tol));
      const base = line.items.find((it) => NUMBER.test(it.str.trim()))?.y ?? line.bottom;
      const h = line.top - line.bottom;
      r.cols.forEach((c, i) => {
        if (!used.has(i)) markers.push({ str: BLANK_MARK, x: c - h / 4, y: base, width: h / 2, height: h });
      });
    }
  }
  return markers;
}

/** How far a number's middle may stand from its column's: under half the closest spacing of two columns. */
function tolerance(cols: readonly number[], size: number): number {
  const s = [...cols].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < s.length; i++) gap = Math.min(gap, s[i] - s[i - 1]);
  return Math.max(size * 0.6, Math.min(gap * 0.45, size * 3));
}
