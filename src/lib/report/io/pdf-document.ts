/**
 * The pages of a PDF (positioned text items and ruling lines) → the report
 * text the parser reads, with where each line came from.
 *
 * Ruled tables are read by their geometry (./pdf-table.ts) and written as a
 * web page's table is (./html.ts): one line per table row, one TAB-separated
 * field per cell, a blank cell an empty field. A table cut by a page break is
 * joined into one: the row that runs on over the break becomes one row again,
 * and the header rows repeated at the top of the next page are dropped. Text
 * outside tables becomes lines, as pdftotext -layout writes them; a page
 * without ruled tables keeps its number columns by their x-positions
 * (./pdf-stream.ts).
 */
import { isFooter } from '../text/lines';
import type { Rules } from './pdf-grid';
import { groupLines, lineText, type PdfItem, type TextLine } from './pdf-layout';
import { streamBlanks } from './pdf-stream';
import { latticeTables, type GridCell, type LatticeTable } from './pdf-table';
import { LimitError } from '../../limits/files';

export interface PdfPage {
  items: PdfItem[];
  rules: Rules;
}

/** Where a line of the text came from: its page, and for a table row the table (1-based in the document) and row. */
export interface PdfOrigin {
  page: number;
  table?: number;
  row?: number;
}

export interface PdfDocText {
  text: string;
  /** Line number (1-based) → origin. */
  origins: Map<number, PdfOrigin>;
}

type Block = { kind: 'line'; top: number; line: TextLine } | { kind: 'table'; top: number; table: LatticeTable };

/**
 * A table made of one or more page fragments: its rows, each with the page it
 * is printed on; the last fragment; and where its number columns start (from
 * the first fragment that prints a number: a page of blank rows has none).
 */
interface Table {
  rows: { cells: GridCell[]; page: number }[];
  last: LatticeTable;
  dataLeft?: number;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');
const isNumber = (s: string) => /^[+-]?[\d,]+(?:\.\d+)?$/.test(squeeze(s));

function pageBlocks(page: PdfPage): Block[] {
  const { tables, rest } = latticeTables(page.items, page.rules);
  const loose = tables.length ? rest : [...rest, ...streamBlanks(rest)];
  const blocks: Block[] = [
    ...groupLines(loose).map((line) => ({ kind: 'line' as const, top: line.top, line })),
    ...tables.map((table) => ({ kind: 'table' as const, top: table.ys[0], table })),
  ];
  return blocks.sort((a, b) => b.top - a.top);
}

/** A page number or running footer between two halves of a table does not stop them joining. */
const ignorable = (b: Block) => {
  if (b.kind !== 'line') return false;
  const text = lineText(b.line.items).trim();
  return text === '' || isFooter(text);
};

/**
 * The rows of `next` joined onto `table`: the header rows the page repeats
 * dropped, then the row cut by the page break made whole (each piece of text
 * appended to the cell above it).
 */
function join(table: Table, next: LatticeTable, page: number) {
  let rows = next.rows.map((cells) => ({ cells, page }));
  // The header repeated on the new page: the same words as the table's whole
  // header — the rows above its first number, or above the first row with no
  // text at all; where the table so far has neither, every row but the one
  // the break cut (its numbers may be on this page). Compared as a set of
  // cell texts, since a header itself cut by a break is gridded differently.
  const prev = table.last;
  const ends = table.rows.findIndex((r) => r.cells.every((c) => !c.text) || r.cells.some((c) => isNumber(c.text)));
  const header = table.rows.slice(0, ends >= 0 ? ends : table.rows.length - (prev.openBottom ? 1 : 0));
  const words = (rs: readonly { cells: GridCell[] }[]) =>
    rs
      .flatMap((r) => r.cells.map((c) => squeeze(c.text)).filter(Boolean))
      .sort()
      .join('\u0001');
  const target = words(header);
  let k = 0;
  if (target) {
    for (let n = 1; n <= rows.length && words(rows.slice(0, n)).length <= target.length; n++) {
      if (words(rows.slice(0, n)) === target) {
        k = n;
        break;
      }
    }
  }
  rows = rows.slice(k);
  // The page ended inside a row: the first row here is its rest. Either no rule
  // closed it (the first row then starts open, or right under a repeated
  // header), or the producer closed both halves (LibreOffice does) and the rest
  // is recognisable: it carries only words on one side of the break, and its
  // words go on from the label above instead of starting a row of their own.
  if (
    rows.length &&
    (prev.openBottom ? next.openTop || k > 0 : isRest(prev, rows[0].cells, table.dataLeft ?? next.dataLeft))
  ) {
    appendTo(prev, next, rows[0].cells);
    rows = rows.slice(1);
  }
  table.rows.push(...rows);
  table.last = next;
  table.dataLeft ??= next.dataLeft;
}

/** Each piece of text of a row cut by a page break appended to the cell above it on the other page. */
function appendTo(prev: LatticeTable, next: LatticeTable, cells: readonly GridCell[]) {
  const lastRow = prev.at[prev.at.length - 1];
  for (const cell of cells) {
    if (!cell.text) continue;
    // The cell above: the one covering this cell's middle on the other page.
    const mid = (next.xs[cell.col] + next.xs[cell.col + cell.colSpan]) / 2;
    const c = prev.xs.findIndex((x, i) => i + 1 < prev.xs.length && mid >= x && mid <= prev.xs[i + 1]);
    if (c >= 0) lastRow[c].text += cell.text;
  }
}

/** How a row label starts: 一、 （三） (3) 3. 3、 — the rest of a label never does. */
const ENUMERATED = /^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])/;

/**
 * The first row of a page, closed by rules on both sides of the break, is the
 * rest of the row above it when its own label (the last before its numbers)
 * does not start like a row's, and either it prints numbers but no
 * label at all (every row of a table with labels has one), or one of the two
 * halves has nothing at all in its number cells (the label wrapped on, the
 * numbers stood on the other page; a header row above has words there).
 */
function isRest(prev: LatticeTable, first: readonly GridCell[], dataLeft: number | undefined): boolean {
  if (dataLeft === undefined || dataLeft <= prev.xs[0] + 1) return false; // a table without labels (表四) cannot tell
  const above = prev.at[prev.at.length - 1].filter((c, i, row) => row.indexOf(c) === i);
  // Words, by what they say (a label cell may be widened over number columns).
  const words = (cells: readonly GridCell[]) =>
    cells.filter((c) => c.text && !isNumber(c.text)).map((c) => squeeze(c.text));
  // Anything printed in a cell that reaches into the number columns: a number, a header's word, a heading across the table.
  const inData = (cells: readonly GridCell[]) => cells.some((c) => c.text && c.right > dataLeft + 1);
  // Its own label (the last before the numbers; a group label spanning the rows below may stand before it).
  const own = words(first).at(-1);
  if (!words(above).length || (own && ENUMERATED.test(own))) return false;
  // Numbers with no label of their own, in a table whose rows have labels: the rest of the row above.
  if (!words(first).length) return first.some((c) => isNumber(c.text));
  return !inData(first) || !inData(above);
}

export function documentText(pages: readonly PdfPage[]): PdfDocText {
  // Every page's blocks, with tables continued across page breaks joined.
  const flow: ({ kind: 'line'; line: TextLine; page: number } | { kind: 'table'; table: Table })[] = [];
  let open: Table | null = null; // the table the previous page ended with
  pages.forEach((p, i) => {
    const page = i + 1;
    let blocks: Block[];
    try {
      blocks = pageBlocks(p);
    } catch (e) {
      // A limit of the table reader: say on which page.
      if (e instanceof LimitError) throw new LimitError(`第 ${page} 页${e.reason}`);
      throw e;
    }
    const firstReal = blocks.findIndex((b) => !ignorable(b));
    const lastReal = blocks.length - 1 - [...blocks].reverse().findIndex((b) => !ignorable(b));
    blocks.forEach((b, k) => {
      if (b.kind === 'line') {
        flow.push({ kind: 'line', line: b.line, page });
        return;
      }
      if (k === firstReal && open) {
        join(open, b.table, page);
      } else {
        open = { rows: b.table.rows.map((cells) => ({ cells, page })), last: b.table, dataLeft: b.table.dataLeft };
        flow.push({ kind: 'table', table: open });
      }
    });
    // Only a table that ends its page (a page number below it aside) continues on the next.
    const end = blocks[lastReal];
    if (!end || end.kind !== 'table') open = null;
  });

  const lines: string[] = [];
  const origins = new Map<number, PdfOrigin>();
  let tableNo = 0;
  let lastPage = 1;
  for (const b of flow) {
    if (b.kind === 'line') {
      // A form feed before a page's first line, as pdftotext writes it (the parser reads it as a space).
      const feed = b.page > lastPage ? '\f' : '';
      lastPage = Math.max(lastPage, b.page);
      lines.push(feed + lineText(b.line.items));
      origins.set(lines.length, { page: b.page });
      continue;
    }
    tableNo++;
    // An empty cell in the label area is no blank data cell: it is not written, so it cannot shift the numbers.
    const dataLeft = b.table.dataLeft ?? Infinity;
    b.table.rows.forEach(({ cells: all, page }, r) => {
      const cells = all.filter((c) => c.text || c.right > dataLeft + 1);
      if (cells.length === 0) return;
      // A sliver with no text (a double rule, the padding left of a row cut by a page break) is no row.
      if (cells.every((c) => !c.text) && Math.min(...cells.map((c) => c.top - c.bottom)) < 4) return;
      // A row of two or fewer empty cells says nothing; wider blank rows are blank cells (表四 printed empty).
      if (cells.length <= 2 && cells.every((c) => !c.text)) return;
      lines.push(cells.map((c) => c.text).join('\t'));
      origins.set(lines.length, { page, table: tableNo, row: r + 1 });
      lastPage = Math.max(lastPage, page);
    });
    lines.push('');
  }
  return { text: lines.join('\n'), origins };
}
