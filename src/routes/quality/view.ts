/**
 * 数据质量: what the view asks the database (the findings that pass the
 * filters, their counts, the places to filter by), and how the answers become
 * its tables and export. Plain functions, tested in Node
 * (tests/views/quality.test.ts); +page.svelte only composes them.
 */
import { sqlQuery } from '$lib/db/coordinator';
import {
  qualityCountsSql,
  qualitySql,
  regionsSql,
  type QualityCount,
  type QualityFilter,
  type QualityRow,
  type RegionRow,
} from '$lib/db/queries-report';
import { t } from '$lib/i18n.svelte';
import { ruleZh, SEVERITIES, severityName, severityZh } from '$lib/ui/rules';
import { ORIGIN, READING_PROBLEMS, SOURCE, tm, type Msg } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/** The filters, from the URL: rule, severity, place and whose problem (`origin`: 报告问题 `report` / 读取问题 `reading`). */
export function filterFrom(params: URLSearchParams): QualityFilter {
  return {
    rule: params.get('rule') || undefined,
    severity: params.get('severity') || undefined,
    region: params.get('region') || undefined,
    origin: params.get('origin') || undefined,
  };
}
export const filtered = (f: QualityFilter) => !!(f.rule || f.severity || f.region || f.origin);
/** Every filter cleared (what 清除筛选 writes to the URL). */
export const CLEARED = { rule: null, severity: null, region: null, origin: null };

/** The places to filter by, the counts within the place, and the findings that pass every filter. */
export const qualityQueries = (f: QualityFilter) => ({
  places: sqlQuery<RegionRow>(regionsSql),
  counts: sqlQuery<QualityCount>(qualityCountsSql(f)),
  rows: sqlQuery<QualityRow>(qualitySql(f)),
});

/** The reports' own problems (what a body's counts are made of), as a rule × severity table. */
export function byRule(counts: readonly QualityCount[]): { rule: string; n: Record<string, number>; total: number }[] {
  const m = new Map<string, Record<string, number>>();
  for (const c of counts.filter((x) => x.origin === 'report')) {
    const e = m.get(c.rule) ?? {};
    e[c.severity] = c.n;
    m.set(c.rule, e);
  }
  return [...m.entries()].map(([rule, n]) => ({ rule, n, total: Object.values(n).reduce((a, b) => a + b, 0) }));
}
/** Per severity, the reports' own problems within the place. */
export function totals(counts: readonly QualityCount[]): Record<string, number> {
  const own = counts.filter((c) => c.origin === 'report');
  return Object.fromEntries(
    SEVERITIES.map((s) => [s, own.filter((c) => c.severity === s).reduce((a, c) => a + c.n, 0)]),
  );
}
/** Every finding within the place, reading problems included (the total's total). */
export const allCounted = (counts: readonly QualityCount[]) => counts.reduce((a, c) => a + c.n, 0);

/** 读取问题, per rule: a group of their own, never in the bodies' counts. */
export function reading(counts: readonly QualityCount[]): { rule: string; n: number; reports: number }[] {
  const m = new Map<string, { n: number; reports: number }>();
  for (const c of counts.filter((x) => x.origin === 'reading')) {
    const e = m.get(c.rule) ?? { n: 0, reports: 0 };
    e.n += c.n;
    e.reports = Math.max(e.reports, c.reports);
    m.set(c.rule, e);
  }
  return [...m.entries()].map(([rule, e]) => ({ rule, ...e }));
}
export const readingTotal = (counts: readonly QualityCount[]) => reading(counts).reduce((a, r) => a + r.n, 0);

/** The rules to choose from: the reports' own, then the reading problems', then the one chosen if neither has it. */
export function ruleOptions(counts: readonly QualityCount[], chosen: string | undefined): string[] {
  const rules = [...byRule(counts).map((r) => r.rule)];
  for (const r of reading(counts)) if (!rules.includes(r.rule)) rules.push(r.rule);
  if (chosen && !rules.includes(chosen)) rules.push(chosen);
  return rules;
}

/** The findings listed, per severity (the reports' own), and the reading problems among them. */
export function shown(rows: readonly QualityRow[]): { bySeverity: Record<string, number>; reading: number } {
  return {
    bySeverity: Object.fromEntries(
      SEVERITIES.map((s) => [s, rows.filter((r) => r.origin !== 'reading' && r.severity === s).length]),
    ),
    reading: rows.filter((r) => r.origin === 'reading').length,
  };
}

/** The name of the chosen place (its code where the list does not have it). */
export const placeName = (places: readonly RegionRow[], region: string | undefined) =>
  places.find((p) => p.region_code === region)?.region ?? region ?? '';

export const reportHref = (id: string) => `/report?id=${encodeURIComponent(id)}`;

/** The list as exported: the Chinese names of severity and rule, the cells it names, whose problem it is. */
export const EXPORT_COLUMNS = [
  { key: 'severity', label: '严重程度' },
  { key: 'rule_zh', label: '问题类型' },
  { key: 'message', label: '说明' },
  { key: 'agency', label: '单位' },
  { key: 'region', label: '地区' },
  { key: 'region_code', label: '区划代码' },
  { key: 'year', label: '年度' },
  { key: 'rule', label: '规则' },
  { key: 'cells', label: '涉及单元格' },
  { key: 'report_id', label: '报告编号' },
  { key: 'origin_zh', label: '谁的问题' },
];
export function exportRows(rows: readonly QualityRow[]) {
  return rows.map((r) => ({
    ...r,
    origin_zh: ORIGIN[r.origin === 'reading' ? 'reading' : 'report'].zh,
    severity: severityZh(r.severity),
    rule_zh: ruleZh(r.rule),
    cells: (JSON.parse(r.cells) as string[]).join(' '),
  }));
}
export const exportNote = () =>
  t('数据来源：各单位政府信息公开工作年度报告，经明镜核验程序检查。', `${SOURCE.en}, checked by Mingjing’s validator.`);

/* ------------------------------------------------ words */

export const INTRO: Msg = {
  zh: '核验程序在每份报告中发现的问题：表内合计与勾稽关系不符、空白单元格、缺行缺表、正文数字与表格矛盾等。点击单位名称查看该报告的表格与原文。',
  en:
    'The problems the checks found in each report: totals and identities between tables that do not hold, blank cells, missing rows and tables, ' +
    'numbers in the text that contradict the tables. Click a body’s name to see that report’s tables and source text. ' +
    'The messages are the checker’s own, in Chinese.',
};
/** A place to filter by: its name and code; a province or a city with what is under it. */
export const placeOption = (p: RegionRow) =>
  `${p.region}${t(`（${p.region_code}）`, ` (${p.region_code})`)}${p.region_code.endsWith('00') ? t('及所辖', ' and below') : ''}`;
export const readingApart = (total: number) =>
  t(
    `共 ${total} 条，不计入上表，也不计入任何单位的数据问题和综合得分；点击数字只看这一类`,
    `${total} in all; not in the table above, nor in any body’s data problems or score; click a number to see only those`,
  );
/** How many findings the list holds, by severity, and the reading problems among them. */
export const listed = (n: number, s: ReturnType<typeof shown>) =>
  `${t(`当前筛选下 ${n} 条：`, `${n} under the current filters: `)}${SEVERITIES.map((x) => `${severityName(x)} ${s.bySeverity[x]}`).join(t('，', ', '))}` +
  `${s.reading ? `${t('；', '; ')}${tm(READING_PROBLEMS)} ${s.reading}` : ''}`;

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask) => askAll(ask, qualityQueries(filterFrom(new URLSearchParams())));
