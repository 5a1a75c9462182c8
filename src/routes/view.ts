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
import { plural, pluralWord, t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY } from '$lib/metrics/definitions';
import { fmtInt } from '$lib/ui/format';
import type { ExportRow } from '$lib/export/table';
import { bodiesOf, bodiesSql, type Bodies, type BodyRow } from '$lib/overview/bodies';
import { defines, levelName, levelZh, missingMark, nReports, READING_NOTE, sep, tm } from '$lib/ui/words';
import type { Aggregates, OverviewRow } from './+page';

/** Whether the data shown is not the embedded set alone: the user's reports, or only them. */
export const hasOwnData = (ds: { choice: string; mineReports: number }) => ds.choice === 'mine' || ds.mineReports > 0;

/** The figures from DuckDB when the data shown has the user's own reports (`own()`, read once the database is ready); else null. */
export const liveQueries = (own: () => boolean) => ({
  live: query(`overview, live\n${overviewSql}`, async (db) => (own() ? db.query<OverviewRow>(overviewSql) : null)),
  bodies: query(`overview, bodies\n${bodiesSql}`, async (db) =>
    own() ? bodiesOf(await db.query<BodyRow>(bodiesSql)) : null,
  ),
});

/** The source line of figures computed live: the data chosen (its name), how many reports. */
export const liveSource = (data: { zh: string; en: string }, reports: number) =>
  t(
    `数据来源：各单位政府信息公开工作年度报告——当前所选数据（${data.zh}，含本机导入的报告）共 ${reports} 份，由浏览器中的 DuckDB 计算。空白单元格按空白处理，不计为0。`,
    `Source: the annual reports in the data chosen (${data.en}, including reports imported on this machine), ${plural(reports, 'report')}, ` +
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
  const sumValue = bars.reduce((a, b) => a + (b.value ?? 0), 0);
  const total = fmtInt(sumValue);
  return {
    title: t(
      `本年新收申请，按年度${level === 'all' ? '' : `（${level}）`}`,
      `New requests by year${level === 'all' ? '' : ` (${levelName(level)})`}`,
    ),
    n: `${nReports(bars.reduce((a, b) => a + b.reports, 0))}${sep()}${t(`合计 ${total} 件`, `in all ${plural(sumValue, 'request', 'requests', fmtInt)}`)}`,
    definition: `${defines(rn)}${t('，各报告相加', ', added over the reports')}`,
    note: t(
      `“缺”＝该年没有报告，不计为0。${blanks ? `有 ${blanks} 组报告该项空白，未计入。` : ''}`,
      `"n/a" = no report that year; not counted as 0.${blanks ? ` ${plural(blanks, 'report')} left the item blank and ${pluralWord(blanks, 'is', 'are')} not counted.` : ''}`,
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
          `${rn.en}: ${fmtInt(b.value)} (${plural(b.reports, 'report')})`,
        ),
  ];
}

/* ------------------------------------------------ the first lines: what 明镜 is, what is loaded, where to go */

/**
 * What is loaded, in words: how many reports, from which bodies (named, the rest counted), which years. In parts,
 * so that the page marks the names (Chinese) as such in English.
 */
export function loadedParts(b: Bodies | undefined, reports: number, synthetic: boolean) {
  if (!b || !b.count)
    return {
      lead: t(
        '还没有载入任何年报：先导入本辖区的年报。',
        'No annual report is loaded yet: start by importing your area’s reports.',
      ),
      names: [] as string[],
      tail: '',
    };
  const more = b.count - b.names.length;
  const years =
    b.first_year === null
      ? ''
      : b.first_year === b.last_year
        ? t(`，${b.first_year} 年度`, `, for ${b.first_year}`)
        : t(`，${b.first_year}—${b.last_year} 年度`, `, for ${b.first_year}–${b.last_year}`);
  const levels = b.levels.map((l) => `${levelName(l.level)} ${l.bodies}`).join(t('、', ', '));
  return {
    lead: t(
      `已载入${synthetic ? '模拟' : ''}年报 ${fmtInt(reports)} 份，来自 ${fmtInt(b.count)} 个单位（${levels}）：`,
      `Loaded: ${plural(reports, `${synthetic ? 'synthetic ' : ''}annual report`)} from ${plural(b.count, 'body', 'bodies')} (${levels}): `,
    ),
    names: b.names,
    tail: `${more > 0 ? t(` 等 ${fmtInt(b.count)} 个`, ` and ${plural(more, 'other')}`) : ''}${years}${t('。', '.')}`,
  };
}
/** The same, as one line. */
export function loadedWords(b: Bodies | undefined, reports: number, synthetic: boolean): string {
  const p = loadedParts(b, reports, synthetic);
  return `${p.lead}${p.names.join(t('、', ', '))}${p.tail}`;
}

/** The next steps offered on the overview: where each goes and what it says. */
export function nextSteps(synthetic: boolean, firstReport: string | null) {
  return [
    { key: 'import', path: '/import', zh: '导入本辖区的年报', en: 'Import your area’s reports' },
    synthetic
      ? { key: 'real', path: '/?data=real', zh: '回到真实数据', en: 'Back to the real data' }
      : { key: 'synthetic', path: '/?data=synthetic', zh: '看全国模拟数据', en: 'See the national synthetic data' },
    {
      key: 'report',
      path: firstReport ? `/report?id=${encodeURIComponent(firstReport)}` : '/report',
      zh: '打开一份报告',
      en: 'Open a report',
    },
  ];
}

/* ------------------------------------------------ the table's export */

/** The overview table as exported: the same lines, every figure with its numerator and denominator, blanks blank. */
export const exportColumns = () => [
  { key: 'year', label: t('年度', 'Year') },
  { key: 'level', label: t('层级', 'Level') },
  { key: 'reports', label: t('报告', 'Reports') },
  { key: 'requests_new', label: t('本年新收申请', 'New requests') },
  { key: 'disclosure_rate', label: t('公开率', 'Disclosure rate') },
  { key: 'disclosed', label: t('公开率分子（予以公开 + 部分公开）', 'Disclosure rate numerator') },
  { key: 'processed', label: t('（七）总计', 'Processed (VII) total') },
  { key: 'rate_base', label: t('公开率分母(n)', 'Disclosure rate denominator (n)') },
  { key: 'rate_missing', label: t('总计列空白的报告', 'Reports with a blank total column') },
  { key: 'reviews', label: t('行政复议', 'Reviews') },
  { key: 'lawsuits', label: t('行政诉讼', 'Lawsuits') },
  { key: 'errors', label: t('数据问题（错误）', 'Data errors') },
  { key: 'warnings', label: t('警告', 'Warnings') },
  { key: 'reading_reports', label: t('含读取问题的报告', 'Reports with reading problems') },
];
export function exportRows(rows: readonly OverviewRow[]): ExportRow[] {
  return rows.map((r) => ({
    year: r.year,
    level: levelName(r.level),
    reports: r.reports,
    requests_new: r.requests_new,
    disclosure_rate: r.disclosed !== null && r.rate_base ? r.disclosed / r.rate_base : null,
    disclosed: r.disclosed,
    processed: r.processed,
    rate_base: r.rate_base,
    rate_missing: r.rate_missing,
    reviews: r.reviews,
    lawsuits: r.lawsuits,
    errors: r.errors,
    warnings: r.warnings,
    reading_reports: r.reading_reports ?? null,
  }));
}
export function exportNote(source: string): string {
  const dr = METRIC_BY_KEY.disclosure_rate;
  return [
    source,
    defines(dr),
    tm(READING_NOTE),
    t('空白单元格按空白处理，不计为0。', 'Blank cells stay blank, never counted as 0.'),
  ].join(sep());
}
/** The file's name: the view and the scope shown. */
export const exportName = (s: Scope) =>
  `总览_${s.year === 'all' ? '全部年度' : `${s.year}年`}_${s.level === 'all' ? '全部层级' : levelZh(s.level)}`;
