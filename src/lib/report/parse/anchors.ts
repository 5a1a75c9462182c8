/**
 * Reading a table as labels and runs of numbers.
 *
 * PDF and web layouts scatter a row's label around its numbers: wrapped
 * before them, split across them, broken into vertical characters between
 * rows. What survives every layout is the order: a row's label text comes
 * before (or around) its run of numbers, and the next row's label comes
 * after. So the table is read as a stream of text and runs; every run is
 * given to the row whose label was seen since the previous run.
 */
import { squeezeLabel } from '../formats';
import type { Layout, TCell, TRow } from '../text/cells';

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
  | { kind: 'row'; key: string; run: Run; labelCell: TCell | null }
  | { kind: 'label_only'; key: string; labelCell: TCell | null }
  | { kind: 'orphan'; run: Run; after: string | null };

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
    if (r.layout !== 'markdown') { open = false; return -1; }
    if (!open) { table++; open = true; }
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
    if (r.cells.some((c) => c.kind === 'num')) { done.add(t); return; }
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
        if (c.kind === 'text') { flush(false); out.push({ kind: 'text', cell: c }); from = i + 1; }
        else run.push(c);
      });
      flush(true);
      return;
    }
    // Plain text: consecutive numbers form a run; a run that is still short
    // continues on the next line when that line starts with a number.
    for (const c of cells) {
      if (c.kind === 'text') { out.push({ kind: 'text', cell: c }); continue; }
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

interface Found { key: string; pos: number; cell: TCell | null }

/** Find anchors in the label text seen since the last run. */
function findAnchors(texts: TCell[], defs: readonly AnchorDef[], taken: ReadonlySet<string>, opts: AnchorOptions): Found[] {
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
      for (let i = last; i < m.index!; i++) { out += joined[i]; keep.push(i); }
      last = m.index! + m[0].length;
    }
    if (last > 0) {
      for (let i = last; i < joined.length; i++) { out += joined[i]; keep.push(i); }
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
      if (m) found.push({ key: d.key, pos: m.index, cell: cellAt(m.index) });
    } else {
      const m = d.match.exec(stripped);
      if (m) found.push({ key: d.key, pos: origin[m.index] ?? 0, cell: cellAt(origin[m.index] ?? 0) });
    }
  }
  found.sort((a, b) => a.pos - b.pos);
  return found.filter((f) => {
    const def = defs.find((d) => d.key === f.key);
    return !def?.yieldsTo?.some((k) => found.some((g) => g.key === k));
  });
}

/**
 * Walk the stream and pair every run with its label. Runs seen before the
 * first label (header rows) are ignored unless they hold numbers.
 */
export function assignRuns(stream: readonly Piece[], defs: readonly AnchorDef[], opts: AnchorOptions = {}): Assignment[] {
  const out: Assignment[] = [];
  const taken = new Set<string>();
  let texts: TCell[] = [];
  let lastKey: string | null = null;
  for (const p of stream) {
    if (p.kind === 'text') { texts.push(p.cell); continue; }
    const anchors = findAnchors(texts, defs, taken, opts);
    texts = [];
    if (anchors.length === 0) {
      // Blank-only runs without a label are layout filler (empty header cells).
      if (hasNumber(p.run)) out.push({ kind: 'orphan', run: p.run, after: lastKey });
      continue;
    }
    for (const a of anchors.slice(0, -1)) {
      out.push({ kind: 'label_only', key: a.key, labelCell: a.cell });
      taken.add(a.key);
    }
    const a = anchors[anchors.length - 1];
    out.push({ kind: 'row', key: a.key, run: p.run, labelCell: a.cell });
    taken.add(a.key);
    lastKey = a.key;
  }
  for (const a of findAnchors(texts, defs, taken, opts)) out.push({ kind: 'label_only', key: a.key, labelCell: a.cell });
  return out;
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
export interface FitItem { run: Run; width: number; headerEnd?: number }

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

const sameValues = (a: readonly TCell[], b: readonly TCell[]) => a.every((c, i) => c.value === b[i].value && c.unit === b[i].unit);

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
      if (kept.length > width) return { cells: kept.slice(0, width), extra: kept.slice(width), short: false, uncertain: false, dropped };
      return { cells: kept, extra: [], short: kept.length < width, uncertain: false, dropped };
    }
    const fitAt = (start: number): Fit => ({
      cells: cells.slice(start, start + width), extra: [], short: false, uncertain: false,
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
