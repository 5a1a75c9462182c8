/**
 * Every table of the dashboard exports as CSV and XLSX (exceljs), from the
 * same columns and rows it shows. A blank cell exports as an empty cell,
 * never as 0. CSV carries a BOM so that Excel opens the Chinese correctly.
 *
 * toCsv is the app's one CSV writer (the table exports, the SQL result, the
 * open-data zip, the workspace export all go through it), and it never writes
 * a formula: a text cell that starts with = + - @, a TAB or a CR (OWASP's
 * rule; their full-width forms ＝ ＋ － ＠ too, which East Asian Excel also
 * takes) gets a ' in front, so a spreadsheet shows it as text — an agency,
 * file or covariate named `=cmd|' /C calc'!A0` stays a name. A JS number is
 * never touched (-5 stays -5); the text "-5" is ('-5).
 *
 * toXlsx writes every text as a plain string value (exceljs never takes a
 * string for a formula) and gives the sheet a name Excel accepts
 * (safeSheetName: no \ / ? * [ ] :, at most 31 characters, not blank, no '
 * at either end, not History, unique in the workbook).
 */
export interface ExportColumn {
  key: string;
  /** Header as shown (Chinese first). */
  label: string;
}
export type ExportRow = Record<string, string | number | boolean | null | undefined>;

/** The first characters that make a spreadsheet read a text cell as a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** A text cell as a spreadsheet must show it: as text, never as a formula. */
export function neutraliseCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export const csvCell = (v: ExportRow[string]): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? neutraliseCell(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(columns: readonly ExportColumn[], rows: readonly ExportRow[]): string {
  const lines = [
    columns.map((c) => csvCell(c.label)).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c.key])).join(',')),
  ];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/**
 * A worksheet name Excel (and exceljs) accepts, from any text: each of the
 * forbidden characters \ / ? * [ ] : becomes _, control characters go, a ' at
 * either end goes, at most 31 UTF-16 units (never half a character), never blank
 * (工作表), never History, and unique (case-insensitively) among `taken`, which
 * it joins.
 */
export function safeSheetName(name: string, taken: Set<string> = new Set()): string {
  let s = name
    .replace(/[\\/?*[\]:]/g, '_')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^'+|'+$/g, '')
    .trim();
  // Excel counts UTF-16 units: keep whole characters up to n of them.
  const cut = (x: string, n: number) => {
    let out = '';
    for (const ch of x) {
      if (out.length + ch.length > n) break;
      out += ch;
    }
    return out.replace(/'+$/, '');
  };
  s = cut(s, 31);
  if (s === '' || s.toLowerCase() === 'history') s = s === '' ? '工作表' : `${s}_`;
  let out = s;
  for (let k = 2; taken.has(out.toLowerCase()); k++) out = `${cut(s, 31 - String(k).length - 1)}_${k}`;
  taken.add(out.toLowerCase());
  return out;
}

export async function toXlsx(
  sheet: string,
  columns: readonly ExportColumn[],
  rows: readonly ExportRow[],
  note?: string,
): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '明镜 Mingjing';
  const ws = wb.addWorksheet(safeSheetName(sheet));
  ws.addRow(columns.map((c) => c.label)).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => (r[c.key] === undefined ? null : r[c.key])));
  if (note) {
    ws.addRow([]);
    ws.addRow([note]);
  }
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = Math.min(40, Math.max(8, c.label.length * 2 + 2));
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A download's file name (without extension) any file system takes: no path separators, reserved or control characters. */
export function safeFileName(name: string): string {
  const s = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  return Array.from(s).slice(0, 120).join('') || 'export';
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
