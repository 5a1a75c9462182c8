/**
 * Per-capita indicators: a count indicator of a report ÷ the covariate of the
 * report's place (region_code), scaled to "per 10,000 people" where the
 * covariate counts people:
 *
 *   unit 人    value = indicator ÷ covariate × 10,000
 *   unit 千人  value = indicator ÷ covariate × 10
 *   unit 万人  value = indicator ÷ covariate          (already in 10,000s)
 *   other      value = indicator ÷ covariate          (per unit of the covariate, e.g. per 亿元)
 *
 * The covariate value used is the place's value of the report's year, else
 * of the nearest year (the earlier one on a tie); the year used is returned
 * with every value so a view can say when it differs. A report without a
 * value for its place (no region code, not in the file, blank, or 0) gets
 * NULL — shown as —, counted as 无协变量, never 0.
 */
import { lit, litList } from '$lib/db/sql';
import { JURISDICTION } from '../db/aggregates';
import { METRIC_BY_KEY } from '../metrics/definitions';
import { metricColumns } from '../metrics/sql';
import { UNIT_EN } from './units';
import type { Msg } from './types';

/** The count indicators a covariate can divide (the views show the first two at least). */
export const PER_CAPITA_METRICS: readonly string[] = [
  'requests_new',
  'licensing_decisions',
  'penalty_decisions',
  'normative_issued',
  'requests_load',
];
export const isPerCapitaMetric = (k: string) => PER_CAPITA_METRICS.includes(k);

/** The column (and sort key) of a per-capita indicator. */
export const pcKey = (k: string) => `pc_${k}`;
export const pcMetricOf = (key: string): string | null =>
  key.startsWith('pc_') && isPerCapitaMetric(key.slice(3)) ? key.slice(3) : null;

/** What a covariate's unit makes of a ratio: the factor and what the value is "per". */
export interface Scale {
  factor: number;
  per: Msg;
}
const PEOPLE: Record<string, number> = { 人: 10_000, 千人: 10, 万人: 1 };
export function scaleOf(cov: { name: string; nameEn: string; unit: string | null }): Scale {
  if (cov.unit !== null && cov.unit in PEOPLE) {
    // Population: per 10,000 people; other head counts (公务员人数) name whom: per 10,000 (civil servants).
    if (/人口|population/i.test(`${cov.name} ${cov.nameEn}`))
      return { factor: PEOPLE[cov.unit], per: { zh: '万人', en: '10,000 people' } };
    const bare = (s: string) => s.replace(/\s*[（(][^（）()]*[)）]\s*$/, '');
    return { factor: PEOPLE[cov.unit], per: { zh: `万人（${bare(cov.name)}）`, en: `10,000 (${bare(cov.nameEn)})` } };
  }
  if (cov.unit)
    return {
      factor: 1,
      per: {
        zh: cov.unit,
        en: UNIT_EN[cov.unit] ?? (/[\u3400-\u9fff]/.test(cov.unit) ? `unit of ${cov.nameEn}` : cov.unit),
      },
    };
  return { factor: 1, per: { zh: `单位${cov.name}`, en: `unit of ${cov.nameEn}` } };
}

type Cov = { name: string; nameEn: string; unit: string | null };

/** The per-capita indicator's name: 本年新收申请/万人. */
export function perCapitaLabel(metric: string, cov: Cov): Msg {
  const m = METRIC_BY_KEY[metric];
  const s = scaleOf(cov);
  return { zh: `${m.zh}/${s.per.zh}`, en: `${m.en} per ${s.per.en}` };
}

/** The formula, the scale written out: 本年新收申请 ÷ 常住人口（人） × 10,000. In English the covariate is named by its English name. */
export function perCapitaFormula(metric: string, cov: Cov): Msg {
  const m = METRIC_BY_KEY[metric];
  const { factor } = scaleOf(cov);
  const times = factor === 1 ? '' : ` × ${factor.toLocaleString('en-US')}`;
  const zhNote = cov.unit === '万人' ? '（人口以万人计，即每万人）' : '';
  const enNote = cov.unit === '万人' ? ' (population in 10,000s, i.e. per 10,000 people)' : '';
  return { zh: `${m.zh} ÷ ${cov.name}${times}${zhNote}`, en: `${m.en} ÷ ${cov.nameEn}${times}${enNote}` };
}

/** Which reports: those of a level and year, chosen reports, or the reports of chosen places (a trend). */
export type PerCapitaScope =
  { level: string; year: number } | { reports: readonly string[] } | { jurisdictions: readonly string[] };

function scopeWhere(s: PerCapitaScope): string {
  if ('reports' in s) return `r.report_id IN (${litList(s.reports)})`;
  if ('jurisdictions' in s)
    return `r.report_id IN (SELECT unnest(report_ids) FROM agg_jurisdictions WHERE jurisdiction IN (${litList(s.jurisdictions)}))`;
  return `r.level = ${lit(s.level)} AND r.year = ${Number(s.year)}`;
}

/** One row per report of the scope (PerCapitaRow): the covariate used and each indicator, raw and per capita. */
export function perCapitaSql(cov: Cov, scope: PerCapitaScope, metrics: readonly string[] = PER_CAPITA_METRICS): string {
  const { factor } = scaleOf(cov);
  const cols = metrics.filter(isPerCapitaMetric).flatMap((k) => {
    const v = `m.${metricColumns(k).value}`;
    return [
      `${v} AS ${k}`,
      `CASE WHEN p.value IS NULL OR ${v} IS NULL THEN NULL ELSE ${v} / p.value * ${factor} END AS ${pcKey(k)}`,
    ];
  });
  return `WITH scope AS (
  SELECT r.report_id, r.region_code, r.year, ${JURISDICTION} AS jurisdiction FROM reports r WHERE ${scopeWhere(scope)}
), pick AS (
  SELECT s.report_id, c.value, c.year, c.source,
    row_number() OVER (PARTITION BY s.report_id ORDER BY abs(c.year - s.year), c.year) AS k
  FROM scope s JOIN covariates c ON c.region_code = s.region_code
  WHERE c.covariate = ${lit(cov.name)} AND c.value IS NOT NULL AND c.value <> 0
)
SELECT s.report_id, s.jurisdiction, s.year, s.region_code, p.value AS cov_value, p.year AS cov_year, p.source AS cov_source${cols.length ? `,\n  ${cols.join(',\n  ')}` : ''}
FROM scope s JOIN report_metrics m ON m.report_id = s.report_id
LEFT JOIN pick p ON p.report_id = s.report_id AND p.k = 1
ORDER BY s.report_id`;
}

export type PerCapitaRow = {
  report_id: string;
  jurisdiction: string;
  year: number;
  region_code: string | null;
  cov_value: number | null;
  cov_year: number | null;
  cov_source: string | null;
} & Record<string, unknown>;

/** Per covariate, how many reports of the data shown have a value for their place. */
export const coverageSql = `SELECT c.covariate, count(DISTINCT r.report_id)::INTEGER AS reports
FROM covariates c JOIN reports r ON r.region_code = c.region_code
WHERE c.value IS NOT NULL AND c.value <> 0 GROUP BY c.covariate`;

/** What a view says about the covariate used: how many reports had none, how many used another year. */
export function usage(rows: readonly PerCapitaRow[]): {
  reports: number;
  missing: number;
  otherYear: number;
  years: number[];
  sources: string[];
} {
  const used = rows.filter((r) => r.cov_value !== null);
  return {
    reports: rows.length,
    missing: rows.length - used.length,
    otherYear: used.filter((r) => r.cov_year !== r.year).length,
    years: [...new Set(used.map((r) => r.cov_year!))].sort((a, b) => a - b),
    sources: [...new Set(used.map((r) => r.cov_source!))],
  };
}
