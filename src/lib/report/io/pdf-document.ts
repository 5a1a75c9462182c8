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
  /** How many tables were read by their ruling lines. */
  tables: number;
}

type Block =
  | { kind: 'line'; top: number; line: TextLine }
  | { kind: 'table'; top: number; table: LatticeTable };

/** A table made of one or more page fragments: its rows, each with the page it is printed on. */
interface Table { rows: { cells: GridCell[]; page: number }[]; last: LatticeTable }

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
const ignorable = (b: Block) => b.kind === 'line' && (isFooter(lineText(b.line.items)) || lineText(b.line.items).trim() === '');

/**
 * The rows of `next` joined onto `table`: the row cut by the page break made
 * whole (each piece of text appended to the cell above it), then the header
 * rows the page repeats dropped.
 */
function join(table: Table, next: LatticeTable, page: number) {
  let rows = next.rows.map((cells) => ({ cells, page }));
  const prev = table.last;
  if (prev.openBottom && next.openTop && rows.length) {
    const lastRow = prev.at[prev.at.length - 1];
    for (const cell of rows[0].cells) {
      if (!cell.text) continue;
      // The cell above: the one covering this cell's middle column on the other page.
      const mid = (next.xs[cell.col] + next.xs[cell.col + cell.colSpan]) / 2;
      const c = prev.xs.findIndex((x, i) => i + 1 < prev.xs.length && mid >= x && mid <= prev.xs[i + 1]);
      const above = c >= 0 ? lastRow[c] : undefined;
      if (above) above.text += cell.text;
    }
    rows = rows.slice(1);
  }
  // Header rows repeated on the new page: the same words as the table's first rows.
  const text = (cells: readonly GridCell[]) => cells.map((c) => squeeze(c.text)).join('\t');
  let k = 0;
  while (
    k < rows.length && k < table.rows.length
    && text(rows[k].cells) === text(table.rows[k].cells)
    && rows[k].cells.some((c) => c.text && !isNumber(c.text))
  ) k++;
  table.rows.push(...rows.slice(k));
  table.last = next;
}

export function documentText(pages: readonly PdfPage[]): PdfDocText {
  // Every page's blocks, with tables continued across page breaks joined.
  const flow: ({ kind: 'line'; line: TextLine; page: number } | { kind: 'table'; table: Table })[] = [];
  let open: Table | null = null; // the table the previous page ended with
  pages.forEach((p, i) => {
    const page = i + 1;
    const blocks = pageBlocks(p);
    const firstReal = blocks.findIndex((b) => !ignorable(b));
    const lastReal = blocks.length - 1 - [...blocks].reverse().findIndex((b) => !ignorable(b));
    blocks.forEach((b, k) => {
      if (b.kind === 'line') { flow.push({ kind: 'line', line: b.line, page }); return; }
      if (k === firstReal && open) {
        join(open, b.table, page);
      } else {
        open = { rows: b.table.rows.map((cells) => ({ cells, page })), last: b.table };
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
    b.table.rows.forEach(({ cells, page }, r) => {
      if (cells.length === 0) return;
      // A row of two or fewer empty cells says nothing; wider blank rows are blank cells (表四 printed empty).
      if (cells.length <= 2 && cells.every((c) => !c.text)) return;
      lines.push(cells.map((c) => c.text).join('\t'));
      origins.set(lines.length, { page, table: tableNo, row: r + 1 });
      lastPage = Math.max(lastPage, page);
    });
    lines.push('');
  }
  return { text: lines.join('\n'), origins, tables: tableNo };
}
