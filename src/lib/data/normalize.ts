/**
 * Contract records → the long, normalized tables the dashboard queries:
 * reports, agencies, active, requests, review_litigation, findings. Used by
 * the build (`npm run data`) and, later, by the browser import, so a report
 * lands in the same rows whichever way it came in. Blank cells are kept as
 * null rows, never dropped and never 0.
 */
import { ACTIVE_ITEMS, REQUEST_COLUMNS, REQUEST_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS } from '../report/formats';
import type { ReportRecord } from '../report/types';

export type Level = '省' | '市' | '县' | '部门' | '办公室';

export interface ReportRow {
  report_id: string; source: string; dataset: string; agency: string; agency_id: string;
  region: string | null; region_code: string | null; level: Level; year: number; format: string;
  published: string | null; processing_fee_yuan: number | null;
  n_errors: number; n_warnings: number; n_info: number;
}
export interface AgencyRow { agency_id: string; name: string; region: string | null; region_code: string | null; level: Level; parent_code: string | null }
export interface ActiveRow { report_id: string; item: string; measure: string; value: number | null }
export interface RequestRow { report_id: string; row_key: string; row_order: number; outcome_group: string | null; applicant: string; col: number; value: number | null }
export interface ReviewRow { report_id: string; grp: string; outcome: string; col: number; value: number | null }
export interface FindingRow { report_id: string; rule: string; severity: string; message: string; cells: string; line: number | null }

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
 */
export function levelOf(agency: string, regionCode: string | null): Level {
  if (/办公(?:室|厅)$/.test(agency) && /人民政府/.test(agency)) return '办公室';
  if (!/人民政府$/.test(agency)) return '部门';
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

/** Stable ids: an agency by its name, a report by agency and year (and the file, for versions). */
export const agencyId = (agency: string) => agency.replace(/\s+/g, '');
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
    if (!agencies.has(aid)) agencies.set(aid, { agency_id: aid, name: r.agency, region: r.region, region_code: r.region_code, level, parent_code: level === '办公室' || level === '部门' ? r.region_code : parentCode(r.region_code) });
    const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
    t.reports.push({
      report_id: id, source: r.source.split(/[\\/]/).pop()!, dataset, agency: r.agency, agency_id: aid,
      region: r.region, region_code: r.region_code, level, year: r.year, format: r.format,
      published: r.published, processing_fee_yuan: r.processing_fee_yuan,
      n_errors: count('error'), n_warnings: count('warning'), n_info: count('info'),
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
      t.findings.push({ report_id: id, rule: f.rule, severity: f.severity, message: f.message, cells: JSON.stringify(f.cells), line: f.source?.line ?? null });
    }
  }
  t.agencies = [...agencies.values()];
  return t;
}
