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
}

export type Assignment =
  | { kind: 'row'; key: string; run: Run; labelCell: TCell | null }
  | { kind: 'label_only'; key: string; labelCell: TCell | null }
  | { kind: 'orphan'; run: Run; after: string | null };

type Piece = { kind: 'text'; cell: TCell } | { kind: 'run'; run: Run };

const hasNumber = (run: Run) => run.cells.some((c) => c.kind === 'num');

/** Turn rows into a stream of label text and runs of values. */
export function pieces(rows: readonly TRow[], expected: number): Piece[] {
  const out: Piece[] = [];
  for (const row of rows) {
    const cells = row.cells;
    if (row.delimited) {
      // Text cells in order; the cells between them form runs. A run in the
      // middle of a row that holds no number is filler (a rowspan's empty
      // cell); the run after the last label is the row's data, blanks and all.
      let run: TCell[] = [];
      const flush = (last: boolean) => {
        if (run.length && (last || run.some((c) => c.kind === 'num'))) out.push({ kind: 'run', run: { cells: run, layout: row.layout } });
        run = [];
      };
      for (const c of cells) {
        if (c.kind === 'text') { flush(false); out.push({ kind: 'text', cell: c }); }
        else run.push(c);
      }
      flush(true);
      continue;
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
  }
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

/**
 * Fit a run to the width the format prints. Markdown tables converted from
 * web pages carry misaligned filler columns at either end; only there are
 * surplus blank cells dropped. In tab-separated and cell-per-line layouts
 * every cell is real, so a surplus is reported, never trimmed away.
 *
 * When a markdown row has blanks at both ends and dropping them from the
 * start or from the end gives different cells, the row alone cannot say
 * which columns are filler: the start is dropped (the empty label column)
 * and `uncertain` is set so the caller says so.
 */
export function fitRun(run: Run, width: number): { cells: TCell[]; extra: TCell[]; short: boolean; uncertain: boolean } {
  let cells = [...run.cells];
  let uncertain = false;
  if (run.layout === 'markdown' && cells.length > width) {
    const trim = (xs: TCell[], startFirst: boolean) => {
      const out = [...xs];
      const ends = startFirst ? ['start', 'end'] : ['end', 'start'];
      for (const end of ends) {
        while (out.length > width && (end === 'start' ? out[0] : out[out.length - 1]).kind === 'blank') {
          if (end === 'start') out.shift(); else out.pop();
        }
      }
      return out;
    };
    const a = trim(cells, true);
    const b = trim(cells, false);
    uncertain = a.length === b.length && a.some((c, i) => c !== b[i]) && a.length === width;
    cells = a;
  }
  if (cells.length > width) return { cells: cells.slice(0, width), extra: cells.slice(width), short: false, uncertain };
  return { cells, extra: [], short: cells.length < width, uncertain };
}
