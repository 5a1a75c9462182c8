/**
 * The ranking's words that more than one place writes: the composite score's
 * formula (the 排名 page, its export, the 通报), the choice a ranking was made
 * with (indicator, direction, weights) in one line, and the indicator's name.
 */
import { perCapitaLabel, pcMetricOf } from '$lib/covariates/sql';
import type { CovariateMeta } from '$lib/covariates/types';
import { METRIC_BY_KEY, SMALL_SAMPLE } from '$lib/metrics/definitions';
import type { Weights } from '$lib/ui/composite';
import type { Msg } from '$lib/ui/words';

export const COMPOSITE_FORMULA: Msg = {
  zh:
    '综合得分 ＝ Σ（权重 × 归一化值）÷ Σ 权重 × 100。归一化值＝（该单位的值 − 最小值）÷（最大值 − 最小值），在本层级、本年度的报告中计算；' +
    '“越低越好”的指标取 1 − 归一化值；各单位取值相同（或只有一个单位有值）的指标，归一化值均记为 1。' +
    '某项空白的单位，该项不计入其得分（只在其有值的指标上加权平均）。权重为 0 的指标不参与。得分只是按您设定的权重排序，不是评价结论。',
  en:
    'Composite score = Σ (weight × normalised value) ÷ Σ weights × 100. Normalised value = (the body’s value − minimum) ÷ (maximum − minimum), ' +
    'over the reports of this level and year; for an indicator where lower is better, 1 − normalised value; where every body has the same value ' +
    '(or only one has a value), the normalised value is 1. A blank item does not count towards that body’s score (the weighted mean runs over ' +
    'the items it has). Indicators with weight 0 take no part. The score only orders the bodies by the weights you set; it is not a verdict.',
};

/** The indicator a ranking is ordered by, named: 综合得分, an indicator, or one per capita. */
export function sortLabel(key: string, cov: CovariateMeta | null): Msg {
  if (key === 'score') return { zh: '综合得分', en: 'composite score' };
  const pc = pcMetricOf(key);
  if (pc) return cov ? perCapitaLabel(pc, cov) : { zh: key, en: key };
  const m = METRIC_BY_KEY[key];
  return m ? { zh: m.zh, en: m.en } : { zh: key, en: key };
}

/** The order in words: 从高到低 / 从低到高. */
export const orderWords = (desc: boolean): Msg =>
  desc ? { zh: '从高到低', en: 'highest first' } : { zh: '从低到高', en: 'lowest first' };

/** An indicator's weight and direction, e.g. “权重 2，越低越好”; weight 0: 不参与. */
export function weightWords(w: Weights[string]): Msg {
  if (w.weight === 0) return { zh: '权重 0，不参与', en: 'weight 0, not counted' };
  return w.direction === 'higher'
    ? { zh: `权重 ${w.weight}，越高越好`, en: `weight ${w.weight}, higher is better` }
    : { zh: `权重 ${w.weight}，越低越好`, en: `weight ${w.weight}, lower is better` };
}

/** Every indicator's weight and direction in one line (the chart's note, the export, the 通报). */
export function weightsLine(keys: readonly string[], weights: Weights): Msg {
  const parts = keys.map((k) => ({ m: METRIC_BY_KEY[k], w: weightWords(weights[k]) }));
  return {
    zh: parts.map((p) => `${p.m.zh}（${p.w.zh}）`).join('；'),
    en: parts.map((p) => `${p.m.en} (${p.w.en})`).join('; '),
  };
}

/**
 * What small samples are, and where they stand: by the score, counted (marked) or left out of the composite
 * rank (`excludeSmall`); by an indicator, after the other reports (rankTable).
 */
export function smallRule(r: { excludeSmall: boolean; sortKey: string }): Msg {
  const where =
    r.sortKey !== 'score'
      ? { zh: '，排在其余报告之后', en: ', ranked after the others' }
      : r.excludeSmall
        ? { zh: '，不计入综合名次', en: ', left out of the composite rank' }
        : { zh: '，计入综合名次并单独标出', en: ', ranked with the others and marked' };
  return {
    zh: `分母 < ${SMALL_SAMPLE} 为小样本${where.zh}`,
    en: `a denominator < ${SMALL_SAMPLE} is a small sample${where.en}`,
  };
}
