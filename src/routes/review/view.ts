/**
 * 复议诉讼: what the view asks the database, and how the answers become its
 * figures, charts and table. Plain functions, tested in Node
 * (tests/views/review.test.ts); +page.svelte only composes them.
 */
import {
  CORRECTION_RATE_COLORS,
  isSmall,
  REVIEW_COLORS,
  REVIEW_OUTCOMES,
  REVIEW_TOTAL,
  reportLabel,
  share,
  sumOf,
  type StackRow,
  type Sum,
} from '$lib/charts';
import { sqlQuery } from '$lib/db/coordinator';
import {
  metricsScopeSql,
  reportListSql,
  reviewScopeSql,
  type ReportListRow,
  type ReviewReportRow,
  type Scope,
  type ScopeMetricRow,
} from '$lib/db/queries-analysis';
import type { ExportRow } from '$lib/export/table';
import { plural, t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY, SMALL_SAMPLE } from '$lib/metrics/definitions';
import { REVIEW_COLUMNS, REVIEW_GROUPS } from '$lib/report/formats';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { bi, defines, formulaOf, metricName, nReports, sep, smallFlag, SOURCE, tm } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/** The two correction rates the view shows. */
export const RATES = ['review_correction_rate', 'litigation_correction_rate'] as const;
export type Rate = (typeof RATES)[number];

/** The view's scope, from its URL: a level and/or a year. */
export function scopeFrom(params: URLSearchParams): Scope {
  return { level: params.get('level') || null, year: Number(params.get('year')) || null };
}

/** Every report (the pickers), 表四 of the reports in scope, and their correction rates. */
export const reviewQueries = (scope: Scope) => ({
  list: sqlQuery<ReportListRow>(reportListSql('level')),
  cells: sqlQuery<ReviewReportRow>(reviewScopeSql(scope)),
  rates: sqlQuery<ScopeMetricRow>(metricsScopeSql(scope, RATES)),
});

export function inScope(all: readonly ReportListRow[], s: Scope): ReportListRow[] {
  return all.filter((r) => (!s.level || r.level === s.level) && (!s.year || r.year === s.year));
}

/** The answers, looked up: a cell of 表四 of a report, and a rate of a report. */
export interface Lookup {
  cell: (id: string, grp: string, col: number) => number | null;
  rate: (id: string, m: string) => ScopeMetricRow | undefined;
  rates: readonly ScopeMetricRow[];
}
export function lookup(cells: readonly ReviewReportRow[], rates: readonly ScopeMetricRow[]): Lookup {
  const c = new Map<string, number | null>();
  for (const x of cells)
    if (!c.has(`${x.report_id}|${x.grp}|${x.col}`)) c.set(`${x.report_id}|${x.grp}|${x.col}`, x.value);
  const r = new Map<string, ScopeMetricRow>();
  for (const x of rates) if (!r.has(`${x.report_id}|${x.metric}`)) r.set(`${x.report_id}|${x.metric}`, x);
  return {
    cell: (id, grp, col) => c.get(`${id}|${grp}|${col}`) ?? null,
    rate: (id, m) => r.get(`${id}|${m}`),
    rates,
  };
}

/** 表四 pooled over the reports in scope, per group: each column summed, blanks left out (never 0). */
export interface Pooled {
  g: (typeof REVIEW_GROUPS)[number];
  cols: Sum[];
}
export function pooled(reports: readonly ReportListRow[], l: Lookup): Pooled[] {
  return REVIEW_GROUPS.map((g) => ({
    g,
    cols: REVIEW_COLUMNS.map((_, c) => sumOf(reports.map((r) => l.cell(r.report_id, g.key, c)))),
  }));
}
export const pooledBlanks = (p: readonly Pooled[]) =>
  p.reduce((a, x) => a + x.cols.reduce((b, c) => b + c.blanks, 0), 0);

/** One 100 % bar per group: the outcomes' shares of its total. */
export function pooledRows(p: readonly Pooled[]): StackRow[] {
  return p.map((x) => {
    const total = x.cols[REVIEW_TOTAL].value;
    return {
      y: bi(x.g),
      values: Object.fromEntries(REVIEW_OUTCOMES.map((o, c) => [o.key, share(x.cols[c].value, total)])),
      small: isSmall(total),
      empty: total === 0 ? t('总计为0（无案件）', 'total is 0 (no cases)') : undefined,
      tip: [
        bi(x.g),
        `${t(`总计 ${fmtInt(total)} 件`, `total: ${plural(total, 'case', 'cases', fmtInt)}`)}${smallFlag(isSmall(total))}`,
      ],
    };
  });
}

/** A rate pooled over the scope: Σ numerators ÷ Σ denominators of the reports where it has a value. */
export function pooledRate(l: Lookup, m: string) {
  const rs = l.rates.filter((r) => r.metric === m && r.value !== null);
  const num = sumOf(rs.map((r) => r.numerator)).value;
  const den = sumOf(rs.map((r) => r.denominator)).value;
  return { value: share(num, den), num, den, reports: rs.length };
}

/** A pooled rate's formula, its numbers, and what it is computed on. */
export const pooledFormula = (m: Rate, p: ReturnType<typeof pooledRate>) =>
  `${formulaOf(METRIC_BY_KEY[m])}${sep()}${fmtInt(p.num)} ÷ ${fmtInt(p.den)}` +
  t(
    `（n = ${fmtInt(p.den)} 件，${p.reports} 份报告有值）`,
    ` (n = ${plural(p.den, 'case', 'cases', fmtInt)}; ${plural(p.reports, 'report')} with a value)`,
  );

export const blankNote = (blanks: number) =>
  blanks
    ? t(
        `合计时空白单元格不计入（共 ${blanks} 个），不按0处理。`,
        `Blank cells are left out of the sums (${blanks}), not taken as 0.`,
      )
    : '';

export const rateLegend = () =>
  RATES.map((m) => ({ key: m, label: metricName(METRIC_BY_KEY[m]), color: CORRECTION_RATE_COLORS[m] }));
export const outcomeLegend = () =>
  REVIEW_OUTCOMES.map((o) => ({ key: o.key, label: bi(o), color: REVIEW_COLORS[o.key] }));
/** Both rates defined: name = formula. */
export const bothDefined = () => RATES.map((m) => defines(METRIC_BY_KEY[m])).join(sep());

/** The bars of the first chart: each report's two rates, hollow where the denominator is small. */
export function rateBars(reports: readonly ReportListRow[], l: Lookup) {
  const labels = reports.map(reportLabel);
  return reports.flatMap((r, i) =>
    RATES.map((m) => {
      const v = l.rate(r.report_id, m);
      return {
        x: labels[i],
        series: m,
        value: v?.value ?? null,
        small: isSmall(v?.denominator),
        tip: [
          `${r.agency} ${r.year}`,
          `${metricName(METRIC_BY_KEY[m])}${t('：', ': ')}${fmtPct(v?.value)}`,
          `${fmtInt(v?.numerator)} ÷ ${fmtInt(v?.denominator)}${t('（', ' (')}n = ${fmtInt(v?.denominator)}${t('）', ')')}${smallFlag(isSmall(v?.denominator))}`,
        ],
      };
    }),
  );
}

/** The words around the two charts: title, n, definition (口径), note and file name. */
export function rateChart(scope: string, reports: number) {
  return {
    title: `${t('各报告的复议纠错率和诉讼纠错率', 'Review and litigation correction rates by report')} — ${scope}`,
    n: `${nReports(reports)}${sep()}${t('各柱的分母（已审结案件数）见下表', 'the denominator of each bar (cases concluded) is in the table below')}`,
    definition: bothDefined(),
    note: t(
      `空心柱为小样本（分母 < ${SMALL_SAMPLE}，本数据中几乎全部如此，请勿据此排序）。“缺”：没有已审结的案件（分母为0）或相关单元格空白。`,
      `Hollow bars are small samples (denominator < ${SMALL_SAMPLE}; almost all of them in these data — do not rank by them). ` +
        '"n/a": no concluded cases (denominator 0) or the cells are blank.',
    ),
    legend: [
      ...rateLegend(),
      { key: 'small', label: t('小样本（空心）', 'small sample (hollow)'), color: '#64748b', hollow: true },
    ],
    filename: `复议诉讼_纠错率_${scope}`,
  };
}
export function outcomeChart(scope: string, reports: number, p: readonly Pooled[]) {
  return {
    title: `${t('复议、诉讼结果构成（合并计算）', 'Outcomes of review and litigation (pooled)')} — ${scope}`,
    n: `${nReports(reports)}${sep()}${p.map((x) => `${bi(x.g)} ${fmtInt(x.cols[REVIEW_TOTAL].value)}${t(' 件', ' cases')}`).join(t('，', ', '))}`,
    definition: t(
      `${REVIEW_OUTCOMES.map((o) => o.label).join('、')} 各占该组总计的比例（表四各组，范围内各报告相加）`,
      `${REVIEW_OUTCOMES.map((o) => o.en).join(', ')}, each as a share of the total of the group (the groups of table 4, added over the reports in scope)`,
    ),
    note: `${t(`浅色条为小样本（总计 < ${SMALL_SAMPLE}）。`, `Pale bars are small samples (total < ${SMALL_SAMPLE}). `)}${blankNote(pooledBlanks(p))}`,
    filename: `复议诉讼_结果构成_${scope}`,
  };
}

/** The table as exported: a line per report, 表四 by group and column, then each rate with its numerator and n. */
export const exportColumns = () => [
  { key: 'agency', label: '单位' },
  { key: 'year', label: '年度' },
  ...REVIEW_GROUPS.flatMap((g) =>
    REVIEW_COLUMNS.map((o) => ({ key: `${g.key}_${o.key}`, label: `${g.label} ${o.label}` })),
  ),
  ...RATES.flatMap((m) => [
    { key: m, label: METRIC_BY_KEY[m].zh },
    { key: `${m}_num`, label: `${METRIC_BY_KEY[m].zh}分子` },
    { key: `${m}_den`, label: `${METRIC_BY_KEY[m].zh}分母(n)` },
  ]),
];
export function tableRows(reports: readonly ReportListRow[], l: Lookup): ExportRow[] {
  return reports.map((r) => ({
    agency: r.agency,
    year: r.year,
    ...Object.fromEntries(
      REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((o, c) => [`${g.key}_${o.key}`, l.cell(r.report_id, g.key, c)])),
    ),
    ...Object.fromEntries(
      RATES.flatMap((m) => {
        const v = l.rate(r.report_id, m);
        return [
          [m, v?.value ?? null],
          [`${m}_num`, v?.numerator ?? null],
          [`${m}_den`, v?.denominator ?? null],
        ];
      }),
    ),
  }));
}
export const exportNote = () =>
  `${tm(SOURCE)}${t('。', '. ')}${bothDefined()}${t('。空白不计为0。', '. Blanks are not counted as 0.')}`;

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask) => askAll(ask, reviewQueries(scopeFrom(new URLSearchParams())));
