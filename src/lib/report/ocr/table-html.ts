/**
 * A table read from pixels, handed to the engine's existing path as a web
 * page's <table>: one <tr> per grid row, each cell once where it starts with
 * its rowspan/colspan — what ../io/html.ts reads as one TAB-separated line
 * per row, an empty cell an empty field (blank ≠ 0).
 *
 * Beside the HTML, a note per read cell (its confidence and its box) keyed
 * the way html.ts's provenance is: the table's number in the document, the
 * row's number in the table (both 1-based, every <tr> counted) and the
 * cell's field number in that row's line (1-based) — so a value the parser
 * took from "table 3, row 5, column 2" finds its crop.
 */
import type { GridTable } from './grid';
import type { CellReading, OcrBox } from './recognize';

export interface OcrCellNote {
  table: number;
  row: number;
  column: number;
  text: string;
  confidence: number;
  box: OcrBox;
  kind: CellReading['kind'];
  unread?: boolean;
}

export const noteKey = (table: number, row: number, column: number) => `${table}/${row}/${column}`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The <table> of a grid and its readings (in the order of `grid.cells`);
 * `tableNo` is the table's 1-based number in the whole document.
 */
export function tableHtml(
  grid: GridTable,
  readings: readonly CellReading[],
  tableNo: number,
): { html: string; notes: OcrCellNote[] } {
  const nr = grid.ys.length - 1;
  const rows: string[][] = Array.from({ length: nr }, () => []);
  const notes: OcrCellNote[] = [];
  // Where the first column holding a number starts: a blank cell wholly left
  // of it is in the label area — a sub-label column this row does not use
  // ("（六）其他处理" beside an empty ruled box) — never a blank value, and is
  // left out as the PDF reader leaves it out (io/pdf-document.ts), or the row
  // would have one field too many.
  const firstData = Math.min(
    ...grid.cells.filter((c, i) => readings[i]?.kind === 'number' && /^\d/.test(readings[i].text)).map((c) => c.col),
  );
  grid.cells.forEach((cell, i) => {
    const r = readings[i];
    if (r?.kind === 'blank' && !r.unread && cell.col + cell.colSpan <= firstData && cell.col > 0) return;
    const span =
      (cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : '') + (cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : '');
    const text = r?.text ?? '';
    rows[cell.row].push(`<td${span}>${escapeHtml(text)}</td>`);
    if (r)
      notes.push({
        table: tableNo,
        row: cell.row + 1,
        column: rows[cell.row].length,
        text,
        confidence: r.confidence,
        box: r.box,
        kind: r.kind,
        ...(r.unread ? { unread: true } : {}),
      });
  });
  // Every grid row is a <tr>, even one wholly covered by rowspans from above, so row numbers stay the grid's.
  const html = `<table>\n${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n')}\n</table>`;
  return { html, notes };
}
