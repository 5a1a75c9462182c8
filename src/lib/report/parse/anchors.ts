/**
 * Reading a table as labels and runs of numbers.
 *
 * PDF and web layouts scatter a row's label around its numbers: wrapped
 * before them, split across them, broken into vertical characters between
 * rows. What survives every layout is the order: a row's label text comes
 * before (or around) its run of numbers, and the next row's label comes
 * after. So the table is read as a stream of text and runs; every run is
 * given to the row whose label was seen since the previous run, and the
 * runs whose label no pattern finds (split, abbreviated, mistyped) are
 * aligned to the rows still free between their neighbours (align.ts).
 */
import { squeezeLabel } from '../formats';
import type { Layout, TCell, TRow } from '../text/cells';
import {
  EVIDENCE,
  bigrams,
  certainAlignment,
  core,
  evidence,
  sharesPair,
  startsWithItemNumber,
  type LabelIndex,
} from './align';

export interface AnchorDef {
  key: string;
  match: RegExp;
  /** The anchor is dropped when one of these keys' labels is in the same label text. */
  yieldsTo?: readonly string[];
  /** Match against the label text as printed, group labels included (the collapsed （六）其他处理 row). */
  withGroupLabels?: boolean;
}

export interface AnchorOptions {
  /** Group labels to take out of the label text before matching sub-row patterns. */
  groupLabels?: RegExp;
  /** Align the runs no pattern anchors to the format's rows (see `alignUnanchored`). */
  align?: AlignOptions;
}

/** What the alignment needs of a table's format. */
export interface AlignOptions {
  /** The labels of `defs`, in the same order. */
  labels: LabelIndex;
  /** The rows this format prints (a run may be aligned only to these). */
  rows: ReadonlySet<string>;
  /** Header words: never a row's label (formats.ts TABLE_HEADER_TEXT). */
  header?: RegExp;
}

export interface Run {
  cells: TCell[];
  layout: Layout;
  /**
   * Markdown only: the table the run's row belongs to (see `markdownTables`),
   * the row (index in the rows read) and the column (cell index in its row)
   * of the run's first cell, so that the row can be compared with the other
   * rows of its table.
   */
  at?: { table: number; row: number; col: number };
}

export type Assignment =
  /** `aligned`: placed by the alignment, not by a pattern. */
  | { kind: 'row'; key: string; run: Run; labelCell: TCell | null; aligned?: boolean }
  | { kind: 'label_only'; key: string; labelCell: TCell | null }
  /** A run with numbers and no label that reads like any row. */
  | { kind: 'orphan'; run: Run; after: string | null }
  /** A run whose label reads like a row, but not certainly like one row still free here: `candidates`, best first. */
  | { kind: 'unplaced'; run: Run; after: string | null; label: string; labelCell: TCell | null; candidates: string[] };

type Piece = { kind: 'text'; cell: TCell } | { kind: 'run'; run: Run };

const hasNumber = (run: Run) => run.cells.some((c) => c.kind === 'num');

/**
 * Which markdown table each row belongs to: consecutive markdown rows are
 * one table (blank lines are not rows, so they do not split it); any other
 * row (a page footer, a line of text) ends it. -1 for rows of other layouts.
 */
export function markdownTables(rows: readonly TRow[]): number[] {
  let table = -1;
  let open = false;
  return rows.map((r) => {
    if (r.layout !== 'markdown') {
      open = false;
      return -1;
    }
    if (!open) {
      table++;
      open = true;
    }
    return table;
  });
}

const textCols = (r: TRow) => r.cells.flatMap((c, i) => (c.kind === 'text' ? [i] : []));

/**
 * For each markdown table, the column of the last label its header (the
 * rows before its first row with a number) prints, if that label is the one
 * the format prints over its last data column (`lastLabel`: 总计 in 表三 and
 * 表四). In a table whose rows share one grid, that is the last data column.
 */
export function headerEnds(rows: readonly TRow[], lastLabel: RegExp): Map<number, number> {
  const tables = markdownTables(rows);
  const last = new Map<number, TCell & { at: number }>();
  const done = new Set<number>();
  rows.forEach((r, i) => {
    const t = tables[i];
    if (t < 0 || done.has(t)) return;
    if (r.cells.some((c) => c.kind === 'num')) {
      done.add(t);
      return;
    }
    for (const col of textCols(r)) if (col >= (last.get(t)?.at ?? -1)) last.set(t, { ...r.cells[col], at: col });
  });
  const ends = new Map<number, number>();
  for (const [t, c] of last) if (lastLabel.test(squeezeLabel(c.text))) ends.set(t, c.at);
  return ends;
}

/**
 * 表二 is a stack of small tables, each with its own header row
 * (`信息内容 | 本年制发件数 | …`). For a markdown run `width` cells wide: the
 * column of the last label of the nearest header row above it in the same
 * table, provided that header is the run's own (one label over the row
 * labels, one per measure) and lines up with the run's row (its first label
 * stands in the column of the row's label). Undefined where there is none.
 */
export function subHeaderEnd(rows: readonly TRow[], run: Run, width: number): number | undefined {
  if (!run.at) return undefined;
  const tables = markdownTables(rows);
  const label = textCols(rows[run.at.row])[0];
  for (let i = run.at.row - 1; i >= 0 && tables[i] === run.at.table; i--) {
    const cols = textCols(rows[i]);
    if (cols.length < 2 || rows[i].cells.some((c) => c.kind === 'num')) continue;
    return cols.length === width + 1 && cols[0] === label ? cols[cols.length - 1] : undefined;
  }
  return undefined;
}

/** Turn rows into a stream of label text and runs of values. */
export function pieces(rows: readonly TRow[], expected: number): Piece[] {
  const out: Piece[] = [];
  const tables = markdownTables(rows);
  rows.forEach((row, ri) => {
    const cells = row.cells;
    if (row.delimited) {
      // Text cells in order; the cells between them form runs. A run in the
      // middle of a row that holds no number is filler (a rowspan's empty
      // cell); the run after the last label is the row's data, blanks and all.
      let run: TCell[] = [];
      let from = 0;
      const flush = (last: boolean) => {
        if (run.length && (last || run.some((c) => c.kind === 'num'))) {
          const r: Run = { cells: run, layout: row.layout };
          if (tables[ri] >= 0) r.at = { table: tables[ri], row: ri, col: from };
          out.push({ kind: 'run', run: r });
        }
        run = [];
      };
      cells.forEach((c, i) => {
        if (c.kind === 'text') {
          flush(false);
          out.push({ kind: 'text', cell: c });
          from = i + 1;
        } else run.push(c);
      });
      flush(true);
      return;
    }
    // Plain text: consecutive numbers form a run; a run that is still short
    // continues on the next line when that line starts with a number.
    for (const c of cells) {
      if (c.kind === 'text') {
        out.push({ kind: 'text', cell: c });
        continue;
      }
      const last = out[out.length - 1];
      if (last?.kind === 'run' && last.run.layout === 'plain') last.run.cells.push(c);
      else out.push({ kind: 'run', run: { cells: [c], layout: 'plain' } });
    }
    // Close the run at the end of the line unless it is short of `expected`
    // and nothing but numbers has been seen since it began.
    const last = out[out.length - 1];
    if (last?.kind === 'run' && last.run.layout === 'plain' && last.run.cells.length >= expected) {
      out.push({ kind: 'text', cell: { kind: 'text', text: '', value: null, line: row.line, col: 0 } });
    }
  });
  return out.filter((p) => !(p.kind === 'text' && p.cell.text === ''));
}

interface Found {
  key: string;
  pos: number;
  cell: TCell | null;
}

/** A sub-row's number (1. 2. 3.) at the start of squeezed text. */
const SUB_ROW_NUMBER = /^\d{1,2}\./;

/** Find anchors in the label text seen since the last run. */
function findAnchors(
  texts: TCell[],
  defs: readonly AnchorDef[],
  taken: ReadonlySet<string>,
  opts: AnchorOptions,
): Found[] {
  let joined = '';
  const starts: { pos: number; cell: TCell }[] = [];
  for (const c of texts) {
    starts.push({ pos: joined.length, cell: c });
    joined += squeezeLabel(c.text);
  }
  // The same text with group labels cut out, and where each kept character came from.
  let stripped = joined;
  let origin: number[] | null = null;
  if (opts.groupLabels) {
    const keep: number[] = [];
    let out = '';
    let last = 0;
    for (const m of joined.matchAll(opts.groupLabels)) {
      for (let i = last; i < m.index!; i++) {
        out += joined[i];
        keep.push(i);
      }
      last = m.index! + m[0].length;
    }
    if (last > 0) {
      for (let i = last; i < joined.length; i++) {
        out += joined[i];
        keep.push(i);
      }
      stripped = out;
      origin = keep;
    }
  }
  const cellAt = (pos: number) => {
    let hit: TCell | null = null;
    for (const s of starts) if (s.pos <= pos) hit = s.cell;
    return hit;
  };
  const found: Found[] = [];
  for (const d of defs) {
    if (taken.has(d.key)) continue;
    if (d.withGroupLabels || !origin) {
      const m = d.match.exec(joined);
      // A group label followed by a numbered item heads that sub-row, whatever became of its label.
      if (m && !(d.yieldsTo && SUB_ROW_NUMBER.test(joined.slice(m.index + m[0].length))))
        found.push({ key: d.key, pos: m.index, cell: cellAt(m.index) });
    } else {
      const m = d.match.exec(stripped);
      if (m) found.push({ key: d.key, pos: origin[m.index] ?? 0, cell: cellAt(origin[m.index] ?? 0) });
    }
  }
  found.sort((a, b) => a.pos - b.pos);
  return found.filter((f) => {
    const def = defs.find((d) => d.key === f.key);
    if (!def?.yieldsTo) return true;
    if (def.yieldsTo.some((k) => found.some((g) => g.key === k))) return false;
    // A sub-row whose pattern missed (a mistyped label) still reads as one: the group's label is its heading.
    return !(opts.align && readsAsAny(stripped, def.yieldsTo, opts.align));
  });
}

/** Whether squeezed label text carries real evidence (align.ts) for one of `keys`. */
function readsAsAny(text: string, keys: readonly string[], align: AlignOptions): boolean {
  const scores = evidence(align.labels, bigrams(core(text)));
  return keys.some((k) => scores[align.labels.keys.indexOf(k)] > 0);
}

/** The label text seen since the previous run, and the run it leads to (null: the text after the last run). */
interface Segment {
  texts: TCell[];
  run: Run | null;
  /** What the patterns found in `texts`. */
  anchors: Found[];
  /**
   * How many of `texts` may continue the previous run's label instead (see
   * `tailLength`).
   */
  tail: number;
}

const squeezed = (cells: readonly TCell[]) => cells.map((c) => squeezeLabel(c.text)).join('');

function segmentsOf(stream: readonly Piece[]): Segment[] {
  const segs: Segment[] = [];
  let texts: TCell[] = [];
  for (const p of stream) {
    if (p.kind === 'text') {
      texts.push(p.cell);
      continue;
    }
    segs.push({ texts, run: p.run, anchors: [], tail: 0 });
    texts = [];
  }
  segs.push({ texts, run: null, anchors: [], tail: 0 });
  return segs;
}

/**
 * PDF text prints a wrapped label with its numbers on a middle line: the
 * label ends after them (`2.其他法` `0 0 …` `律行政法规禁止公开`). So in plain
 * text the cells after a run, up to where the next row's label begins (a
 * numbered cell, or the cell where the pattern finds the next run's row),
 * may be the run's own label's end. After the last run, all of them may be.
 */
function tailLength(seg: Segment, after: Run): number {
  if (after.layout !== 'plain') return 0;
  const next = seg.run ? seg.anchors[seg.anchors.length - 1]?.cell : undefined;
  const end = seg.texts.findIndex((c) => c === next || startsWithItemNumber(squeezeLabel(c.text)));
  return end >= 0 ? end : seg.run ? 0 : seg.texts.length;
}

/**
 * Walk the stream and pair every run with its label. First the patterns of
 * formats.ts: a run takes the row whose label was seen since the previous
 * run (the last one, where several were: the others are rows without
 * numbers). Then, where `opts.align` is given, the runs the patterns left
 * without a row are aligned to the rows still free (see `alignUnanchored`).
 * Runs seen before the first label (header rows) are ignored unless they
 * hold numbers; so are runs of blank cells that no label claims.
 */
export function assignRuns(
  stream: readonly Piece[],
  defs: readonly AnchorDef[],
  opts: AnchorOptions = {},
): Assignment[] {
  const segs = segmentsOf(stream);
  const taken = new Set<string>();
  for (const s of segs) {
    s.anchors = findAnchors(s.texts, defs, taken, opts);
    for (const a of s.anchors) taken.add(a.key);
  }
  const aligned = opts.align ? alignUnanchored(segs, defs, opts.align, opts) : null;

  const out: Assignment[] = [];
  let lastKey: string | null = null;
  segs.forEach((s, si) => {
    const anchors = s.anchors.filter((a) => !aligned?.consumed.has(a));
    if (!s.run) {
      for (const a of anchors) out.push({ kind: 'label_only', key: a.key, labelCell: a.cell });
      return;
    }
    if (anchors.length === 0) {
      const placed = aligned?.placed.get(si);
      const unplaced = aligned?.unplaced.get(si);
      if (placed) {
        out.push({ kind: 'row', key: placed.key, run: s.run, labelCell: placed.labelCell, aligned: true });
        lastKey = placed.key;
      } else if (unplaced) out.push({ kind: 'unplaced', run: s.run, after: lastKey, ...unplaced });
      else if (hasNumber(s.run)) out.push({ kind: 'orphan', run: s.run, after: lastKey });
      return;
    }
    for (const a of anchors.slice(0, -1)) out.push({ kind: 'label_only', key: a.key, labelCell: a.cell });
    const a = anchors[anchors.length - 1];
    out.push({ kind: 'row', key: a.key, run: s.run, labelCell: a.cell });
    lastKey = a.key;
  });
  return out;
}

interface Aligned {
  /** Segment index → the row it was placed in, and the cell where its label starts. */
  placed: Map<number, { key: string; labelCell: TCell | null }>;
  /** Segment index → a label that reads like a row but could not be placed with certainty. */
  unplaced: Map<number, { label: string; labelCell: TCell | null; candidates: string[] }>;
  /** Rows-without-numbers anchors that turned out to be the end of the label of the run before them. */
  consumed: Set<Found>;
}

/** A label broken inside or right after its number (`1.` `（一` `四`): what is left before its numbers holds no word of it. */
const NUMBER_ONLY = /^(?:\d{1,2}\.?|（[一二三四五六七八九十]{0,2}）?|[一二三四五六七八九十]{1,2}、?)?$/;

/**
 * The evidence of a run's label for every row of `defs`. Its head (the text
 * before the run) is read on its own. Only where the head points at no row
 * is it read with its tail (the text after the run, see `tailLength`), and
 * then only for a row the label was broken in: the head is just a number,
 * or its last character and the tail's first are a pair of that row's
 * label. (A tail alone may be the next row's label that lost its number.)
 */
function labelEvidence(
  head: readonly TCell[],
  tail: readonly TCell[],
  defs: readonly AnchorDef[],
  align: AlignOptions,
  opts: AnchorOptions,
): number[] {
  const strip = (s: string) => (opts.groupLabels ? s.replace(opts.groupLabels, '') : s);
  const read = (h: string, u: string) => {
    const numberOnly = h !== '' && NUMBER_ONLY.test(h.replace(NOT_HAN_OR_NUMBER, ''));
    const hc = numberOnly ? '' : core(h);
    const uc = core(u);
    const scores = evidence(align.labels, bigrams(hc + uc));
    defs.forEach((d, j) => {
      if (d.match.test(h + u) && scores[j] < 1) scores[j] = 1;
    });
    if (!u || numberOnly) return scores;
    const broken = new Set([hc.slice(-1) + uc.slice(0, 1)]);
    return scores.map((x, j) => (x > 0 && hc && uc && sharesPair(align.labels, j, broken) ? x : 0));
  };
  const score = (u: string) => {
    const raw = read(squeezed(head), u);
    const stripped = opts.groupLabels ? read(strip(squeezed(head)), strip(u)) : raw;
    const out = defs.map((d, j) => (d.withGroupLabels ? raw[j] : stripped[j]));
    // A collapsed group row yields to its own sub-rows, as its pattern does.
    defs.forEach((d, j) => {
      if (d.yieldsTo?.some((k) => out[defs.findIndex((e) => e.key === k)] > 0)) out[j] = 0;
    });
    return out;
  };
  const own = score('');
  return own.some((x) => x > 0) || tail.length === 0 || head.length === 0 ? own : score(squeezed(tail));
}

/** Punctuation around an item number that says nothing about the label (quotes, dots of a leader line). */
const NOT_HAN_OR_NUMBER = /[^\u4e00-\u9fff0-9.（）、]/g;

/**
 * Whether label text, header words and group labels taken out, shares a
 * Chinese character with the label of one of the rows `among`: a label too
 * damaged to read as any row, but a label still, not a header.
 *
 * A header word that is, whole, the label of one of those rows stays in:
 * 其他 is both 表三's last applicant column and （六）3.其他 without its
 * number. Where that row is missing, the text may be either, and the reader
 * must say so rather than take the row's blank cells for a header's filler.
 */
function sharesChar(
  head: readonly TCell[] | string,
  align: AlignOptions,
  among: readonly number[],
  opts: AnchorOptions,
): boolean {
  let text = typeof head === 'string' ? head : squeezed(head);
  if (opts.groupLabels) text = text.replace(opts.groupLabels, '');
  if (align.header)
    text = text.replace(align.header, (w) => (among.some((c) => align.labels.cores[c].has(core(w))) ? w : ''));
  const chars = core(text);
  return among.some((c) => [...chars].some((ch) => align.labels.chars[c].has(ch)));
}

/**
 * A run's own label in the text before it: from its last numbered cell on
 * (1. （三） 四、, or such a number alone, broken off its label), where there
 * is one. What comes before that is a header, or pieces of a vertical group
 * label, not the row's label.
 */
function ownLabel(head: readonly TCell[]): readonly TCell[] {
  for (let i = head.length - 1; i >= 0; i--) {
    const t = squeezeLabel(head[i].text);
    if (startsWithItemNumber(t) || (t && NUMBER_ONLY.test(t))) return head.slice(i);
  }
  return head;
}

/**
 * The anchors of a collapsed group row (`yieldsTo`: （六）其他处理) that may
 * not be that row, where the patterns find one of its sub-rows in the table
 * (so the table prints them, not the collapsed row):
 *
 * - the group's heading, printed as a row of its own: with no numbers (no
 *   run, or only blank cells). readRequests drops such a row. But its blank
 *   cells are not surely the heading's: a sub-row whose label the patterns
 *   missed may stand right after the group label (a vertical （六）其他处理
 *   beside 三、其他, or a heading row with blank cells followed by 其他).
 * - the group label with numbers, followed by label text of a sub-row the
 *   patterns did not find (shares a character with it): the numbers are
 *   likely that sub-row's, damaged, not the collapsed row's.
 *
 * Such an anchor bounds no order and excludes no sub-row, and its run is
 * aligned like one the patterns left without a row, its label read with the
 * group label taken out. Taking it for the collapsed row would leave the
 * sub-row unread with no word of it, or read its numbers as the collapsed
 * row's (3.其他 printed as 其他 or 三、其他).
 */
function groupHeadings(
  segs: readonly Segment[],
  defs: readonly AnchorDef[],
  align: AlignOptions,
  opts: AnchorOptions,
): Set<Found> {
  const found = new Set(segs.flatMap((s) => s.anchors.map((a) => a.key)));
  const out = new Set<Found>();
  for (const s of segs) {
    s.anchors.forEach((a, n) => {
      const def = defs.find((d) => d.key === a.key);
      if (!def?.yieldsTo?.some((k) => found.has(k))) return;
      const numbers = s.run && n === s.anchors.length - 1 && hasNumber(s.run);
      if (!numbers) {
        out.add(a);
        return;
      }
      const joined = squeezed(s.texts);
      const m = def.match.exec(joined.slice(a.pos));
      const rest = m ? joined.slice(a.pos + m.index + m[0].length) : '';
      const free = def.yieldsTo
        .filter((k) => !found.has(k) && align.rows.has(k))
        .map((k) => defs.findIndex((d) => d.key === k));
      if (rest && sharesChar(rest, align, free, opts)) out.add(a);
    });
  }
  return out;
}

/**
 * Align the runs the patterns left without a row to the rows still free
 * between their placed neighbours (align.ts `certainAlignment`). A run is
 * placed where that is certain and its label reads as that row clearly more
 * than as any row already placed (else it may be a duplicate line). A run
 * that is not placed is `unplaced` where its label reads like a row — for a
 * run of blank cells: where a row is still missing at its place and its
 * label reads like that row, or at least shares a character with it; the
 * rest stay orphans (numbers) or filler (blank cells), as without alignment.
 */
function alignUnanchored(
  segs: readonly Segment[],
  defs: readonly AnchorDef[],
  align: AlignOptions,
  opts: AnchorOptions,
): Aligned {
  const result: Aligned = { placed: new Map(), unplaced: new Map(), consumed: new Set() };
  const at = new Map(defs.map((d, j) => [d.key, j]));
  // A group's heading printed as a row of its own places nothing: it bounds no order and excludes no sub-row.
  const headings = groupHeadings(segs, defs, align, opts);
  const ordering = (s: Segment) => s.anchors.filter((a) => !headings.has(a));
  const fixed = new Set(segs.flatMap((s) => ordering(s).map((a) => a.key)));
  // A collapsed group row and its sub-rows exclude each other: where one is anchored, the other is not a candidate.
  const excluded = new Set(
    defs.flatMap((d) => {
      if (!d.yieldsTo) return [];
      if (fixed.has(d.key)) return d.yieldsTo;
      return d.yieldsTo.some((k) => fixed.has(k)) ? [d.key] : [];
    }),
  );
  // Order: the last row anchored before each segment.
  const before: number[] = [];
  let lo = -1;
  for (const s of segs) {
    before.push(lo);
    for (const a of ordering(s)) lo = Math.max(lo, at.get(a.key)!);
  }

  for (let i = 0; i < segs.length;) {
    if (!segs[i].run || ordering(segs[i]).length) {
      i++;
      continue;
    }
    // A block of runs without a row, up to the next anchored segment (the text after the last run ends every block).
    let j = i;
    while (segs[j].run && ordering(segs[j]).length === 0) j++;
    // Tails are needed only here, where a run has no row: the text after an anchored run stays as the patterns read it.
    for (let s = Math.max(1, i); s <= j; s++) segs[s].tail = tailLength(segs[s], segs[s - 1].run!);
    const block = segs.slice(i, j).map((s, b) => ({ s, si: i + b }));
    // Rows without numbers found in the last run's tail may be that run's own label, broken around it.
    const next = segs[j];
    const tailEnd = squeezed(next.texts.slice(0, next.tail)).length;
    const released = next.anchors.filter((a, n) => (n < next.anchors.length - 1 || !next.run) && a.pos < tailEnd);
    const isReleased = (key: string) => released.some((a) => a.key === key);
    // Order: the first row anchored after the block.
    let hi = defs.length;
    for (let s = j; s < segs.length; s++)
      for (const a of ordering(segs[s])) if (!released.includes(a)) hi = Math.min(hi, at.get(a.key)!);
    const candidates = defs.flatMap((d, c) =>
      c > before[i] &&
      c < hi &&
      align.rows.has(d.key) &&
      !excluded.has(d.key) &&
      (!fixed.has(d.key) || isReleased(d.key))
        ? [c]
        : [],
    );
    // Nothing free here (header rows, filler): only runs with numbers need reading, to say what they are.
    if (candidates.length === 0 && !block.some(({ s }) => hasNumber(s.run!))) {
      i = j;
      continue;
    }

    const labels = block.map(({ s, si }) => ({
      head: ownLabel(s.texts.slice(s.tail)),
      tail: segs[si + 1].texts.slice(0, segs[si + 1].tail),
    }));
    const scores = labels.map(({ head, tail }) => labelEvidence(head, tail, defs, align, opts));
    const grid = block.map(({ si }, b) =>
      candidates.map((c) =>
        scores[b][c] > 0 && (!isReleased(defs[c].key) || si === j - 1) ? scores[b][c] : -Infinity,
      ),
    );
    const taken = certainAlignment(grid, candidates.length, EVIDENCE.margin);
    // A label that reads as well as a row placed elsewhere is a duplicate or a stray.
    const placed = taken.map((t, b) => {
      const c = t >= 0 ? candidates[t] : -1;
      return c >= 0 &&
        defs.every(
          (d, f) => f === c || !fixed.has(d.key) || isReleased(d.key) || scores[b][f] <= scores[b][c] - EVIDENCE.margin,
        )
        ? c
        : -1;
    });
    block.forEach(({ s, si }, b) => {
      const e = scores[b];
      const { head, tail } = labels[b];
      const labelCell = head[0] ?? tail[0] ?? null;
      if (placed[b] >= 0) {
        const key = defs[placed[b]].key;
        result.placed.set(si, { key, labelCell });
        for (const a of released) if (a.key === key) result.consumed.add(a);
        for (const a of s.anchors) result.consumed.add(a); // a heading's: the run was a row's after all
        return;
      }
      // The rows still missing where this run stands, between the rows placed before and after it.
      const from = Math.max(-1, ...placed.slice(0, b));
      const to = Math.min(Infinity, ...placed.slice(b + 1).filter((c) => c >= 0));
      const missing = candidates.filter((c) => c > from && c < to && !placed.includes(c) && !isReleased(defs[c].key));
      // Numbers: said whenever the label reads like a row. Blank cells: where a row is missing
      // here and the label reads like it, or (its evidence lost) shares a character with it.
      // A group label with numbers that a sub-row's label follows: those are not the collapsed row's numbers.
      if (hasNumber(s.run!)) for (const a of s.anchors) result.consumed.add(a);
      const reads = hasNumber(s.run!)
        ? e.some((x) => x > 0)
        : missing.some((c) => e[c] > 0) || sharesChar(head, align, missing, opts);
      if (!reads) return;
      const ranked = defs
        .map((d, f) => ({ key: d.key, x: e[f] }))
        .filter((r) => r.x > 0)
        .sort((x, y) => y.x - x.x)
        .map((r) => r.key);
      // With no evidence for any row, the rows missing here that it shares a character with.
      const near = ranked.length
        ? ranked
        : missing.filter((c) => sharesChar(head, align, [c], opts)).map((c) => defs[c].key);
      result.unplaced.set(si, {
        label: [...head, ...tail].map((t) => t.text).join(''),
        labelCell,
        candidates: near.slice(0, 2),
      });
      for (const a of s.anchors) result.consumed.add(a);
    });
    i = j;
  }
  return result;
}

export interface Fit {
  cells: TCell[];
  extra: TCell[];
  short: boolean;
  /** A markdown row whose filler columns neither the row nor its table could settle. */
  uncertain: boolean;
  /** Blank cells dropped from the start and from the end of the run. */
  dropped: { start: number; end: number };
}

/** A run to fit, its width, and the column of the last column label over its data, where a header says so. */
export interface FitItem {
  run: Run;
  width: number;
  headerEnd?: number;
}

/**
 * A markdown run with surplus cells, all of them blank ones at its ends: the
 * range of how many to drop from the start (the rest go from the end). Null
 * for other layouts, runs without surplus, and surplus that is not all blank.
 */
function shifts(run: Run, width: number): { lo: number; hi: number } | null {
  const cells = run.cells;
  const k = cells.length - width;
  if (run.layout !== 'markdown' || k <= 0) return null;
  let a = 0;
  while (a < cells.length && cells[a].kind === 'blank') a++;
  let b = 0;
  while (b < cells.length && cells[cells.length - 1 - b].kind === 'blank') b++;
  const lo = Math.max(0, k - b);
  const hi = Math.min(a, k);
  return lo <= hi ? { lo, hi } : null;
}

/** Where the run's data starts, for each way of dropping its filler; null if the row gives no such answer. */
function dataStarts(run: Run, width: number): number[] | null {
  if (!run.at || run.layout !== 'markdown' || run.cells.length < width) return null;
  if (run.cells.length === width) return [run.at.col];
  const s = shifts(run, width);
  if (!s) return null;
  return Array.from({ length: s.hi - s.lo + 1 }, (_, i) => run.at!.col + s.lo + i);
}

const sameValues = (a: readonly TCell[], b: readonly TCell[]) =>
  a.every((c, i) => c.value === b[i].value && c.unit === b[i].unit);

/**
 * Fit the runs of one table to the widths the format prints. Markdown tables
 * converted from web pages carry misaligned filler columns at either end;
 * only there are surplus blank cells dropped. In tab-separated and
 * cell-per-line layouts every cell is real, so a surplus is reported, never
 * trimmed away.
 *
 * A markdown row with surplus blank cells at both ends is ambiguous on its
 * own: which of them are filler? The table answers where it can, by two
 * kinds of evidence:
 *
 * - its peers: rows of the same markdown table whose label cells end in the
 *   same column print their data from the same column (a filler column, or
 *   a rowspan's empty cell, sits in the same place in every such row). Every
 *   peer's own cells allow some starts; a start all of them allow, if only
 *   one, is the table's answer. Peers that contradict each other (a
 *   misaligned table) give no answer.
 * - its header (`headerEnd`): the last column label stands over the last
 *   data column.
 *
 * Only when the evidence leaves more than one reading that changes a value,
 * or the two kinds disagree, is the row `uncertain`: its blank cells are then
 * dropped from the start first (the empty label column) and the caller says so.
 */
export function fitRuns(items: readonly FitItem[]): Fit[] {
  // Peers: the data starts every row with the same table and label end allows.
  const agreed = new Map<string, Set<number>>();
  const peerKey = (run: Run) => `${run.at!.table}:${run.at!.col}`;
  for (const { run, width } of items) {
    const starts = dataStarts(run, width);
    if (!starts) continue;
    const key = peerKey(run);
    const prev = agreed.get(key);
    agreed.set(key, new Set(prev ? starts.filter((x) => prev.has(x)) : starts));
  }

  return items.map(({ run, width, headerEnd }) => {
    const cells = run.cells;
    const s = shifts(run, width);
    if (!s) {
      // Nothing to choose: drop what blank surplus there is (start first), report the rest.
      let start = 0;
      let end = cells.length;
      if (run.layout === 'markdown') {
        while (end - start > width && cells[start].kind === 'blank') start++;
        while (end - start > width && cells[end - 1].kind === 'blank') end--;
      }
      const kept = cells.slice(start, end);
      const dropped = { start, end: cells.length - end };
      if (kept.length > width)
        return { cells: kept.slice(0, width), extra: kept.slice(width), short: false, uncertain: false, dropped };
      return { cells: kept, extra: [], short: kept.length < width, uncertain: false, dropped };
    }
    const fitAt = (start: number): Fit => ({
      cells: cells.slice(start, start + width),
      extra: [],
      short: false,
      uncertain: false,
      dropped: { start, end: cells.length - width - start },
    });
    let options = Array.from({ length: s.hi - s.lo + 1 }, (_, i) => s.lo + i);
    if (run.at) {
      const col = run.at.col;
      const evidence: number[][] = [];
      const peers = agreed.get(peerKey(run));
      if (peers && peers.size) evidence.push(options.filter((x) => peers.has(col + x)));
      const underHeader = options.filter((x) => col + x + width - 1 === headerEnd);
      if (underHeader.length) evidence.push(underHeader);
      const settled = evidence.reduce((acc, e) => acc.filter((x) => e.includes(x)), options);
      // Evidence that contradicts itself settles nothing.
      if (settled.length) options = settled;
    }
    // Start first: the empty label column.
    const fit = fitAt(options[options.length - 1]);
    fit.uncertain = options.some((x) => !sameValues(fitAt(x).cells, fit.cells));
    return fit;
  });
}
