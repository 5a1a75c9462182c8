/**
 * A covariate file → covariates. CSV (UTF-8, UTF-16 with BOM, or GBK/GB18030;
 * comma or tab) or XLSX (the first sheet), with a header row: a key column
 * (地区代码/区划代码/code, or 地区/名称/name), optional 年份/year and
 * 来源/source columns, and one covariate per other column with numbers (its
 * header is its name, e.g. 常住人口（万人）, the unit in the brackets).
 *
 * Blank cells stay null (never 0); a cell that is not a number is reported
 * with its row and kept blank; a place that cannot be matched is listed with
 * the reason; a file that cannot be read fails alone, with a message in
 * Chinese (and English). Pure: runs in Node (tests) and in the browser.
 */
import { csvParseRows, tsvParseRows } from 'd3';
import { decodeText, looksBinary } from '../report/io/decode';
import { matchCode, matchName } from './match';
import type { Covariate, CovariateValue, Msg } from './types';
import { UNIT_EN } from './units';

export { UNIT_EN };

export class CovariateFileError extends Error {
  constructor(readonly msg: Msg) {
    super(msg.zh);
  }
}

export type Cell = string | number | null;

/* ------------------------------------------------------------ reading */

/** The file's first sheet (or its CSV) as rows of cells. */
export async function readTable(file: string, bytes: Uint8Array): Promise<Cell[][]> {
  if (!bytes.length) throw new CovariateFileError({ zh: `“${file}”是空文件`, en: `“${file}” is empty` });
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.xls$/i.test(file) || (bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    throw new CovariateFileError({
      zh: `“${file}”是旧版 Excel（.xls）文件，无法读取：请另存为 .xlsx 或 .csv 后再导入`,
      en: `“${file}” is an old Excel file (.xls): save it as .xlsx or .csv and import that`,
    });
  }
  if (/\.xlsx$|\.xlsm$/i.test(file) || zip) return readXlsx(file, bytes);
  if (looksBinary(bytes))
    throw new CovariateFileError({
      zh: `“${file}”不是 CSV 文本文件，也不是 XLSX，无法读取`,
      en: `“${file}” is neither a CSV text file nor an XLSX workbook`,
    });
  const text = decodeText(bytes).text.replace(/^\ufeff/, '');
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return (first.includes('\t') && !first.includes(',') ? tsvParseRows(text) : csvParseRows(text)) as Cell[][];
}

/** An exceljs cell value as a plain number or string. */
function plainValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return plainValue(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('text' in o) return plainValue(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

async function readXlsx(file: string, bytes: Uint8Array): Promise<Cell[][]> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new CovariateFileError({
      zh: `“${file}”不是有效的 XLSX 文件，无法读取（${(e as Error).message}）`,
      en: `“${file}” is not a valid XLSX workbook (${(e as Error).message})`,
    });
  }
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0);
  if (!ws) throw new CovariateFileError({ zh: `“${file}”的工作表都是空的`, en: `every sheet of “${file}” is empty` });
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(plainValue(row.getCell(c).value));
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

/* ------------------------------------------------------------ columns */

const CODE = /^(?:(?:行政)?区划代码|地区代码|行政区划代码|区域代码|代码|编码|code|region_?code|adcode|gb_?code)$/i;
const NAME =
  /^(?:地区|地区名称|名称|地名|区划名称|行政区划名称|行政区划|区域|区县|城市|name|region|region_?name|place)$/i;
const YEAR = /^(?:年份|年度|年|统计年度|year)$/i;
const SOURCE = /^(?:来源|数据来源|出处|source)$/i;
const NOTE = /^(?:备注|说明|注|note|notes|remark)$/i;

const header = (c: Cell) =>
  String(c ?? '')
    .replace(/^\ufeff/, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();

/** The unit in a header's last brackets: 常住人口（万人） → 万人; or a usual unit after a last slash: 人口/万人 → 万人. */
export function unitOf(name: string): string | null {
  const bracketed = name.match(/[（(]\s*([^（）()]+?)\s*[)）]\s*$/)?.[1];
  if (bracketed) return bracketed;
  const slashed = name.match(/[/／]\s*([^/／]+?)\s*$/)?.[1];
  return slashed && slashed in UNIT_EN ? slashed : null;
}

/** English names of the usual covariates (the import form can change them). */
const EN: [RegExp, string][] = [
  [/常住人口/, 'resident population'],
  [/户籍人口/, 'registered population'],
  [/人口/, 'population'],
  [/地区生产总值|GDP/i, 'GDP'],
  [/财政收入|一般公共预算收入/, 'fiscal revenue'],
  [/公务员/, 'civil servants'],
  [/面积/, 'area'],
  [/户数/, 'households'],
];
export function suggestEnglish(name: string): string {
  if (!/[\u3400-\u9fff]/.test(name)) return name;
  const base = EN.find(([re]) => re.test(name))?.[1] ?? 'covariate';
  const unit = unitOf(name);
  return unit && UNIT_EN[unit] ? `${base} (${UNIT_EN[unit]})` : base;
}

/* ------------------------------------------------------------ cells */

/** A number as a spreadsheet writes it: 1,234.5 / １２３ / 1.2e4. Blank → null; anything else → NaN. */
export function toNumber(c: Cell): number | null {
  if (c === null) return null;
  if (typeof c === 'number') return Number.isFinite(c) ? c : Number.NaN;
  const s = c
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[\s\u3000]+/g, '');
  if (!s) return null;
  const n = s.replace(/(\d)[,，](?=\d{3}(?:\D|$))/g, '$1');
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(n) ? Number(n) : Number.NaN;
}

function toYear(c: Cell): number | null | 'bad' {
  if (c === null || String(c).trim() === '') return null;
  const m = String(c)
    .trim()
    .match(/^(\d{4})(?:\.0+)?\s*年?(?:度)?$/);
  const y = m ? Number(m[1]) : Number.NaN;
  return y >= 1949 && y <= 2100 ? y : 'bad';
}

/* ------------------------------------------------------------ the file */

export interface Problem {
  row: number;
  column?: string;
  message: Msg;
}
export interface ParsedColumn {
  name: string;
  unit: string | null;
  nameEn: string;
  /** Matched places only; year and source null where the file leaves them to the import form. */
  values: (Omit<CovariateValue, 'year' | 'source'> & { year: number | null; source: string | null })[];
}
export interface ParsedFile {
  file: string;
  /** Which columns identified the places. */
  keys: { code: string | null; name: string | null };
  year: string | null;
  source: string | null;
  /** Data rows read (blank lines left out). */
  rows: number;
  matched: number;
  columns: ParsedColumn[];
  unmatched: { row: number; key: string; reason: Msg }[];
  problems: Problem[];
  /** Columns not taken as covariates, and why. */
  notices: Msg[];
  /** Whether the import form must give a year, a source (some row has none). */
  needsYear: boolean;
  needsSource: boolean;
}

export function analyseTable(file: string, table: Cell[][]): ParsedFile {
  const blankRow = (r: Cell[]) => r.every((c) => c === null || String(c).trim() === '');
  const h = table.findIndex((r) => !blankRow(r));
  if (h < 0) throw new CovariateFileError({ zh: `“${file}”没有任何内容`, en: `“${file}” has no content` });
  const heads = table[h].map(header);
  const find = (re: RegExp) => heads.findIndex((x) => re.test(x));
  const [code, name, year, source] = [find(CODE), find(NAME), find(YEAR), find(SOURCE)];
  if (code < 0 && name < 0) {
    throw new CovariateFileError({
      zh: `“${file}”第 ${h + 1} 行（表头）没有地区代码列或地区名称列：表头应有“地区代码”（或 区划代码、code）或“地区”（或 名称、name）。现有表头：${heads.filter(Boolean).join('、') || '（空）'}`,
      en: `the header (line ${h + 1}) of “${file}” has no region code or place name column: name one 地区代码 (or 区划代码, code) or 地区 (or 名称, name). Headers found: ${heads.filter(Boolean).join(', ') || '(none)'}`,
    });
  }
  const notices: Msg[] = [];
  const candidates: number[] = [];
  heads.forEach((x, i) => {
    if ([code, name, year, source].includes(i)) return;
    const used = table.slice(h + 1).some((r) => r[i] !== null && r[i] !== undefined && String(r[i]).trim() !== '');
    if (!x) {
      if (used)
        notices.push({
          zh: `第 ${i + 1} 列没有表头，未导入`,
          en: `column ${i + 1} has no header and was not imported`,
        });
      return;
    }
    if (NOTE.test(x))
      return void notices.push({ zh: `列“${x}”是备注，未导入`, en: `column “${x}” is a note and was not imported` });
    candidates.push(i);
  });
  const dup = heads.filter((x, i) => candidates.includes(i) && heads.indexOf(x) !== i);
  if (dup.length)
    throw new CovariateFileError({
      zh: `“${file}”有重名的列：${[...new Set(dup)].join('、')}`,
      en: `“${file}” has columns with the same header: ${[...new Set(dup)].join(', ')}`,
    });

  const unmatched: ParsedFile['unmatched'] = [];
  const problems: Problem[] = [];
  const places: {
    row: number;
    code: string;
    region: string;
    year: number | null;
    source: string | null;
    cells: Cell[];
  }[] = [];
  let rows = 0;
  table.slice(h + 1).forEach((r, k) => {
    if (blankRow(r)) return;
    rows++;
    const line = h + 2 + k;
    const codeCell = code >= 0 ? String(r[code] ?? '').trim() : '';
    const nameCell = name >= 0 ? String(r[name] ?? '').trim() : '';
    if (!codeCell && !nameCell)
      return void unmatched.push({
        row: line,
        key: '',
        reason: { zh: '没有地区代码，也没有地区名称', en: 'neither a region code nor a place name' },
      });
    // The code decides where there is one; the name is used where the code is left blank.
    const m = codeCell ? matchCode(codeCell) : matchName(nameCell);
    if (m.code === null) return void unmatched.push({ row: line, key: codeCell || nameCell, reason: m.reason });
    const y = year >= 0 ? toYear(r[year] ?? null) : null;
    if (y === 'bad')
      problems.push({
        row: line,
        column: heads[year],
        message: {
          zh: `年份“${r[year]}”无法识别，该行按表单中的年份处理`,
          en: `year “${r[year]}” is not a year; the form's year is used for this row`,
        },
      });
    const s = source >= 0 ? String(r[source] ?? '').trim() : '';
    places.push({
      row: line,
      code: m.code,
      region: m.region,
      year: y === 'bad' ? null : y,
      source: s || null,
      cells: r,
    });
  });

  const columns: ParsedColumn[] = [];
  for (const i of candidates) {
    const x = heads[i];
    const cellProblems: Problem[] = [];
    let numbers = 0;
    const seen = new Map<string, number>();
    const values: ParsedColumn['values'] = [];
    for (const p of places) {
      const raw = p.cells[i] ?? null;
      let v = toNumber(raw);
      if (v !== null && Number.isNaN(v)) {
        cellProblems.push({
          row: p.row,
          column: x,
          message: {
            zh: `“${raw}”不是数字，按空白处理（不计为0）`,
            en: `“${raw}” is not a number; taken as blank (not 0)`,
          },
        });
        v = null;
      } else if (v !== null) numbers++;
      const key = `${p.code}|${p.year ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined) {
        cellProblems.push({
          row: p.row,
          column: x,
          message: {
            zh: `与第 ${first} 行是同一地区（${p.region}）同一年份，只取第 ${first} 行`,
            en: `same place (${p.region}) and year as line ${first}; line ${first} is kept`,
          },
        });
        continue;
      }
      seen.set(key, p.row);
      values.push({ code: p.code, region: p.region, value: v, year: p.year, source: p.source, row: p.row });
    }
    if (!numbers) {
      notices.push(
        places.some((p) => toNumber(p.cells[i] ?? null) !== null)
          ? { zh: `列“${x}”没有数字，不作为协变量`, en: `column “${x}” has no numbers and is not a covariate` }
          : { zh: `列“${x}”全部空白，不作为协变量`, en: `column “${x}” is blank throughout and is not a covariate` },
      );
      continue;
    }
    problems.push(...cellProblems);
    columns.push({ name: x, unit: unitOf(x), nameEn: suggestEnglish(x), values });
  }
  if (!columns.length) {
    throw new CovariateFileError({
      zh: `“${file}”没有数值列：除地区、年份、来源外，至少要有一列数字（如“常住人口（万人）”）`,
      en: `“${file}” has no numeric column: besides place, year and source, at least one column must hold numbers (e.g. 常住人口（万人）)`,
    });
  }
  problems.sort((a, b) => a.row - b.row);
  return {
    file,
    keys: { code: code >= 0 ? heads[code] : null, name: name >= 0 ? heads[name] : null },
    year: year >= 0 ? heads[year] : null,
    source: source >= 0 ? heads[source] : null,
    rows,
    matched: places.length,
    columns,
    unmatched,
    problems,
    notices,
    needsYear: places.some((p) => p.year === null),
    needsSource: places.some((p) => p.source === null),
  };
}

export async function parseCovariateFile(file: string, bytes: Uint8Array): Promise<ParsedFile> {
  return analyseTable(file, await readTable(file, bytes));
}

/* ------------------------------------------------------------ import */

export interface ImportForm {
  /** For rows without a year of their own. */
  year?: number | null;
  /** For rows without a source of their own. */
  source?: string | null;
  /** Per covariate name: its unit and English name, when the form changes them. */
  units?: Record<string, string | null>;
  namesEn?: Record<string, string>;
}

/** A short digest (FNV-1a, 32 bits) of a covariate's values. */
function fingerprint(values: readonly CovariateValue[]): string {
  const s = values
    .map((v) => `${v.code},${v.year},${v.value ?? ''},${v.source}`)
    .sort()
    .join(';');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The parsed file and the form's answers → covariates to store. Throws when a year or a source is still missing. */
export function toCovariates(p: ParsedFile, form: ImportForm = {}, now = new Date()): Covariate[] {
  const year = form.year ?? null;
  const source = form.source?.trim() || null;
  if (p.needsYear && (year === null || !Number.isInteger(year) || year < 1949 || year > 2100)) {
    throw new CovariateFileError({
      zh: '请填写协变量的年份（文件中有行没有年份）',
      en: 'Give the covariate’s year (some rows of the file have none)',
    });
  }
  if (p.needsSource && !source) {
    throw new CovariateFileError({
      zh: '请填写协变量的来源（文件中有行没有来源），如“某市2021年统计年鉴”',
      en: 'Give the covariate’s source (some rows of the file have none), e.g. a statistical yearbook',
    });
  }
  return p.columns.map((c) => {
    const values: CovariateValue[] = c.values.map((v) => ({
      ...v,
      year: v.year ?? year!,
      source: v.source ?? source!,
    }));
    // A row whose own year was missing may now repeat a place and year: the first line is kept.
    const seen = new Set<string>();
    const unique = values.filter((v) => !seen.has(`${v.code}|${v.year}`) && seen.add(`${v.code}|${v.year}`));
    const unit = form.units && c.name in form.units ? form.units[c.name]?.trim() || null : c.unit;
    return {
      name: c.name,
      nameEn: form.namesEn?.[c.name]?.trim() || c.nameEn,
      unit,
      file: p.file,
      importedAt: now.toISOString(),
      fingerprint: fingerprint(unique),
      values: unique,
      unmatched: p.unmatched.length,
    };
  });
}
