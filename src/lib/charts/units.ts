/**
 * The unit a chart's value axis states (件, %, 万元, 条), read from the metric
 * definitions (MetricDef.unit and what the numerator counts), so a chart and
 * its table cannot name different units.
 */
import type { MetricDef } from '../metrics/definitions';
import { UNIT_EN } from '../report/formats';
import { t } from '$lib/i18n.svelte';

export interface Unit {
  zh: string;
  en: string;
}
export const UNITS = {
  items: { zh: '件', en: UNIT_EN['件'] },
  yuan10k: { zh: '万元', en: UNIT_EN['万元'] },
  percent: { zh: '%', en: '%' },
  problems: { zh: '条', en: 'problems' },
  cases: { zh: '件', en: 'cases' },
} satisfies Record<string, Unit>;

/** The unit of an indicator: a rate in %, an amount in 万元, findings in 条, any other count in 件. */
export function metricUnit(m: Pick<MetricDef, 'unit' | 'numerator'>): Unit {
  if (m.unit === 'rate') return UNITS.percent;
  if (m.unit === '10k_yuan') return UNITS.yuan10k;
  return m.numerator.some((x) => x.q.kind === 'findings') ? UNITS.problems : UNITS.items;
}

/** A unit per a covariate's scale: 件/万人. */
export const perUnit = (u: Unit, per: Unit): Unit => ({ zh: `${u.zh}/${per.zh}`, en: `${u.en} per ${per.en}` });

/** What the axis says: “单位：件” / “unit: items”. */
export const unitLine = (u: Unit) => t(`单位：${u.zh}`, `unit: ${u.en}`);
