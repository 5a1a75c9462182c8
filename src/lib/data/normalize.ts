/**
 * Contract records → the long, normalized tables the dashboard queries:
 * reports, agencies, active, requests, review_litigation, findings. Used by
 * the build (`npm run data`) and, later, by the browser import, so a report
 * lands in the same rows whichever way it came in. Blank cells are kept as
 * null rows, never dropped and never 0.
 */
import { ACTIVE_ITEMS, REQUEST_COLUMNS, REQUEST_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS } from '../report/formats';
import { zoneOf } from '../report/parse/region';
import type { ReportRecord } from '../report/types';

/** `未知`: a functional zone's body (开发区, 新区 …) that stands for no county of GB/T 2260 — shown as 级别不明. */
export type Level = '省' | '市' | '县' | '部门' | '办公室' | '未知';

export interface ReportRow {
  report_id: string; source: string; dataset: string; agency: string; agency_id: string;
  region: string | null; region_code: string | null; level: Level; year: number; format: string;
  published: string | null; processing_fee_yuan: number | null;
  /** Findings of the report itself (origin `report`), by severity: what may be held against the body. */
  n_errors: number; n_warnings: number; n_info: number;
  /** Findings of our reading (origin `reading`): never counted against the body, shown as 读取问题. */
  n_reading: number;
}
export interface AgencyRow { agency_id: string; name: string; region: string | null; region_code: string | null; level: Level; parent_code: string | null }
export interface ActiveRow { report_id: string; item: string; measure: string; value: number | null }
export interface RequestRow { report_id: string; row_key: string; row_order: number; outcome_group: string | null; applicant: string; col: number; value: number | null }
export interface ReviewRow { report_id: string; grp: string; outcome: string; col: number; value: number | null }
export interface FindingRow { report_id: string; rule: string; severity: string; origin: string; message: string; cells: string; line: number | null }

export interface Tables {
  reports: ReportRow[];
  agencies: AgencyRow[];
  active: ActiveRow[];
  requests: RequestRow[];
  review_litigation: ReviewRow[];
  findings: FindingRow[];
}

/**
 * The level of a reporting body, from its name and its region code:
 * a government (人民政府) is 省/市/县 by the code, its general office is
 * 办公室, anything else (局, 委员会, 厅 …) a 部门.
 *
 * A functional zone (综合实验区, 新区, 开发区, 高新区 …, see zoneOf) is a
 * government body, never a 部门 by default: where its 管委会 administers a
 * county of GB/T 2260 (平潭综合实验区 → 平潭县 350128) it takes that county's
 * level (its office 办公室, its bureaus 部门); otherwise its level is unknown
 * (`未知`), and no rule that depends on the level (the publication deadline)
 * is applied to it.
 */
export function levelOf(agency: string, regionCode: string | null): Level {
  const name = nameKey(agency);
  if (/办公(?:室|厅)$/.test(name) && /人民政府/.test(name)) return '办公室';
  if (/人民政府$/.test(name)) return governmentLevel(regionCode);
  const zone = zoneOf(name);
  if (zone) {
    if (!zone.county) return '未知';
    return zone.role === 'self' ? governmentLevel(zone.county.code) : zone.role === 'office' ? '办公室' : '部门';
  }
  return '部门';
}

function governmentLevel(regionCode: string | null): Level {
  if (!regionCode) return '县';
  if (regionCode.endsWith('0000')) return '省';
  if (regionCode.endsWith('00')) return '市';
  return '县';
}

/** The code of the place above: a county's city, a city's province. */
export function parentCode(code: string | null): string | null {
  if (!code) return null;
  if (code.endsWith('0000')) return null;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

/**
 * Characters that print as nothing: format characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, U+00AD, bidi
 * controls …) and the rest of Unicode's default-ignorable code points (variation selectors, U+034F …).
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * A name as compared, never as displayed: NFKC (full-width forms, compatibility and Kangxi-radical ideographs
 * folded: ⼈⺠政府 is 人民政府), with invisible characters and whitespace taken out. Two names that print the
 * same are one name — 运城市人民政府办公室 with a word joiner (U+2060) inside is 运城市人民政府办公室.
 */
export const nameKey = (name: string) => name.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, '');

/**
 * Stable ids: an agency by its name as compared (nameKey), a report by agency and year (and the file, for
 * versions). The name shown stays as printed (`agency`, `agencies.name`).
 */
export const agencyId = (agency: string) => nameKey(agency);
export const reportId = (r: ReportRecord) => `${agencyId(r.agency ?? '')}|${r.year}|${r.source.split(/[\\/]/).pop()}`;

/**
 * @param idOf the report id of each record; by default agency, year and file
 *   (the embedded data). The workspace gives its own, `mine:<entry id>`.
 */
export function normalize(records: readonly ReportRecord[], dataset: string, idOf: (r: ReportRecord, i: number) => string = reportId): Tables {
  const t: Tables = { reports: [], agencies: [], active: [], requests: [], review_litigation: [], findings: [] };
  const agencies = new Map<string, AgencyRow>();
  for (const [i, r] of records.entries()) {
    if (r.kind !== 'annual_report' || !r.agency || r.year === null || !r.format) continue;
    const id = idOf(r, i);
    const level = levelOf(r.agency, r.region_code);
    const aid = agencyId(r.agency);
    if (!agencies.has(aid)) agencies.set(aid, { agency_id: aid, name: r.agency, region: r.region, region_code: r.region_code, level, parent_code: level === '办公室' || level === '部门' || level === '未知' ? r.region_code : parentCode(r.region_code) });
    // The body's problems are the report's own; what our reader could not place is counted apart.
    const count = (s: string) => r.findings.filter((f) => f.origin === 'report' && f.severity === s).length;
    t.reports.push({
      report_id: id, source: r.source.split(/[\\/]/).pop()!, dataset, agency: r.agency, agency_id: aid,
      region: r.region, region_code: r.region_code, level, year: r.year, format: r.format,
      published: r.published, processing_fee_yuan: r.processing_fee_yuan,
      n_errors: count('error'), n_warnings: count('warning'), n_info: count('info'),
      n_reading: r.findings.filter((f) => f.origin === 'reading').length,
    });
    for (const it of ACTIVE_ITEMS) {
      for (const [key, value] of Object.entries(r.active)) {
        if (!key.startsWith(`${it.item}.`)) continue;
        t.active.push({ report_id: id, item: it.item, measure: key.slice(it.item.length + 1), value });
      }
    }
    REQUEST_ROWS.forEach((def, order) => {
      const row = r.requests[def.key];
      if (!row) return;
      row.forEach((value, col) => t.requests.push({ report_id: id, row_key: def.key, row_order: order, outcome_group: def.group ?? null, applicant: REQUEST_COLUMNS[col].key, col, value }));
    });
    for (const g of REVIEW_GROUPS) {
      (r[g.key] ?? []).forEach((value, col) => t.review_litigation.push({ report_id: id, grp: g.key, outcome: REVIEW_COLUMNS[col].key, col, value }));
    }
    for (const f of r.findings) {
      t.findings.push({ report_id: id, rule: f.rule, severity: f.severity, origin: f.origin, message: f.message, cells: JSON.stringify(f.cells), line: f.source?.line ?? null });
    }
  }
  t.agencies = [...agencies.values()];
  return t;
}
