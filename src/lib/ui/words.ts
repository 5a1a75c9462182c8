/**
 * Words several views share, in both languages, each written once. A message
 * kept in state is stored as both languages (`Msg`) and rendered with `tm`, so
 * it follows the language switch after it was set.
 */
import { plural, t } from '$lib/i18n.svelte';
import { UNIT_EN } from '$lib/report/formats';
import type { MetricDef } from '$lib/metrics/definitions';
import { numberedEn } from './report-layout';

export type Msg = { zh: string; en: string };
export const tm = (m: Msg): string => t(m.zh, m.en);

export const SOURCE: Msg = {
  zh: '数据来源：各单位政府信息公开工作年度报告',
  en: 'Source: annual reports on government information disclosure of each body',
};
export const STARTING: Msg = { zh: '正在启动数据库（DuckDB-WASM）……', en: 'Starting the database (DuckDB-WASM)…' };
export const dbFailed = (e: string): Msg => ({ zh: `数据库无法启动：${e}`, en: `The database could not start: ${e}` });
export const queryFailed = (e: string): Msg => ({ zh: `查询失败：${e}`, en: `Query failed: ${e}` });

/** The levels of bodies (src/lib/data/normalize.ts `levelOf`); `未知` (a functional zone with no county) reads 级别不明. */
const LEVEL_EN: Record<string, string> = {
  省: 'province',
  市: 'city',
  县: 'county',
  部门: 'department',
  办公室: 'government office',
  未知: 'level unknown',
};
const LEVEL_ZH: Record<string, string> = { 未知: '级别不明' };
export const levelZh = (level: string): string => LEVEL_ZH[level] ?? level;
export const levelName = (level: string): string => t(levelZh(level), LEVEL_EN[level] ?? level);
/** A level written into a sentence (“县合计” / “county total”). */
export const levelTotal = (level: string | null): string =>
  level ? t(`${levelZh(level)}合计`, `${LEVEL_EN[level] ?? level} total`) : t('全部合计', 'total, all levels');
/** “2023年度” / “2023”, “全部年度” / “all years”. */
export const yearName = (year: number | null): string =>
  year ? t(`${year}年度`, String(year)) : t('全部年度', 'all years');
/** A scope line: “2023年度 · 县” / “2023 · county”. */
export const scopeName = (year: number | null, level: string | null): string =>
  `${yearName(year)} · ${level ? levelName(level) : t('全部层级', 'all levels')}`;

/** Units of the tables. */
export const unitName = (unit: string): string => t(unit, UNIT_EN[unit] ?? unit);

/** “n = 8 份报告” / “n = 8 reports”. */
export const nReports = (n: number): string => t(`n = ${n} 份报告`, `n = ${plural(n, 'report', 'reports', String)}`);
/** The marker of a missing value in charts and tables: never drawn as 0. */
export const missingMark = (): string => t('缺', 'n/a');
export const NOT_REPORTED: Msg = { zh: '缺（空白或未填报）', en: 'n/a (blank or not reported)' };
export const SMALL: Msg = { zh: '小样本', en: 'small sample' };
/** Appended to a count that is a small sample. */
export const smallFlag = (small: boolean): string => (small ? t('（小样本）', ' (small sample)') : '');
export const ALL: Msg = { zh: '全部', en: 'All' };

/**
 * Whose problem a finding is (Finding.origin): the report's own — counted
 * against the body — or our reader's, 读取问题, never counted against it.
 */
export const ORIGIN: Record<'report' | 'reading', Msg> = {
  report: { zh: '报告问题', en: 'report problem' },
  reading: { zh: '读取问题', en: 'reading problem' },
};
export const READING_PROBLEMS: Msg = { zh: '读取问题', en: 'reading problems' };
/** What a reading problem is, in one sentence, for notes and tooltips. */
export const READING_NOTE: Msg = {
  zh: '读取问题：程序未能读准原文之处（无行名的数字、无数字的行名、找不到的行、列位置不确定，以及这些表格上的全部核验结果），不是报告单位的错误，不计入数据问题和综合得分',
  en: 'Reading problems: places our reader could not read with certainty (numbers without a row, a row without numbers, a row not found, uncertain columns, and every check on such a table). They are not the body’s mistakes and never count towards its data problems or score',
};

/** An indicator's name and formula in the current language (metrics/definitions.ts). */
export const metricName = (m: MetricDef): string => t(m.zh, m.en);
export const formulaOf = (m: MetricDef): string => t(m.formula, m.formulaEn);
/** “公开率＝（…）÷（七）总计” / “disclosure rate = (…) ÷ (VII) total handled”. */
export const defines = (m: MetricDef): string => `${metricName(m)}${t('＝', ' = ')}${formulaOf(m)}`;
/** Separators in sentences built from parts. */
export const sep = (): string => t('；', '; ');

/** A label of formats.ts (`{ label, en }`) in the current language. */
export const bi = (x: { label: string; en: string }): string => t(x.label, x.en);
/** The same for a label the form numbers (rows, outcome groups): `（七）总计` / `(VII) total handled`. */
export const formLabel = (x: { label: string; en: string }): string => t(x.label, numberedEn(x.label, x.en));
/** An English phrase as a title: first letter upper-case. */
export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
