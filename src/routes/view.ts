/**
 * 总览: the key figures per year and level. The first paint shows the
 * build-time figures of the embedded reports (+page.ts, aggregates.json);
 * when the views show other data (the user's imported reports, or only those),
 * the same figures come from DuckDB (the same SQL, `overviewSql`) — the one
 * query here. Plain functions, tested in Node (tests/views/overview.test.ts);
 * +page.svelte only composes them.
 */
import { base } from '$app/paths';
import { query } from '$lib/db/coordinator';
import { overviewSql } from '$lib/db/queries';
import { t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY } from '$lib/metrics/definitions';
import { fmtInt } from '$lib/ui/format';
import { defines, levelName, missingMark, nReports, sep } from '$lib/ui/words';
import type { Aggregates, OverviewRow } from './+page';

/** Whether the data shown is not the embedded set alone: the user's reports, or only them. */
export const hasOwnData = (ds: { choice: string; mineReports: number }) => ds.choice === 'mine' || ds.mineReports > 0;

/** The figures from DuckDB when the data shown has the user's own reports (`own()`, read once the database is ready); else null. */
export const liveQueries = (own: () => boolean) => ({
  live: query(`overview, live\n${overviewSql}`, async (db) => (own() ? db.query<OverviewRow>(overviewSql) : null)),
});

/** The source line of figures computed live: the data chosen (its name), how many reports. */
export const liveSource = (data: { zh: string; en: string }, reports: number) =>
  t(
    `数据来源：各单位政府信息公开工作年度报告——当前所选数据（${data.zh}，含本机导入的报告）共 ${reports} 份，由浏览器中的 DuckDB 计算。空白单元格按空白处理，不计为0。`,
    `Source: the annual reports in the data chosen (${data.en}, including reports imported on this machine), ${reports} reports, ` +
      'computed by DuckDB in this browser. Blank cells stay blank, never counted as 0.',
  );

/** The synthetic benchmark set's own build-time figures (?data=synthetic), never the real ones. */
export async function loadSynthetic(): Promise<Aggregates> {
  return (await fetch(`${base}/synthetic/aggregates.json`)).json();
}

/** The scope in the URL (?year=2021&level=县); all years and levels before the page has mounted (it is prerendered). */
export function scopeFrom(params: URLSearchParams | null) {
  return {
    year: (Number(params?.get('year')) || 'all') as number | 'all',
    level: (params?.get('level') || 'all') as string | 'all',
  };
}
export type Scope = ReturnType<typeof scopeFrom>;

export const rowsIn = (overview: readonly OverviewRow[], s: Scope) =>
  overview.filter((r) => (s.year === 'all' || r.year === s.year) && (s.level === 'all' || r.level === s.level));

/** A figure added over rows; null when every row is blank (never 0). */
export function sum(rows: readonly OverviewRow[], k: keyof OverviewRow): number | null {
  const xs = rows
    .map((r) => r[k] as number | null | undefined)
    .filter((x): x is number => x !== null && x !== undefined);
  return xs.length ? xs.reduce((a, b) => a + b, 0) : null;
}

/** The disclosure rate over the rows: Σ disclosed ÷ Σ （七）总计 of the reports where both were printed. */
export function rateOf(rows: readonly OverviewRow[]) {
  const disclosed = sum(rows, 'disclosed');
  const base = sum(rows, 'rate_base');
  return {
    disclosed,
    base,
    missing: sum(rows, 'rate_missing') ?? 0,
    rate: disclosed !== null && base ? disclosed / base : null,
  };
}

/** Every year from the first to the last (a year without reports is 缺, never 0). */
export function chartYears(overview: readonly OverviewRow[]): number[] {
  const ys = overview.map((r) => r.year);
  if (!ys.length) return [];
  const lo = Math.min(...ys);
  return Array.from({ length: Math.max(...ys) - lo + 1 }, (_, i) => lo + i);
}

/** New requests by year within the level: the reports, their sum (blanks left out and counted). */
export function byYear(overview: readonly OverviewRow[], level: string | 'all') {
  return chartYears(overview).map((y) => {
    const rs = overview.filter((r) => r.year === y && (level === 'all' || r.level === level));
    const vals = rs.map((r) => r.requests_new);
    const printed = vals.filter((x): x is number => x !== null);
    return {
      year: String(y),
      reports: rs.reduce((a, r) => a + r.reports, 0),
      value: printed.length ? printed.reduce((a, b) => a + b, 0) : null,
      blanks: vals.length - printed.length,
    };
  });
}
export type YearBar = ReturnType<typeof byYear>[number];

/** The chart's words: title, n, definition, note, summary; and a bar's tooltip. */
export function chartWords(bars: readonly YearBar[], level: string | 'all') {
  const rn = METRIC_BY_KEY.requests_new;
  const blanks = bars.reduce((a, b) => a + b.blanks, 0);
  const total = fmtInt(bars.reduce((a, b) => a + (b.value ?? 0), 0));
  return {
    title: t(
      `本年新收申请，按年度${level === 'all' ? '' : `（${level}）`}`,
      `New requests by year${level === 'all' ? '' : ` (${levelName(level)})`}`,
    ),
    n: `${nReports(bars.reduce((a, b) => a + b.reports, 0))}${sep()}${t(`合计 ${total} 件`, `in all ${total} requests`)}`,
    definition: `${defines(rn)}${t('，各报告相加', ', added over the reports')}`,
    note: t(
      `“缺”＝该年没有报告，不计为0。${blanks ? `有 ${blanks} 组报告该项空白，未计入。` : ''}`,
      `"n/a" = no report that year; not counted as 0.${blanks ? ` ${blanks} reports left the item blank and are not counted.` : ''}`,
    ),
    summary: bars
      .map((b) => `${t(`${b.year}年`, b.year)} ${b.value === null ? missingMark() : fmtInt(b.value)}`)
      .join(sep()),
    max: Math.max(1, ...bars.map((b) => b.value ?? 0)),
  };
}
export function barTip(b: YearBar): string[] {
  const rn = METRIC_BY_KEY.requests_new;
  return [
    t(`${b.year}年`, b.year),
    b.value === null
      ? t('缺：该年没有报告', 'n/a: no report that year')
      : t(
          `${rn.zh} ${fmtInt(b.value)} 件（${b.reports} 份报告）`,
          `${rn.en}: ${fmtInt(b.value)} (${b.reports} reports)`,
        ),
  ];
}
