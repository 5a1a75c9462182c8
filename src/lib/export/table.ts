/**
 * Every table of the dashboard exports as CSV and XLSX (exceljs), from the
 * same columns and rows it shows. A blank cell exports as an empty cell,
 * never as 0. CSV carries a BOM so that Excel opens the Chinese correctly.
 */
export interface ExportColumn {
  key: string;
  /** Header as shown (Chinese first). */
  label: string;
}
export type ExportRow = Record<string, string | number | boolean | null | undefined>;

const csvCell = (v: ExportRow[string]) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(columns: readonly ExportColumn[], rows: readonly ExportRow[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c.key])).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(sheet: string, columns: readonly ExportColumn[], rows: readonly ExportRow[], note?: string): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '明镜 Mingjing';
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.addRow(columns.map((c) => c.label)).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => (r[c.key] === undefined ? null : r[c.key])));
  if (note) ws.addRow([]), ws.addRow([note]);
  columns.forEach((c, i) => { ws.getColumn(i + 1).width = Math.min(40, Math.max(8, c.label.length * 2 + 2)); });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Hand a file to the browser's download. */
export function download(filename: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
