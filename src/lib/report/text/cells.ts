/**
 * From lines to rows of cells, whatever the layout:
 *
 * - markdown:        `| 规章 | 0 | 0 | 3 |`           (one row per line, `|` separated)
 * - tab-separated:   `规章\t0\t0\t3`                  (HTML tables flattened; empty field = blank cell)
 * - cell per line:   `\t规章` `\t0` `\t0` `\t3`       (a row is a block of lines; a blank line ends it)
 * - plain / PDF:     `规章        0     0     3`      (whitespace separated; blank cells are invisible)
 *
 * Delimited layouts (the first three) keep blank cells; plain text cannot.
 */
import type { SourceLine } from './lines';

export type CellKind = 'text' | 'num' | 'blank';

export interface TCell {
  kind: CellKind;
  /** The cell as printed (trimmed). */
  text: string;
  /** Numeric value for `num` cells. */
  value: number | null;
  /** A unit printed inside the cell, e.g. `251000元`. */
  unit?: '元' | '万元';
  line: number;
  col: number;
}

export type Layout = 'markdown' | 'tsv' | 'cell_per_line' | 'plain';

export interface TRow {
  cells: TCell[];
  layout: Layout;
  /** True when the layout marks cell boundaries, so blank cells are real. */
  delimited: boolean;
  line: number;
}

const NUMBER = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(万元|元)?$/;
/** Printed placeholders that mean "nothing here", and the PDF reader's blank-cell marker (U+E000). */
const DASH = /^(?:[-—–－/／]+|\uE000)$/;
/**
 * A markdown separator line, `|---|:---:|`: every cell hyphens (with optional
 * colons). A row of empty cells, `|  |  |`, is not one: it is a row of blank
 * cells (a table printed without a single number). Nor, except as a table's
 * second line (where markdown puts its separator), is a row of lone dashes,
 * `| - | - |`: blank cells printed as dashes.
 */
function isSeparator(t: string, secondLine: boolean): boolean {
  const inner = t.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells = inner.split('|').map((c) => c.trim());
  return cells.every((c) => /^:?-+:?$/.test(c)) && (secondLine || cells.some((c) => /^:|:$|--/.test(c)));
}

/** `col` is where `text` starts; the cell's column is where its first visible character is. */
export function classify(text: string, line: number, col: number): TCell {
  const t = text.trim();
  if (t) col += text.length - text.trimStart().length;
  if (t === '' || DASH.test(t)) return { kind: 'blank', text: t, value: null, line, col };
  const m = NUMBER.exec(t);
  if (m) {
    const value = Number(m[1].replace(/,/g, ''));
    const cell: TCell = { kind: 'num', text: t, value, line, col };
    if (m[2]) cell.unit = m[2] as '元' | '万元';
    return cell;
  }
  return { kind: 'text', text: t, value: null, line, col };
}

/**
 * A delimited cell that holds several whitespace-separated tokens, some of
 * them numbers (`0 4478.1715`, `行政许可 550`), is read token by token, so
 * a number can never hide inside a label.
 */
function delimitedCell(text: string, lineNo: number, col: number): TCell[] {
  const cell = classify(text, lineNo, col);
  if (cell.kind !== 'text' || !/\s/.test(cell.text)) return [cell];
  const tokens = [...text.matchAll(/\S+/g)].map((m) => classify(m[0], lineNo, col + m.index!));
  return tokens.some((t) => t.kind === 'num') ? tokens : [cell];
}

function splitDelimited(text: string, sep: string, lineNo: number, baseCol: number): TCell[] {
  const cells: TCell[] = [];
  let col = baseCol;
  for (const part of text.split(sep)) {
    cells.push(...delimitedCell(part, lineNo, col));
    col += part.length + sep.length;
  }
  return cells;
}

function markdownCells(line: SourceLine): TCell[] {
  const t = line.text;
  const start = t.indexOf('|');
  let inner = t.slice(start + 1);
  const end = inner.trimEnd();
  if (end.endsWith('|')) inner = end.slice(0, -1);
  return splitDelimited(inner, '|', line.no, start + 1);
}

function plainCells(line: SourceLine): TCell[] {
  const cells: TCell[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.text))) cells.push(classify(m[0], line.no, m.index));
  return cells;
}

/** Group lines into rows of cells. */
export function toRows(lines: readonly SourceLine[]): TRow[] {
  const rows: TRow[] = [];
  let block: TRow | null = null; // open cell-per-line block
  let lastWasBlockCell = false;

  let markdownLines = 0; // consecutive markdown lines so far, this one included

  for (const line of lines) {
    const t = line.text;
    markdownLines = t.trimStart().startsWith('|') ? markdownLines + 1 : 0;
    if (t.trim() === '' && t.split('\t').length > 2) {
      // A tab-separated row whose every field is empty: a row of blank cells, not a break.
      block = null;
      lastWasBlockCell = false;
      rows.push({ cells: splitDelimited(t, '\t', line.no, 0), layout: 'tsv', delimited: true, line: line.no });
      continue;
    }
    if (t.trim() === '') {
      // An empty line ends a cell-per-line row, except that a lone "\t" is a blank cell.
      if (t.startsWith('\t') && !t.slice(1).includes('\t') && block) {
        block.cells.push(classify('', line.no, 1));
        lastWasBlockCell = true;
        continue;
      }
      if (t.startsWith('\t') && !t.slice(1).includes('\t')) {
        block = { cells: [classify('', line.no, 1)], layout: 'cell_per_line', delimited: true, line: line.no };
        rows.push(block);
        lastWasBlockCell = true;
        continue;
      }
      block = null;
      lastWasBlockCell = false;
      continue;
    }
    if (t.trimStart().startsWith('|')) {
      block = null;
      lastWasBlockCell = false;
      if (isSeparator(t, markdownLines === 2)) continue;
      rows.push({ cells: markdownCells(line), layout: 'markdown', delimited: true, line: line.no });
      continue;
    }
    const tabs = t.split('\t').length - 1;
    if (t.startsWith('\t') && tabs === 1) {
      // One cell on its own line.
      if (!block) {
        block = { cells: [], layout: 'cell_per_line', delimited: true, line: line.no };
        rows.push(block);
      }
      block.cells.push(...delimitedCell(t.slice(1), line.no, 1));
      lastWasBlockCell = true;
      continue;
    }
    if (tabs > 0) {
      block = null;
      lastWasBlockCell = false;
      rows.push({ cells: splitDelimited(t, '\t', line.no, 0), layout: 'tsv', delimited: true, line: line.no });
      continue;
    }
    if (lastWasBlockCell && block) {
      // A cell whose text wrapped onto the next line: `\t商业` then `企业`.
      const prev = block.cells[block.cells.length - 1];
      const merged = classify(`${prev.text}${t.trim()}`, prev.line, prev.col);
      block.cells[block.cells.length - 1] = merged.kind === 'num' ? { ...merged, kind: 'text', value: null } : merged;
      continue;
    }
    block = null;
    lastWasBlockCell = false;
    rows.push({ cells: plainCells(line), layout: 'plain', delimited: false, line: line.no });
  }
  return rows;
}
