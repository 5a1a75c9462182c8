/** The covariates' words in the views, Chinese first (t(zh, en)); user text (names, sources) stays as written. */
import { hasCjk } from '$lib/ui/lang/cjk';
import { t } from '$lib/i18n.svelte';
import { perCapitaFormula, perCapitaLabel } from './sql';
import type { CovariateMeta } from './types';

/** A covariate's name in the current language (its English name in English). */
export const covName = (c: { name: string; nameEn: string }) => t(c.name, c.nameEn);
export const pcLabel = (metric: string, c: CovariateMeta) => {
  const m = perCapitaLabel(metric, c);
  return t(m.zh, m.en);
};
export const pcFormula = (metric: string, c: CovariateMeta) => {
  const m = perCapitaFormula(metric, c);
  return t(m.zh, m.en);
};

/** Years as a list or a range: 2021 / 2020–2023. */
export const yearsText = (ys: readonly number[]) =>
  !ys.length
    ? '—'
    : ys.length === 1
      ? String(ys[0])
      : ys.length === ys[ys.length - 1] - ys[0] + 1
        ? `${ys[0]}–${ys[ys.length - 1]}`
        : ys.join(t('、', ', '));

/** A per-capita value: two decimals, thousands separated; blank is —. */
export const fmtPerCapita = (v: number | null | undefined) =>
  v === null || v === undefined
    ? '—'
    : v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The covariate line of a chart's source (drawn inside the SVG, so it is in the export):
 * name, unit, source, year. In English a source written in Chinese is pointed to, not printed.
 */
export function covariateSourceLine(c: CovariateMeta, years: readonly number[], sources: readonly string[]): string {
  const src = sources.length ? sources : c.sources;
  const ys = years.length ? years : c.years;
  return t(
    `协变量：${c.name}${c.unit ? `（单位：${c.unit}）` : ''}，来源：${src.join('；')}，年份：${yearsText(ys)}`,
    `covariate: ${c.nameEn}${c.unit && !hasCjk(c.unit) ? ` (unit: ${c.unit})` : ''}, source: ${src.every((s) => !hasCjk(s)) ? src.join('; ') : 'as named in Chinese on the page'}, year: ${yearsText(ys)}`,
  );
}
