/**
 * The SQL (and the per-report files) of the report and data-quality views.
 * Components never spell SQL; they call these.
 */
import { lit } from './sql';
import { base } from '$app/paths';
import type { ReportRecord } from '$lib/report/types';
import { JURISDICTION } from './aggregates';

/* ------------------------------------------------------------ report list */

export type ReportListRow = {
  report_id: string;
  agency: string;
  region: string | null;
  region_code: string | null;
  level: string;
  year: number;
  format: string;
  published: string | null;
  source: string;
  /** A jurisdiction across years: the place and the kind of body (a renamed government stays one line). */
  jurisdiction: string;
  /** The report's own findings by severity (origin `report`). */
  n_errors: number;
  n_warnings: number;
  n_info: number;
  /** Reading problems (origin `reading`): shown as 读取问题 (含读取问题), never counted against the body. */
  n_reading: number;
};

const LIST_ORDER = {
  /** By place (the code's order), then body and year: the report view's picker. */
  place: 'r.region_code NULLS LAST, r.agency, r.year',
  /** By level, then body and year: the analysis views' pickers. */
  level: 'r.level, r.agency, r.year',
} as const;

/** Every report, one line each, for the pickers and lists of the views. */
export function reportListSql(order: keyof typeof LIST_ORDER = 'place'): string {
  return `SELECT r.report_id, r.agency, r.region, r.region_code, r.level, r.year, r.format, r.published, r.source,
  ${JURISDICTION} AS jurisdiction, r.n_errors, r.n_warnings, r.n_info, r.n_reading
FROM reports r ORDER BY ${LIST_ORDER[order]}`;
}

/* ----------------------------------------------------------- one report */

/** A report as the report view shows it; a workspace report also carries its file and corrections. */
export type ReportFile = {
  record: ReportRecord;
  text: string | null;
  workspace?: { entry: import('$lib/workspace/types').Entry; corrections: import('$lib/workspace/types').Correction[] };
};

/**
 * The embedded reports' files (static/data/reports: index.json, report_id → file) read through `f`: the global
 * fetch in the app, a page load's own where SvelteKit must put what it reads in the page (./prerendered.ts).
 * Null for an id that is not there.
 */
export function embeddedReports(f: typeof fetch = (input, init) => fetch(input, init)) {
  let index: Promise<Map<string, string>> | null = null;
  const lookup = () => {
    index ??= (async () => {
      const res = await f(`${base}/data/reports/index.json`);
      if (!res.ok) throw new Error(`报告索引无法读取（${res.status}）`);
      const list = (await res.json()) as { report_id: string; file: string }[];
      return new Map(list.map((e) => [e.report_id, e.file]));
    })();
    index.catch(() => (index = null)); // asked again next time
    return index;
  };
  return async (id: string): Promise<ReportFile | null> => {
    const file = (await lookup()).get(id);
    if (!file) return null;
    const res = await f(`${base}/data/reports/${file}.json`);
    if (!res.ok) throw new Error(`报告文件无法读取（${res.status}）`);
    return (await res.json()) as ReportFile;
  };
}

const embedded = embeddedReports();

/** A report's full record (with provenance) and the text the parser read; null when there is no such report. */
export async function loadReport(id: string): Promise<ReportFile | null> {
  // The user's own reports (mine:<entry id>) come from the browser workspace, corrections applied.
  if (id.startsWith('mine:')) return (await import('$lib/workspace/load')).loadEntryReport(id.slice('mine:'.length));
  return embedded(id);
}

/* ---------------------------------------------------------- data quality */

/**
 * `origin`: `report` — the report's own problems (what a body's counts are made of);
 * `reading` — 读取问题, what our reader could not place; absent — both.
 */
export type QualityFilter = { rule?: string; severity?: string; region?: string; origin?: string };

/**
 * A jurisdiction by its GB/T 2260 code includes the places under it:
 * a province (xx0000) its cities and counties, a city (xxxx00) its counties.
 */
export function jurisdictionSql(code: string | undefined, column = 'r.region_code'): string {
  if (!code) return 'true';
  if (!/^\d{6}$/.test(code)) return 'false';
  const prefix = code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
  return `${column} LIKE ${lit(`${prefix}%`)}`;
}

function where(f: QualityFilter, withRuleSeverity = true): string {
  const parts = [jurisdictionSql(f.region)];
  if (withRuleSeverity && f.rule) parts.push(`f.rule = ${lit(f.rule)}`);
  if (withRuleSeverity && f.severity) parts.push(`f.severity = ${lit(f.severity)}`);
  if (withRuleSeverity && (f.origin === 'report' || f.origin === 'reading')) parts.push(`f.origin = ${lit(f.origin)}`);
  return parts.join(' AND ');
}

export type QualityRow = {
  report_id: string;
  agency: string;
  region: string | null;
  region_code: string | null;
  year: number;
  rule: string;
  severity: string;
  origin: string;
  message: string;
  cells: string;
  line: number | null;
  /** The report's reading problems (marked 含读取问题 beside its name). */
  n_reading: number;
};

const SEVERITY_ORDER = `CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

/** Every finding that passes the filters, with its report: the report's own problems first, then 读取问题. */
export function qualitySql(f: QualityFilter): string {
  return `SELECT f.report_id, r.agency, r.region, r.region_code, r.year, f.rule, f.severity, f.origin, f.message, f.cells, f.line, r.n_reading
FROM findings f JOIN reports r USING (report_id)
WHERE ${where(f)}
ORDER BY f.origin = 'reading', ${SEVERITY_ORDER}, f.rule, r.region_code NULLS LAST, r.agency, r.year`;
}

export type QualityCount = { rule: string; severity: string; origin: string; n: number; reports: number };

/**
 * Findings per origin, rule and severity within the jurisdiction (rule, severity and
 * origin filters left open, to navigate by). The page counts a body's problems from
 * the `report` rows only; the `reading` rows are 读取问题, a group of their own.
 */
export function qualityCountsSql(f: QualityFilter): string {
  return `SELECT f.origin, f.rule, f.severity, count(*) AS n, count(DISTINCT f.report_id) AS reports
FROM findings f JOIN reports r USING (report_id)
WHERE ${where(f, false)}
GROUP BY f.origin, f.rule, f.severity
ORDER BY f.origin = 'reading', ${SEVERITY_ORDER}, n DESC, f.rule`;
}

export type RegionRow = { region: string; region_code: string; reports: number };

/** The places (GB/T 2260 codes) reports come from, with how many: the region filter of 数据质量. */
export const regionsSql = `SELECT arg_max(region, length(region)) AS region, region_code, count(*) AS reports FROM reports
WHERE region_code IS NOT NULL GROUP BY region_code ORDER BY region_code`;
