/**
 * 对比: what the view asks the database about the chosen reports (表二 volumes,
 * 表三 outcomes, 表四 review and litigation, per capita by a covariate), and
 * how the answers become its charts, tables, exports and words. Plain
 * functions, tested in Node (tests/views/compare.test.ts); +page.svelte only
 * composes them.
 */
import {
  byReport,
  GROUP_KEYS,
  isSmall,
  metricUnit,
  OUTCOME_COLORS,
  outcomeGroups,
  overflows,
  perUnit,
  REVIEW_COLORS,
  REVIEW_OUTCOMES,
  REVIEW_TOTAL,
  share,
  shortAgency,
  sumOf,
  textWidth,
  UNITS,
  unitLine,
  type Overflow,
  type StackRow,
  type Unit,
} from '$lib/charts';
import { noPerCapita, perCapitaQuery, type CovariatesLoaded } from '$lib/covariates/query';
import { pcKey, perCapitaFormula, perCapitaLabel, scaleOf, type PerCapitaRow } from '$lib/covariates/sql';
import { yearsText } from '$lib/covariates/text';
import type { CovariateMeta } from '$lib/covariates/types';
import { sqlQuery } from '$lib/db/coordinator';
import {
  activeForReportsSql,
  metricsForReportsSql,
  reportListSql,
  requestsForReportsSql,
  reviewForReportsSql,
  type ActiveCell,
  type MetricRow,
  type ReportListRow,
  type RequestCell,
  type ReviewCell,
} from '$lib/db/queries-analysis';
import { plural, t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY, SMALL_SAMPLE } from '$lib/metrics/definitions';
import {
  ACTIVE_ITEMS,
  FORM_WORDS,
  OUTCOME_GROUPS,
  REQUEST_ROW_BY_KEY,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
} from '$lib/report/formats';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { bi, cap, formLabel, levelName, SOURCE, smallFlag } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';
import { NO_COVARIATES } from '$lib/covariates/query';

/** How many reports can be compared. */
export const MIN = 2;
export const MAX = 12;
/** The count indicators shown per capita when a covariate is chosen. */
export const PC = ['requests_new', 'licensing_decisions'];

/** Every report (the picker). */
export const listQueries = () => ({ list: sqlQuery<ReportListRow>(reportListSql('level')) });

/** The chosen reports live in the URL (?r=…&r=…): those that exist, at most MAX; none chosen → every report, up to MAX. */
export function chosenFrom(params: URLSearchParams, all: readonly ReportListRow[]): string[] {
  const ids = params.getAll('r').filter((id) => all.some((r) => r.report_id === id));
  return ids.length ? ids.slice(0, MAX) : all.slice(0, MAX).map((r) => r.report_id);
}
/** The choice with a report added or taken off; null when it would pass MAX. */
export function toggled(chosen: readonly string[], id: string): string[] | null {
  const next = chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id];
  return next.length > MAX ? null : next;
}

/** 二、主动公开 volumes (as indicators), the cells of 表二, 表三 and 表四, and per capita when a covariate is chosen. */
export const ACTIVE_METRICS = ['normative_issued', 'licensing_decisions', 'penalty_decisions', 'fees_10k_yuan'];
export function compareQueries(ids: readonly string[], cov: CovariateMeta | null, loaded: CovariatesLoaded) {
  return {
    metrics: sqlQuery<MetricRow>(metricsForReportsSql(ids, ACTIVE_METRICS)),
    active: sqlQuery<ActiveCell>(activeForReportsSql(ids)),
    requests: sqlQuery<RequestCell>(requestsForReportsSql(ids)),
    review: sqlQuery<ReviewCell>(reviewForReportsSql(ids)),
    pc: cov ? perCapitaQuery(cov, { reports: ids }, PC, loaded) : noPerCapita,
  };
}
export type Data = {
  metrics: MetricRow[];
  active: ActiveCell[];
  requests: RequestCell[];
  review: ReviewCell[];
  pc: PerCapitaRow[];
};

/* ------------------------------------------------ labels */

type Labelled = Pick<ReportListRow, 'report_id' | 'agency' | 'year'>;
/**
 * The chart labels of the chosen reports, by report: the short name, a line break, the year — the axes keep
 * the part after the break whole (charts/text.ts fitLabel), so one body in several years never reads as the
 * same bar twice. Two reports of one body and year (the embedded one and an import) are numbered, as a band
 * scale needs distinct labels.
 */
export function compareLabels(selected: readonly Labelled[]): Map<string, string> {
  const base = selected.map((r) => `${shortAgency(r.agency)}\n${r.year}`);
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const seen = new Map<string, number>();
  return new Map(
    selected.map((r, i) => {
      const b = base[i];
      const k = (seen.get(b) ?? 0) + 1;
      seen.set(b, k);
      return [r.report_id, count.get(b)! > 1 ? `${b} #${k}` : b];
    }),
  );
}
/** A label as one line of text (notes, file names). */
export const flat = (label: string) => label.replace(/\n/g, ' ');

/** The unit line of the outcome and review charts: shares of a total. */
export const shareUnit = () => unitLine(UNITS.percent);

/**
 * What the note says of stacked bars past 100 %: which, by how much, and that the report's own numbers do
 * not add up (its groups exceed its total) — a data problem of the report, not of the chart.
 */
export function overflowNote(over: readonly Overflow[], whole: string, wholeEn: string): string {
  if (!over.length) return '';
  const list = over.map((o) => `${flat(o.y)} ${fmtPct(o.sum)}`);
  // In English the body (a Chinese name) is left to the chart's label and the table: the year and the sum say which bar.
  const en = over.map((o) => `${o.y.slice(o.y.lastIndexOf('\n') + 1)}: ${fmtPct(o.sum)}`);
  return t(
    `${list.join('、')}：各项之和超过${whole}，是报告本身的数据问题（表内数字对不上），不是图的问题；条在100%处截断，锯齿处标出实际之和。`,
    `Bars past 100% (${en.join(', ')}): the parts add up to more than the ${wholeEn} — a data problem of the report itself (its own numbers do not add up), not of the chart; the bar is cut at 100% and the torn edge gives the actual sum.`,
  );
}

/* ------------------------------------------------ search */

/** Pinyin of a name, in full or by initials. */
export type PinyinOf = (s: string, initials: boolean) => string;
/** pinyin-pro (its dictionary is large), loaded on the first Latin query only. */
export async function loadPinyin(): Promise<PinyinOf> {
  const { pinyin } = await import('pinyin-pro');
  return (s, initials) =>
    pinyin(s, { pattern: initials ? 'first' : 'pinyin', toneType: 'none', type: 'array', nonZh: 'consecutive' })
      .join('')
      .toLowerCase();
}
export const wordsOf = (query: string) => query.trim().toLowerCase().split(/\s+/).filter(Boolean);
export const wantsPinyin = (words: readonly string[]) => words.some((w) => /[a-z]/.test(w));
/**
 * Search: every word of the query must match the agency, region, level (in
 * either language) or year as a substring — or, for Latin letters, the
 * pinyin of the agency and region, in full or by initials (“has”, “huaian”
 * → 淮安市…).
 */
export function matches(
  all: readonly ReportListRow[],
  words: readonly string[],
  pinyinOf: PinyinOf | null,
): ReportListRow[] {
  const hay = (r: ReportListRow) => {
    const names = `${r.agency} ${r.region ?? ''}`;
    const plain = `${names} ${r.level} ${levelName(r.level)} ${r.year}`.toLowerCase();
    return pinyinOf ? `${plain} ${pinyinOf(names, true)} ${pinyinOf(names, false)}` : plain;
  };
  return all.filter((r) => {
    const h = hay(r);
    return words.every((w) => h.includes(w));
  });
}

/* ------------------------------------------------ 一、主动公开 volumes */

const enforcement = ACTIVE_ITEMS.find((i) => i.item === 'enforcement')!;
const enfMeasure = enforcement.measures['2021']!.find((m) => m.key === 'decisions')!;
const enf2019 = enforcement.measures['2019']!.find((m) => m.key === 'decisions')!;
export interface Panel {
  key: string;
  zh: string;
  en: string;
  definition: { zh: string; en: string };
  /** The unit's Chinese word (tables); `u` has both languages (the chart's unit line). */
  unit: string;
  u: Unit;
}
export const PANELS: Panel[] = [
  ...ACTIVE_METRICS.map((k) => {
    const m = METRIC_BY_KEY[k];
    return {
      key: k,
      zh: m.zh,
      en: m.en,
      definition: { zh: m.formula, en: m.formulaEn },
      unit: metricUnit(m).zh,
      u: metricUnit(m),
    };
  }),
  {
    key: 'enforcement.decisions',
    zh: `${enforcement.label}决定`,
    en: `${enforcement.en}, decisions`,
    definition: {
      zh: `${enforcement.label} ${enfMeasure.label}（2019年格式：${enf2019.label}）`,
      en: `${enforcement.en}, ${enfMeasure.en} (2019 form: ${enf2019.en})`,
    },
    unit: UNITS.items.zh,
    u: UNITS.items,
  },
];
/** A panel's title: the name with its unit (English names of amounts carry theirs). */
export const panelTitle = (p: Panel) => t(p.zh.includes(p.unit) ? p.zh : `${p.zh}（${p.unit}）`, cap(p.en));
const panelColumn = (p: Panel) => (p.zh.includes(p.unit) ? p.zh : `${p.zh}（${p.unit}）`);

/** A report's value in a panel: an indicator, or (item.measure) a 表二 cell. */
export function activeValue(d: Data, id: string, k: string): number | null {
  if (k.includes('.')) return d.active.find((a) => a.report_id === id && `${a.item}.${a.measure}` === k)?.value ?? null;
  return d.metrics.find((m) => m.report_id === id && m.metric === k)?.value ?? null;
}
export function activeTable(d: Data, selected: readonly ReportListRow[]) {
  return selected.map((r) => ({
    id: r.report_id,
    reading: r.n_reading,
    agency: r.agency,
    year: r.year,
    ...Object.fromEntries(PANELS.map((p) => [p.key, activeValue(d, r.report_id, p.key)])),
  }));
}
export const activeColumns = () => [
  { key: 'agency', label: '单位' },
  { key: 'year', label: '年度' },
  ...PANELS.map((p) => ({ key: p.key, label: panelColumn(p) })),
];
export const blankNote = () => t('空白单元格不计为0。', 'Blank cells are not counted as 0.');
export const missingNote = () =>
  t(
    '“缺”为报告未填或该年格式没有此项，不计为0。',
    '"n/a": the report left it blank, or the form of its year has no such item; not counted as 0.',
  );

/* ------------------------------------------------ 二、申请办理结果 shares */

const total = () => formLabel(REQUEST_ROW_BY_KEY.processed_total);
export const groupLegend = () =>
  GROUP_KEYS.map((g) => ({ key: g, label: formLabel(OUTCOME_GROUPS[g]), color: OUTCOME_COLORS[g] }));

export function outcomes(d: Data, selected: readonly ReportListRow[]) {
  const by = byReport(d.requests, (c) => c.row_key);
  return selected.map((r) => ({ r, ...outcomeGroups(by.get(r.report_id) ?? new Map()) }));
}
export type Outcome = ReturnType<typeof outcomes>[number];
export function outcomeRows(os: readonly Outcome[]): StackRow[] {
  const labels = compareLabels(os.map((o) => o.r));
  return os.map((o) => ({
    y: labels.get(o.r.report_id)!,
    values: Object.fromEntries(GROUP_KEYS.map((g) => [g, share(o.groups[g].value, o.total)])),
    small: isSmall(o.total),
    empty: o.total === 0 ? t('（七）总计为0，无办理结果', '(VII) total is 0: no outcomes') : undefined,
    tip: [
      `${o.r.agency} ${o.r.year}`,
      `${t(`（七）总计 ${fmtInt(o.total)} 件`, `${total()}: ${fmtInt(o.total)}`)}${smallFlag(isSmall(o.total))}`,
    ],
  }));
}
export const outcomeTable = (os: readonly Outcome[]) =>
  os.map((o) => ({
    agency: o.r.agency,
    year: o.r.year,
    total: o.total,
    small: isSmall(o.total) ? '小样本' : '',
    ...Object.fromEntries(
      GROUP_KEYS.flatMap((g) => [
        [g, o.groups[g].value],
        [`${g}_share`, share(o.groups[g].value, o.total)],
      ]),
    ),
  }));
export const outcomeColumns = () => [
  { key: 'agency', label: '单位' },
  { key: 'year', label: '年度' },
  ...GROUP_KEYS.flatMap((g) => [
    { key: g, label: OUTCOME_GROUPS[g].label },
    { key: `${g}_share`, label: `${OUTCOME_GROUPS[g].label}占比` },
  ]),
  { key: 'total', label: '（七）总计(n)' },
  { key: 'small', label: '小样本' },
];
/** The outcome chart's words: title, n, definition (口径), note, summary; and the table's export note. */
export function outcomeChart(os: readonly Outcome[], nReports: string) {
  const blanks = os.reduce((a, o) => a + GROUP_KEYS.reduce((b, g) => b + o.groups[g].blanks, 0), 0);
  const added = fmtInt(sumOf(os.map((o) => o.total)).value);
  const over = overflows(outcomeRows(os), GROUP_KEYS);
  return {
    title: t('办理结果构成（占（七）总计的比例）', `Outcomes as shares of the ${total()}`),
    n: `${nReports}${t('；', '; ')}${t(`（七）总计合计 ${added} 件`, `${total()}, added: ${added}`)}`,
    definition: t(
      `各组（${GROUP_KEYS.map((g) => OUTCOME_GROUPS[g].label).join('、')}）各项之和 ÷ ${REQUEST_ROW_BY_KEY.processed_total.label}，总计列`,
      `the rows of each group (${groupLegend()
        .map((g) => g.label)
        .join(', ')}) added ÷ ${total()}, total column`,
    ),
    note:
      t(
        `浅色条为小样本（（七）总计 < ${SMALL_SAMPLE}）。某组各项全部空白时该组不画（不计为0）${blanks ? `；共有 ${blanks} 个空白单元格未计入各组之和` : ''}。各组之和小于（七）总计的报告，条不满100%。`,
        `Pale bars are small samples ((VII) total < ${SMALL_SAMPLE}). A group whose rows are all blank is not drawn (not counted as 0)${
          blanks ? `; ${blanks} blank cells are left out of the group sums` : ''
        }. Where the groups of a report add up to less than its (VII) total, the bar falls short of 100%.`,
      ) + (over.length ? ` ${overflowNote(over, '（七）总计', total())}` : ''),
    over,
    summary: os
      .map(
        (o) =>
          `${o.r.agency} ${o.r.year} ${t('公开率', METRIC_BY_KEY.disclosure_rate.en)} ${fmtPct(
            share(sumOf([o.groups.granted.value, o.groups.partially_granted.value]).value, o.total),
          )}`,
      )
      .join(t('；', '; ')),
    exportNote: t(
      '数据来源：各单位政府信息公开工作年度报告。占比＝该组各项之和÷（七）总计（总计列）；空白不计为0。',
      `${SOURCE.en}. Share = the group’s rows added ÷ ${total()} (total column); blanks are not counted as 0.`,
    ),
  };
}

/* ------------------------------------------------ 三、复议诉讼 outcomes */

export const KINDS = {
  review: { zh: '行政复议', en: 'administrative review', short: { zh: '复议', en: 'review' } },
  litigation: { zh: '行政诉讼', en: FORM_WORDS.litigation.en, short: { zh: '诉讼', en: 'litigation' } },
};
export type Kind = (typeof KINDS)[keyof typeof KINDS];
/** Two lines per report: 行政复议, and 行政诉讼 (both groups added; a blank is left out, never 0). */
export function reviewLines(d: Data, selected: readonly ReportListRow[]) {
  const by = byReport(d.review, (c) => c.grp);
  return selected.flatMap((r) => {
    const g = by.get(r.report_id) ?? new Map<string, (number | null)[]>();
    const review = g.get('review') ?? [];
    const lit = [g.get('litigation_direct') ?? [], g.get('litigation_after_review') ?? []];
    return [
      { r, kind: KINDS.review, cols: REVIEW_COLUMNS.map((_, c) => sumOf([review[c] ?? null])) },
      { r, kind: KINDS.litigation, cols: REVIEW_COLUMNS.map((_, c) => sumOf(lit.map((x) => x[c] ?? null))) },
    ];
  });
}
export type ReviewLine = ReturnType<typeof reviewLines>[number];
export const reviewLegend = () =>
  REVIEW_OUTCOMES.map((o) => ({ key: o.key, label: bi(o), color: REVIEW_COLORS[o.key] }));
export function reviewRows(ls: readonly ReviewLine[]): StackRow[] {
  const labels = compareLabels([...new Map(ls.map((l) => [l.r.report_id, l.r])).values()]);
  return ls.map((l) => {
    const n = l.cols[REVIEW_TOTAL].value;
    return {
      y: `${labels.get(l.r.report_id)!} · ${t(l.kind.short.zh, l.kind.short.en)}`,
      values: Object.fromEntries(REVIEW_OUTCOMES.map((o, c) => [o.key, share(l.cols[c].value, n)])),
      small: isSmall(n),
      empty: n === 0 ? t(`${l.kind.zh}总计为0（无案件）`, `${cap(l.kind.en)}: total is 0 (no cases)`) : undefined,
      tip: [
        `${l.r.agency} ${l.r.year} ${t(l.kind.zh, l.kind.en)}`,
        `${t(`总计 ${fmtInt(n)} 件`, `total: ${plural(n, 'case', 'cases', fmtInt)}`)}${smallFlag(isSmall(n))}`,
      ],
    };
  });
}
export const reviewTable = (ls: readonly ReviewLine[]) =>
  ls.map((l) => ({
    agency: l.r.agency,
    year: l.r.year,
    kind: l.kind.zh,
    ...Object.fromEntries(REVIEW_COLUMNS.map((o, c) => [o.key, l.cols[c].value])),
  }));
export const reviewColumns = () => [
  { key: 'agency', label: '单位' },
  { key: 'year', label: '年度' },
  { key: 'kind', label: '类别' },
  ...REVIEW_COLUMNS.map((o) => ({ key: o.key, label: o.label })),
];
export function reviewChart(ls: readonly ReviewLine[], nReports: string) {
  const kindTotal = (k: Kind) => sumOf(ls.filter((l) => l.kind === k).map((l) => l.cols[REVIEW_TOTAL].value)).value;
  const litBlanks = ls
    .filter((l) => l.kind === KINDS.litigation)
    .reduce((a, l) => a + l.cols.reduce((b, c) => b + (c.value !== null && c.blanks ? c.blanks : 0), 0), 0);
  const [rv, lt] = [kindTotal(KINDS.review), kindTotal(KINDS.litigation)];
  const over = overflows(
    reviewRows(ls),
    REVIEW_OUTCOMES.map((o) => o.key),
  );
  return {
    title: t('行政复议、行政诉讼结果构成', 'Outcomes of administrative review and litigation'),
    n: `${nReports}${t('；', '; ')}${t(`复议 ${fmtInt(rv)} 件，诉讼 ${fmtInt(lt)} 件`, `review ${plural(rv, 'case', 'cases', fmtInt)}, litigation ${plural(lt, 'case', 'cases', fmtInt)}`)}`,
    definition: t(
      `${REVIEW_OUTCOMES.map((o) => o.label).join('、')} 各占总计的比例；行政诉讼 = ${REVIEW_GROUPS[1].label} + ${REVIEW_GROUPS[2].label}`,
      `${REVIEW_OUTCOMES.map((o) => o.en).join(', ')}, each as a share of the total; litigation = ${REVIEW_GROUPS[1].en} + ${REVIEW_GROUPS[2].en}`,
    ),
    note:
      t(
        `浅色条为小样本（总计 < ${SMALL_SAMPLE}）。${litBlanks ? `两组诉讼相加时有 ${litBlanks} 个空白单元格按未填处理、未计入；` : ''}总计为0的标“无案件”。`,
        `Pale bars are small samples (total < ${SMALL_SAMPLE}). ${
          litBlanks ? `Adding the two litigation groups left out ${litBlanks} blank cells as not reported; ` : ''
        }a total of 0 is marked "no cases".`,
      ) + (over.length ? ` ${overflowNote(over, '总计', 'total')}` : ''),
    over,
    exportNote: t(
      '数据来源：各单位政府信息公开工作年度报告。行政诉讼为两组之和，空白不计为0。',
      `${SOURCE.en}. Litigation is the sum of both groups; blanks are not counted as 0.`,
    ),
  };
}

/** The left margin of a chart whose rows are named `xs`. */
export const leftFor = (xs: readonly string[]) => Math.min(230, Math.max(90, ...xs.map((s) => textWidth(s, 11) + 14)));

/* ------------------------------------------------ 四、per capita */

export const pcValue = (pcBy: Map<string, PerCapitaRow>, id: string, k: string) =>
  (pcBy.get(id)?.[pcKey(k)] as number | null | undefined) ?? null;
/** A line of the per-capita table (and its export): the covariate used, and each indicator raw and per capita (by key). */
export type PcLine = {
  agency: string;
  year: number;
  cov_value: number | null;
  cov_year: number | null;
  cov_source: string | null;
  [k: string]: string | number | null;
};
/** A number of a line, by key. */
export const num = (line: PcLine, k: string) => line[k] as number | null;
export function pcTable(d: Data, selected: readonly ReportListRow[]): PcLine[] {
  const by = new Map(d.pc.map((r) => [r.report_id, r]));
  return selected.map((r) => {
    const p = by.get(r.report_id);
    return {
      agency: r.agency,
      year: r.year,
      cov_value: p?.cov_value ?? null,
      cov_year: p?.cov_year ?? null,
      cov_source: p?.cov_source ?? null,
      ...Object.fromEntries(
        PC.flatMap((k) => [
          [k, (p?.[k] as number | null | undefined) ?? null],
          [pcKey(k), pcValue(by, r.report_id, k)],
        ]),
      ),
    };
  });
}
export const pcColumns = (cov: CovariateMeta) => [
  { key: 'agency', label: '单位' },
  { key: 'year', label: '年度' },
  { key: 'cov_value', label: cov.name },
  { key: 'cov_year', label: `${cov.name}的年份` },
  { key: 'cov_source', label: `${cov.name}的来源` },
  ...PC.flatMap((k) => [
    { key: k, label: METRIC_BY_KEY[k].zh },
    { key: pcKey(k), label: `${perCapitaLabel(k, cov).zh}（${perCapitaFormula(k, cov).zh}）` },
  ]),
];
/** The unit line of a per-capita chart: the indicator's unit per the covariate's scale (件/万人). */
export function pcUnit(k: string, cov: CovariateMeta): string {
  return unitLine(perUnit(metricUnit(METRIC_BY_KEY[k]), scaleOf(cov).per));
}
export const pcNote = (cov: CovariateMeta) =>
  `${SOURCE.zh}；协变量“${cov.name}”，文件 ${cov.file}，指纹 ${cov.fingerprint}，年份 ${yearsText(cov.years)}。无协变量的报告留空，不计为0。`;
/** The years and sources of the covariate values used. */
export const pcUsed = (rows: readonly PerCapitaRow[]) => ({
  years: [...new Set(rows.filter((r) => r.cov_year !== null).map((r) => r.cov_year!))].sort(),
  sources: [...new Set(rows.filter((r) => r.cov_source).map((r) => r.cov_source!))],
});

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = async (ask) => {
  const { list } = await askAll(ask, listQueries());
  const chosen = chosenFrom(new URLSearchParams(), list);
  if (chosen.length >= MIN) await askAll(ask, compareQueries(chosen, null, NO_COVARIATES));
};
