/**
 * The ranked chart of 排名 and of the 通报: one mark per report of the level
 * and year (every line of the table, not only its page), in the table's
 * order, at the value it is ranked by. Names beside the marks while they fit
 * (LABELLED_MAX); past that a strip of dots by rank, the names in the table.
 * A blank is drawn as 缺, never at 0; a small sample is a hollow dot.
 */
import { metricUnit, type Unit } from '$lib/charts/units';
import { pcFormula } from '$lib/covariates/text';
import { pcMetricOf } from '$lib/covariates/sql';
import { t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY, SMALL_SAMPLE } from '$lib/metrics/definitions';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { formulaOf, levelZh, levelName, nReports, SOURCE, tm } from '$lib/ui/words';
import { scoreOf, valueOf, type Ranked, type Reading } from './table';
import { COMPOSITE_FORMULA, orderWords, smallRule, sortLabel, weightsLine } from './words';

/** Up to this many reports the chart names each one; more, and it draws a strip of dots by rank. */
export const LABELLED_MAX = 150;
/**
 * Above this many reports the strip is drawn as three paths (dots, small samples, blanks) instead of an
 * element per report: a national level and year has 10,000+, and as many SVG elements with their handlers
 * took ~170 MB of the tab and slowed every view change. The tooltip then follows the pointer along the ranks.
 */
export const ELEMENTS_MAX = 1000;
/** Height of one named line. */
export const LINE = 16;

export interface RankMark {
  id: string;
  /** Position in the table, 1 first (unique: it also keys the line). */
  pos: number;
  agency: string;
  value: number | null;
  small: boolean;
}

export type ValueKind = 'score' | 'rate' | 'count' | 'per_capita';
export const kindOf = (key: string): ValueKind =>
  key === 'score' ? 'score' : pcMetricOf(key) ? 'per_capita' : METRIC_BY_KEY[key]?.unit === 'rate' ? 'rate' : 'count';

/**
 * The unit the chart's value axis states: the score's 分 (0–100), else the indicator's own (charts/units.ts).
 * Per capita: none here — the title names the covariate's 件/万人 with the indicator.
 */
export function rankUnit(key: string): Unit | null {
  if (key === 'score') return { zh: '分（0–100）', en: 'points (0–100)' };
  const m = METRIC_BY_KEY[key];
  return m && !pcMetricOf(key) ? metricUnit(m) : null;
}

/** A composite score (0–1) as the table, the chart and the 通报 write it: 0–100, one decimal. */
export const fmtScore = (v: number | null) => fmtValue('score', v === null ? null : v * 100);

/** A value as the chart and the 通报 write it. */
export function fmtValue(kind: ValueKind, v: number | null): string {
  if (v === null) return '—';
  if (kind === 'score') return v.toFixed(1);
  if (kind === 'rate') return fmtPct(v);
  if (kind === 'count') return fmtInt(v);
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** Each line of the table as a mark: the value it is ranked by (a score in 0–100), small or not. */
export function rankMarks(table: readonly Ranked[], r: Reading): RankMark[] {
  return table.map((e, i) => {
    if (r.sortKey === 'score') {
      const s = scoreOf(e, r.excludeSmall).score;
      return { id: e.id, pos: i + 1, agency: e.agency, value: s === null ? null : s * 100, small: e.small };
    }
    const small = pcMetricOf(r.sortKey) ? false : (e.m[r.sortKey]?.small ?? false);
    return { id: e.id, pos: i + 1, agency: e.agency, value: valueOf(e, r.sortKey, r.pcBy), small };
  });
}

/** The label of a named line: its place and name (two bodies of one name stay two lines). */
export const lineLabel = (m: RankMark) => `${m.pos}. ${m.agency}`;

/** Title, n, definition (口径) and note of the chart, in the current language. */
export function rankChartText(marks: readonly RankMark[], r: Reading, level: string, year: number) {
  const name = sortLabel(r.sortKey, r.cov);
  const order = orderWords(r.desc);
  const small = marks.filter((m) => m.small).length;
  const blank = marks.filter((m) => m.value === null).length;
  const pc = pcMetricOf(r.sortKey);
  const definition =
    r.sortKey === 'score'
      ? tm(COMPOSITE_FORMULA)
      : pc && r.cov
        ? pcFormula(pc, r.cov)
        : METRIC_BY_KEY[r.sortKey]
          ? formulaOf(METRIC_BY_KEY[r.sortKey])
          : r.sortKey;
  return {
    title: t(
      `${levelZh(level)} · ${year} 年度：按“${name.zh}”排名（${order.zh}）`,
      `${levelName(level)} · ${year}: ranked by ${name.en} (${order.en})`,
    ),
    n: [
      nReports(marks.length),
      small
        ? t(
            `其中 ${small} 份为小样本（分母 < ${SMALL_SAMPLE}，空心点）`,
            `${small} small sample${small === 1 ? '' : 's'} (denominator < ${SMALL_SAMPLE}, hollow)`,
          )
        : '',
      blank ? t(`${blank} 份空白（缺，不计为0）`, `${blank} blank (n/a, not counted as 0)`) : '',
    ]
      .filter(Boolean)
      .join(t('；', '; ')),
    definition,
    note:
      r.sortKey === 'score'
        ? `${t('权重与方向：', 'Weights and directions: ')}${tm(weightsLine(Object.keys(r.weights), r.weights))}${t('；', '; ')}${tm(smallRule(r))}`
        : tm(smallRule(r)),
    source: tm(SOURCE),
  };
}

/** The x axis's domain: 0 to the largest value (scores 0–100, rates at least 0–100 %). */
export function valueDomain(marks: readonly RankMark[], kind: ValueKind): [number, number] {
  const max = Math.max(0, ...marks.map((m) => m.value ?? 0));
  const min = Math.min(0, ...marks.map((m) => m.value ?? 0));
  if (kind === 'score') return [0, 100];
  if (kind === 'rate') return [min, Math.max(1, max)];
  return [min, max || 1];
}
