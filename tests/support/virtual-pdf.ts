/**
 * Reports typeset as PDF pages would carry them — positioned text items and
 * ruling lines, page by page — for testing the geometry reader on layouts no
 * producer we have prints: any column widths (labels and numbers wrapping at
 * any character), any page size, rows cut by page breaks (no rule along the
 * cut, as Chromium prints them) or moved whole to the next page (as Word
 * does), headers repeated or not, rules drawn per cell or as long lines, text
 * emitted glyph by glyph, run by run, or as whole lines with spaces between
 * cells (as some producers write a table row in one string).
 *
 * The tables are built from a record's values in the official layout (the
 * same rows, spans and header words as scripts/fixtures renders into HTML),
 * laid out on one tall canvas, then cut into pages.
 */
import {
  ACTIVE_ITEMS,
  OUTCOME_GROUPS,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  REVIEW_COLUMNS,
  type FormatId,
  type RequestRowKey,
} from '../../src/lib/report/formats';
import type { PdfPage } from '../../src/lib/report/io/pdf-document';
import type { PdfItem } from '../../src/lib/report/io/pdf-layout';
import type { Cell } from '../../src/lib/report/types';

export interface VCell {
  text: string;
  row: number;
  col: number;
  rowSpan?: number;
  colSpan?: number;
  number?: boolean;
}
export interface VTable {
  cols: number;
  header: number;
  cells: VCell[];
}

export interface VLayout {
  pageWidth: number;
  pageHeight: number;
  margin: number;
  fontSize: number;
  /** Width of each label column (in em) and of every number column. */
  labelEm: number[];
  numberEm: number;
  /** How the producer cuts text into items. */
  emit: 'glyph' | 'run' | 'line';
  /** Borders drawn per cell edge, or each boundary as one long line. */
  borders: 'cell' | 'long';
  /**
   * At a page break a row is cut between two text lines with no rule along the
   * cut (`open`, as Chromium prints), cut with a rule drawn on both sides
   * (`closed`, as LibreOffice prints), or moved whole to the next page (`whole`).
   */
  breaks: 'open' | 'closed' | 'whole';
  repeatHeader: boolean;
  valign: 'top' | 'middle';
}

type Record = {
  agency: string;
  year: number;
  format: FormatId;
  active: { [k: string]: Cell };
  requests: Partial<{ [k in RequestRowKey]: Cell[] }>;
  review: Cell[] | null;
  litigation_direct: Cell[] | null;
  litigation_after_review: Cell[] | null;
};

const num = (v: Cell | undefined, unit = ''): VCell['text'] => (v === null || v === undefined ? '' : `${v}${unit}`);

/* ---------------------------------------------------------- the tables */

const ARTICLE: { [item: string]: string } = {
  regulations: '（一）',
  licensing: '（五）',
  penalty: '（六）',
  fees: '（八）',
  procurement: '（九）',
};

export function activeTable(r: Record): VTable {
  const items = ACTIVE_ITEMS.filter((it) => it.measures[r.format]);
  const width = Math.max(...items.map((it) => it.measures[r.format]!.length));
  const cells: VCell[] = [];
  let row = 0;
  let prev = '';
  for (const it of items) {
    const ms = it.measures[r.format]!;
    const sig = JSON.stringify(ms);
    if (sig !== prev) {
      cells.push({ text: `第二十条第${ARTICLE[it.item] ?? ''}项`, row, col: 0, colSpan: width + 1 });
      row++;
      cells.push({ text: '信息内容', row, col: 0 });
      ms.forEach((m, i) =>
        cells.push({
          text: m.unit ? `${m.label}（单位：${m.unit}）` : m.label,
          row,
          col: i + 1,
          colSpan: i === ms.length - 1 ? width - i : 1,
        }),
      );
      row++;
      prev = sig;
    }
    cells.push({ text: it.label, row, col: 0 });
    ms.forEach((m, i) => {
      const key = `${it.item}.${m.key}`;
      const yuan = key.replace(/amount_10k_yuan$/, 'amount_yuan');
      const text = yuan !== key && yuan in r.active ? num(r.active[yuan], '元') : num(r.active[key]);
      cells.push({ text, row, col: i + 1, colSpan: i === ms.length - 1 ? width - i : 1, number: true });
    });
    row++;
  }
  return { cols: width + 1, header: 0, cells };
}

export function requestTable(r: Record): VTable {
  const cells: VCell[] = [
    {
      text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
      row: 0,
      col: 0,
      rowSpan: 3,
      colSpan: 3,
    },
    { text: '申请人情况', row: 0, col: 3, colSpan: 7 },
    { text: '自然人', row: 1, col: 3, rowSpan: 2 },
    { text: '法人或其他组织', row: 1, col: 4, colSpan: 5 },
    { text: '总计', row: 1, col: 9, rowSpan: 2 },
    ...REQUEST_COLUMNS.slice(1, 6).map((c, i) => ({ text: c.label, row: 2, col: 4 + i })),
  ];
  const present = REQUEST_ROWS.filter((d) => r.requests[d.key]);
  const outcome = present.filter((d) => d.group);
  let row = 3;
  let first = true;
  for (const d of present) {
    const values = (r.requests[d.key] as Cell[]).map((v, i) => ({ text: num(v), row, col: 3 + i, number: true }));
    if (!d.group) {
      cells.push({ text: d.label, row, col: 0, colSpan: 3 }, ...values);
      row++;
      continue;
    }
    if (first) cells.push({ text: '三、本年度办理结果', row, col: 0, rowSpan: outcome.length });
    first = false;
    const siblings = outcome.filter((o) => o.group === d.group);
    if (siblings.length === 1 && !/^\d\./.test(d.label)) {
      cells.push({ text: d.key === 'other_total' ? OUTCOME_GROUPS.other.label : d.label, row, col: 1, colSpan: 2 });
    } else {
      if (siblings[0] === d) cells.push({ text: OUTCOME_GROUPS[d.group].label, row, col: 1, rowSpan: siblings.length });
      cells.push({ text: d.label, row, col: 2 });
    }
    cells.push(...values);
    row++;
  }
  return { cols: 10, header: 3, cells };
}

export function reviewTable(r: Record): VTable {
  const heads = REVIEW_COLUMNS.map((c) => c.label);
  const data = [...(r.review ?? []), ...(r.litigation_direct ?? []), ...(r.litigation_after_review ?? [])];
  return {
    cols: 15,
    header: 3,
    cells: [
      { text: '行政复议', row: 0, col: 0, colSpan: 5 },
      { text: '行政诉讼', row: 0, col: 5, colSpan: 10 },
      ...heads.map((h, i) => ({ text: h, row: 1, col: i, rowSpan: 2 })),
      { text: '未经复议直接起诉', row: 1, col: 5, colSpan: 5 },
      { text: '复议后起诉', row: 1, col: 10, colSpan: 5 },
      ...[...heads, ...heads].map((h, i) => ({ text: h, row: 2, col: 5 + i })),
      ...data.map((v, i) => ({ text: num(v), row: 3, col: i, number: true })),
    ],
  };
}

/* ---------------------------------------------------------- layout */

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
/** On the canvas y grows downwards from the top of the document. */
interface CItem {
  str: string;
  x: number;
  top: number;
  width: number;
  size: number;
}
interface CRule {
  vertical: boolean;
  pos: number;
  a0: number;
  a1: number;
}
interface Canvas {
  items: CItem[];
  rules: CRule[];
  /** Canvas y of row boundaries that a page may be cut at, and headers to repeat. */ cuts: Cut[];
  height: number;
}
interface Cut {
  y: number;
  /** A cut inside this band splits a row. */ rowTop: number;
  rowBottom: number;
  header?: { top: number; bottom: number };
  /** The table's left and right edges (rows only). */ x0?: number;
  x1?: number;
}

const wide = (c: string) => /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f\u201c\u201d]/.test(c);
const charW = (c: string, size: number) => (wide(c) ? size : size * 0.55);

/** Text broken at any character to fit `width`. */
function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let cur = '';
  let w = 0;
  for (const c of text) {
    const cw = charW(c, size);
    if (cur && w + cw > width) {
      lines.push(cur);
      cur = '';
      w = 0;
    }
    cur += c;
    w += cw;
  }
  if (cur) lines.push(cur);
  return lines;
}

const textWidth = (s: string, size: number) => [...s].reduce((a, c) => a + charW(c, size), 0);

/** Lay one table out at canvas y `top`; returns its bottom. */
function layTable(t: VTable, x0: number, top: number, L: VLayout, out: Canvas): number {
  const size = L.fontSize;
  const pad = size * 0.3;
  const lh = size * 1.25;
  const firstNum = Math.min(...t.cells.filter((c) => c.number).map((c) => c.col));
  // A column is at least as wide as the widest glyph of its own cells, as a browser's
  // or a word processor's table is (a glyph is never cut).
  const widest = (i: number) =>
    Math.max(
      0,
      ...t.cells
        .filter((c) => c.col === i && (c.colSpan ?? 1) === 1)
        .flatMap((c) => [...c.text].map((ch) => charW(ch, size))),
    );
  const colW = Array.from({ length: t.cols }, (_, i) =>
    Math.max(
      (i < firstNum ? (L.labelEm[i] ?? L.labelEm[L.labelEm.length - 1]) : L.numberEm) * size,
      widest(i) + 2 * pad,
    ),
  );
  const colX = [x0];
  for (const w of colW) colX.push(colX[colX.length - 1] + w);
  const nRows = Math.max(...t.cells.map((c) => c.row + (c.rowSpan ?? 1)));
  const lines = t.cells.map((c) => {
    const span = c.colSpan ?? 1;
    const inner = colX[c.col + span] - colX[c.col] - 2 * pad;
    return wrap(c.text, Math.max(inner, size * 0.55), size);
  });
  // Row heights: single-row cells first, then spanning cells take what they still need from their last row.
  const rowH = Array(nRows).fill(lh + 2 * pad);
  t.cells.forEach((c, i) => {
    if ((c.rowSpan ?? 1) === 1) rowH[c.row] = Math.max(rowH[c.row], lines[i].length * lh + 2 * pad);
  });
  t.cells.forEach((c, i) => {
    const span = c.rowSpan ?? 1;
    if (span === 1) return;
    const have = rowH.slice(c.row, c.row + span).reduce((a, b) => a + b, 0);
    const need = lines[i].length * lh + 2 * pad;
    if (need > have) rowH[c.row + span - 1] += need - have;
  });
  const rowY = [top];
  for (const h of rowH) rowY.push(rowY[rowY.length - 1] + h);
  const boxes: Box[] = t.cells.map((c) => ({
    x: colX[c.col],
    y: rowY[c.row],
    w: colX[c.col + (c.colSpan ?? 1)] - colX[c.col],
    h: rowY[c.row + (c.rowSpan ?? 1)] - rowY[c.row],
  }));

  // Text.
  t.cells.forEach((c, i) => {
    const b = boxes[i];
    const ls = lines[i];
    const block = ls.length * lh;
    const y0 = L.valign === 'middle' ? b.y + (b.h - block) / 2 : b.y + pad;
    ls.forEach((line, k) => {
      const w = textWidth(line, size);
      const x = c.number ? b.x + (b.w - w) / 2 : b.x + pad;
      out.items.push({ str: line, x, top: y0 + k * lh + (lh - size) / 2, width: w, size });
    });
  });

  // Rules: every cell edge (shared edges drawn twice, as border-collapse producers do), or long lines.
  if (L.borders === 'cell') {
    for (const b of boxes) {
      out.rules.push(
        { vertical: false, pos: b.y, a0: b.x, a1: b.x + b.w },
        { vertical: false, pos: b.y + b.h, a0: b.x, a1: b.x + b.w },
      );
      out.rules.push(
        { vertical: true, pos: b.x, a0: b.y, a1: b.y + b.h },
        { vertical: true, pos: b.x + b.w, a0: b.y, a1: b.y + b.h },
      );
    }
  } else {
    // Each boundary as the longest runs it is drawn along (gaps where a merged cell crosses it).
    const edges = new Map<string, [number, number][]>();
    const add = (k: string, a: number, b: number) => (edges.get(k) ?? edges.set(k, []).get(k)!).push([a, b]);
    for (const b of boxes) {
      add(`h${b.y.toFixed(3)}`, b.x, b.x + b.w);
      add(`h${(b.y + b.h).toFixed(3)}`, b.x, b.x + b.w);
      add(`v${b.x.toFixed(3)}`, b.y, b.y + b.h);
      add(`v${(b.x + b.w).toFixed(3)}`, b.y, b.y + b.h);
    }
    for (const [k, segs] of edges) {
      segs.sort((p, q) => p[0] - q[0]);
      let [a, z] = segs[0];
      const flush = () => out.rules.push({ vertical: k[0] === 'v', pos: Number(k.slice(1)), a0: a, a1: z });
      for (const [p, q] of segs.slice(1)) {
        if (p <= z + 0.01) z = Math.max(z, q);
        else {
          flush();
          [a, z] = [p, q];
        }
      }
      flush();
    }
  }
  const header = t.header ? { top, bottom: rowY[t.header] } : undefined;
  for (let r = 0; r < nRows; r++)
    out.cuts.push({
      y: rowY[r + 1],
      rowTop: rowY[r],
      rowBottom: rowY[r + 1],
      header: r >= t.header ? header : undefined,
      x0: colX[0],
      x1: colX[colX.length - 1],
    });
  return rowY[nRows];
}

function layText(text: string, x0: number, top: number, L: VLayout, out: Canvas): number {
  const size = L.fontSize * 1.2;
  const width = L.pageWidth - 2 * L.margin;
  let y = top;
  for (const line of wrap(text, width, size)) {
    out.items.push({ str: line, x: x0, top: y, width: textWidth(line, size), size });
    y += size * 1.5;
    out.cuts.push({ y, rowTop: y, rowBottom: y });
  }
  return y + size * 0.5;
}

/** A whole report: title, section headings and the three tables, on a canvas. */
function canvasOf(r: Record, L: VLayout): Canvas {
  const out: Canvas = { items: [], rules: [], cuts: [], height: 0 };
  const x0 = L.margin;
  let y = 0;
  y = layText(`${r.agency}${r.year}年政府信息公开工作年度报告`, x0, y, L, out);
  y = layText('一、总体情况', x0, y, L, out);
  y = layText('本年度依法做好政府信息公开工作。', x0, y, L, out);
  y = layText('二、主动公开政府信息情况', x0, y, L, out);
  y = layTable(activeTable(r), x0, y, L, out) + L.fontSize;
  y = layText('三、收到和处理政府信息公开申请情况', x0, y, L, out);
  y = layTable(requestTable(r), x0, y, L, out) + L.fontSize;
  y = layText('四、政府信息公开行政复议、行政诉讼情况', x0, y, L, out);
  y = layTable(reviewTable(r), x0, y, L, out) + L.fontSize;
  y = layText('五、存在的主要问题及改进情况', x0, y, L, out);
  y = layText('无。', x0, y, L, out);
  out.height = y;
  return out;
}

/* ---------------------------------------------------------- pages */

/**
 * The canvas cut into pages. A page ends where the next row would not fit:
 * with `splitRows` the row is cut between two of its text lines (no rule
 * along the cut: an open row), otherwise the row moves whole to the next page
 * (the rule at the row boundary is drawn on both pages). With `repeatHeader`
 * a table's header rows are drawn again at the top of the page it runs on to.
 */
export function virtualPages(r: Record, L: VLayout): PdfPage[] {
  const cv = canvasOf(r, L);
  const usable = L.pageHeight - 2 * L.margin;
  const pages: PdfPage[] = [];
  let start = 0;
  let repeat: Cut['header'];
  let closeAt: { y: number; x0: number; x1: number } | undefined;
  let openedAt: typeof closeAt;
  while (start < cv.height - 0.01) {
    const headerH = repeat ? repeat.bottom - repeat.top : 0;
    let end = Math.min(cv.height, start + usable - headerH);
    let next: Cut['header'];
    if (end < cv.height) {
      const row = cv.cuts.find((c) => c.rowTop < end - 0.01 && c.rowBottom > end + 0.01);
      // Row boundaries that fit and cut no text line (one inside a rowspan cell may run through its text).
      const clear = (y: number) => !cv.items.some((i) => i.top < y && i.top + i.size > y);
      const fits = cv.cuts.filter((c) => c.y > start + 0.01 && c.y <= end && clear(c.y)).map((c) => c.y);
      const lastFit = fits.length ? Math.max(...fits) : undefined;
      if ((L.breaks !== 'whole' && row) || lastFit === undefined) {
        // Between two text lines, above every glyph the page end would cut; and, as a
        // renderer cuts on its pixel grid, never leaving less than half a point of a row.
        for (let moved = true; moved;) {
          moved = false;
          const cut = cv.items.filter((i) => i.top < end && i.top + i.size > end).map((i) => i.top - 0.5);
          if (cut.length) {
            end = Math.min(...cut);
            moved = true;
          }
          const sliver = cv.cuts.find(
            (c) => c.rowTop < end - 0.01 && c.rowBottom > end + 0.01 && c.rowBottom - end < 0.5,
          );
          if (sliver) {
            end = sliver.rowBottom - 0.5;
            moved = true;
          }
        }
        if (end <= start + 1 && lastFit !== undefined) end = lastFit;
      } else {
        end = lastFit;
      }
      const inRow = cv.cuts.find((c) => c.rowTop < end - 0.01 && c.rowBottom > end + 0.01);
      next = (inRow ?? cv.cuts.find((c) => Math.abs(c.y - end) < 0.01))?.header;
      if (inRow && L.breaks === 'closed') closeAt = { y: end, x0: inRow.x0!, x1: inRow.x1! };
    }
    let page: PdfPage = { items: [], rules: { h: [], v: [] } };
    const place = (from: number, to: number, shift: number) => {
      const toPdf = (y: number) => L.pageHeight - L.margin - (y - from + shift);
      for (const it of cv.items) {
        if (it.top >= from - 0.01 && it.top < to - 0.01)
          page.items.push(...emitItems(it, toPdf(it.top + it.size * 0.85), L));
      }
      for (const rule of cv.rules) {
        if (rule.vertical) {
          const a = Math.max(rule.a0, from);
          const b = Math.min(rule.a1, to);
          if (b - a > 0.5) page.rules.v.push({ x: rule.pos, y0: toPdf(b), y1: toPdf(a) });
        } else if (rule.pos >= from - 0.01 && rule.pos <= to + 0.01) {
          page.rules.h.push({ y: toPdf(rule.pos), x0: rule.a0, x1: rule.a1 });
        }
      }
    };
    if (repeat) place(repeat.top, repeat.bottom, 0);
    place(start, end, headerH);
    // A row cut with a rule on both sides: under it on this page, over its rest on the next.
    const toPdf = (y: number, from: number, shift: number) => L.pageHeight - L.margin - (y - from + shift);
    if (openedAt) page.rules.h.push({ y: toPdf(start, start, headerH), x0: openedAt.x0, x1: openedAt.x1 });
    if (closeAt) page.rules.h.push({ y: toPdf(closeAt.y, start, headerH), x0: closeAt.x0, x1: closeAt.x1 });
    openedAt = closeAt;
    closeAt = undefined;
    if (L.emit === 'line') page = mergeLines(page);
    pages.push(page);
    repeat = L.repeatHeader ? next : undefined;
    start = end;
  }
  return pages;
}

/** The items a producer writes for one line of text in a cell. */
function emitItems(it: CItem, baseline: number, L: VLayout): PdfItem[] {
  if (L.emit === 'glyph') {
    const out: PdfItem[] = [];
    let x = it.x;
    for (const c of it.str) {
      const w = charW(c, it.size);
      out.push({ str: c, x, y: baseline, width: w, height: it.size });
      x += w;
    }
    return out;
  }
  return [{ str: it.str, x: it.x, y: baseline, width: it.width, height: it.size }];
}

/** Items on one baseline merged into one string with spaces for the gaps (a producer writing a table line at once). */
function mergeLines(page: PdfPage): PdfPage {
  const byLine = new Map<string, PdfItem[]>();
  for (const it of page.items)
    (byLine.get(it.y.toFixed(2)) ?? byLine.set(it.y.toFixed(2), []).get(it.y.toFixed(2))!).push(it);
  const items: PdfItem[] = [];
  for (const group of byLine.values()) {
    group.sort((a, b) => a.x - b.x);
    // Only runs of numbers are merged; a label and its numbers stay apart, as the producers we have seen do.
    let cur: PdfItem | null = null;
    for (const it of group) {
      const isNum = /^\d+(?:\.\d+)?$/.test(it.str);
      if (cur && isNum && /\d$/.test(cur.str)) {
        const space = it.height * 0.55;
        const n = Math.max(1, Math.round((it.x - (cur.x + cur.width)) / space));
        cur.str += ' '.repeat(n) + it.str;
        cur.width = it.x + it.width - cur.x;
        continue;
      }
      if (cur) items.push(cur);
      cur = { ...it };
    }
    if (cur) items.push(cur);
  }
  return { items, rules: page.rules };
}
