/**
 * 申请办理: what the view asks the database, and how the answers become its
 * charts and table. Plain functions, tested in Node (tests/views/requests.test.ts);
 * +page.svelte only composes them.
 */
import { GROUP_KEYS, isSmall, OUTCOME_COLORS, outcomeGroups, share, type StackRow } from '$lib/charts';
import { SMALL_SAMPLE } from '$lib/metrics/definitions';
import { sqlQuery } from '$lib/db/coordinator';
import {
  reportListSql,
  requestSumsSql,
  type ReportListRow,
  type RequestSumRow,
  type Scope,
} from '$lib/db/queries-analysis';
import { plural, t } from '$lib/i18n.svelte';
import {
  OUTCOME_GROUPS,
  REQUEST_COLUMNS,
  REQUEST_ROW_BY_KEY,
  REQUEST_ROWS,
  TOTAL_COL,
  type OutcomeGroup,
  type RequestRowDef,
} from '$lib/report/formats';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { bi, formLabel, nReports, scopeName as scopeOf, sep, smallFlag } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/** The view's scope, from its URL: one report, or a level and/or a year. */
export function scopeFrom(params: URLSearchParams): Scope {
  const report = params.get('report') || null;
  return {
    report,
    level: report ? null : params.get('level') || null,
    year: report ? null : Number(params.get('year')) || null,
  };
}

/** Every report (the pickers), and 表三 summed over the scope. */
export const requestsQueries = (scope: Scope) => ({
  list: sqlQuery<ReportListRow>(reportListSql('level')),
  sums: sqlQuery<RequestSumRow>(requestSumsSql(scope)),
});

export function inScope(all: readonly ReportListRow[], s: Scope): ReportListRow[] {
  return all.filter((r) =>
    s.report ? r.report_id === s.report : (!s.level || r.level === s.level) && (!s.year || r.year === s.year),
  );
}

/** The scope in words: one report by name and year, or the year and level. */
export function scopeLabel(all: readonly ReportListRow[], s: Scope): string {
  if (!s.report) return scopeOf(s.year ?? null, s.level ?? null);
  const r = all.find((x) => x.report_id === s.report);
  return r ? t(`${r.agency}（${r.year}年度）`, `${r.agency} (${r.year})`) : t('（未找到该报告）', '(report not found)');
}

/** Sums by row and column, and how many reports left each cell blank (never counted as 0). */
export interface Cells {
  v: Map<string, (number | null)[]>;
  blanks: Map<string, number[]>;
}
export function cellsOf(sums: readonly RequestSumRow[]): Cells {
  const v = new Map<string, (number | null)[]>();
  const blanks = new Map<string, number[]>();
  for (const s of sums) {
    (v.get(s.row_key) ?? v.set(s.row_key, []).get(s.row_key)!)[s.col] = s.value;
    (blanks.get(s.row_key) ?? blanks.set(s.row_key, []).get(s.row_key)!)[s.col] = s.reports - s.printed;
  }
  return { v, blanks };
}
export const totalBlanks = (sums: readonly RequestSumRow[]) => sums.reduce((a, s) => a + (s.reports - s.printed), 0);

const total = () => formLabel(REQUEST_ROW_BY_KEY.processed_total);
export const groupLegend = () =>
  GROUP_KEYS.map((g) => ({ key: g, label: formLabel(OUTCOME_GROUPS[g]), color: OUTCOME_COLORS[g] }));

/** One 100 % bar per column of 表三: the outcome groups' shares of its （七）总计. */
export function byApplicant(cells: Cells) {
  return REQUEST_COLUMNS.map((c, col) => ({ c, col, ...outcomeGroups(cells.v, col) }));
}
export function applicantRows(cells: Cells): StackRow[] {
  return byApplicant(cells).map((a) => ({
    y: bi(a.c),
    values: Object.fromEntries(GROUP_KEYS.map((g) => [g, share(a.groups[g].value, a.total)])),
    small: isSmall(a.total),
    empty: a.total === 0 ? t('（七）总计为0', '(VII) total is 0') : undefined,
    tip: [
      bi(a.c),
      `${t(`（七）总计 ${fmtInt(a.total)} 件`, `${total()}: ${fmtInt(a.total)}`)}${smallFlag(isSmall(a.total))}`,
    ],
  }));
}
export const applicantSummary = (cells: Cells) =>
  byApplicant(cells)
    .map((a) => `${bi(a.c)}${t('：', ': ')}${t(`（七）总计 ${fmtInt(a.total)} 件`, `${total()} ${fmtInt(a.total)}`)}`)
    .join(sep());

/** The groups whose reasons the second chart shows (总计 column). */
export const REASON_GROUPS: OutcomeGroup[] = ['denied', 'unable', 'not_processed', 'other'];
const groupName = (g: OutcomeGroup) => t(OUTCOME_GROUPS[g].label.replace(/^（.）/, ''), OUTCOME_GROUPS[g].en);
export const blanksLeft = (n: number) =>
  t(`${n} 份报告此格空白，未计入`, `${plural(n, 'report')} left this cell blank; not counted`);

export function reasons(cells: Cells) {
  return REQUEST_ROWS.filter((r) => r.group && REASON_GROUPS.includes(r.group) && cells.v.has(r.key)).map((r) => ({
    r,
    g: r.group!,
    label:
      r.key === 'other_total'
        ? t('其他处理（合并一行）', r.en)
        : `${groupName(r.group!)}${t('·', ' · ')}${t(r.short, r.en)}`,
    value: cells.v.get(r.key)?.[TOTAL_COL] ?? null,
    blanks: cells.blanks.get(r.key)?.[TOTAL_COL] ?? 0,
  }));
}
export function reasonRows(cells: Cells): StackRow[] {
  return reasons(cells).map((x) => ({
    y: x.label,
    values: { [x.g]: x.value },
    tip: [
      formLabel(REQUEST_ROW_BY_KEY[x.r.key]),
      formLabel(OUTCOME_GROUPS[x.g]),
      `${t(`${fmtInt(x.value)} 件`, fmtInt(x.value))}${x.blanks ? t(`（${blanksLeft(x.blanks)}）`, ` (${blanksLeft(x.blanks)})`) : ''}`,
    ],
  }));
}

/** The rows of 表三 the scope prints, in the form's order. */
export const shownRows = (cells: Cells): RequestRowDef[] => REQUEST_ROWS.filter((r) => cells.v.has(r.key));
export const processedTotal = (cells: Cells) => cells.v.get('processed_total')?.[TOTAL_COL] ?? null;

/** n: the reports in scope and the （七）总计 the shares are of. */
export const nLine = (reports: number, cells: Cells) =>
  `${nReports(reports)}${sep()}${t(`（七）总计 ${fmtInt(processedTotal(cells))} 件`, `${total()}: ${fmtInt(processedTotal(cells))}`)}`;

export const blankNote = (blanks: number) =>
  blanks
    ? t(
        `合计时空白单元格不计入（本范围共 ${blanks} 个），不按0处理；表中带 * 的数字有空白未计入。`,
        `Blank cells are left out of the sums (${blanks} in this scope), not taken as 0; a number marked * leaves blanks out.`,
      )
    : t('本范围没有空白单元格。', 'No blank cells in this scope.');

/** The pooled disclosure rate of the scope, for reference (the per-report indicators are under 排名). */
export function pooledRate(cells: Cells): string {
  const granted = (cells.v.get('granted')?.[TOTAL_COL] ?? 0) + (cells.v.get('partially_granted')?.[TOTAL_COL] ?? 0);
  return fmtPct(share(granted, processedTotal(cells)));
}

/** The table as exported: one line per row of 表三, a column per applicant type. */
export const exportColumns = () => [
  { key: 'row', label: '项目' },
  ...REQUEST_COLUMNS.map((c) => ({ key: c.key, label: c.label })),
];
export function tableRows(cells: Cells) {
  return shownRows(cells).map((r) => ({
    row: r.label,
    ...Object.fromEntries(REQUEST_COLUMNS.map((c, i) => [c.key, cells.v.get(r.key)?.[i] ?? null])),
  }));
}

/** The words around the two charts: title, definition (口径), note and file name. */
export function applicantChart(scope: string, blanks: number) {
  const groups = groupLegend()
    .map((g) => g.label)
    .join(', ');
  return {
    title: `${t('按申请人类型的办理结果构成', 'Outcomes by type of applicant')} — ${scope}`,
    definition: t(
      `每类申请人一行：各组（${GROUP_KEYS.map((g) => OUTCOME_GROUPS[g].label).join('、')}）各项之和 ÷ 该列${REQUEST_ROW_BY_KEY.processed_total.label}`,
      `one row per type of applicant: the rows of each group (${groups}) added ÷ ${total()} of the column`,
    ),
    note: `${t(
      `浅色条为小样本（（七）总计 < ${SMALL_SAMPLE}）。条长不足或超过100%，是因为有报告的分项空白（未计入）或其分项之和与（七）总计不符。`,
      `Pale bars are small samples ((VII) total < ${SMALL_SAMPLE}). A bar shorter or longer than 100% means some report left rows blank (not counted) or its rows do not add up to its (VII) total. `,
    )}${blankNote(blanks)}`,
    filename: `申请办理_按申请人类型_${scope}`,
  };
}
export function reasonChart(scope: string, blanks: number) {
  return {
    title: `${t('不予公开、无法提供、不予处理、其他处理的理由', 'Reasons for denying, being unable, not processing and other handling')} — ${scope}`,
    definition: `${t('表三各分项，总计列（件）；', 'the rows of table 3, total column (requests); ')}${REASON_GROUPS.map((g) => formLabel(OUTCOME_GROUPS[g])).join(t('、', ', '))}`,
    note: `${t(
      '2019年格式与部分2021年报告只有一行“（六）其他处理”，记为“其他处理（合并一行）”。',
      'The 2019 form and some 2021 reports print "(VI) other handling" as one row, shown as "other handling (one row)". ',
    )}${blankNote(blanks)}`,
    filename: `申请办理_理由_${scope}`,
  };
}

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask) => askAll(ask, requestsQueries(scopeFrom(new URLSearchParams())));
