/**
 * Words of the oversight pages (跨年核查, 报送情况, 工作要点, 单位画像), each
 * written once in both languages.
 */
import { t } from '$lib/i18n.svelte';
import type { NarrativeKey, Timeliness } from '$lib/oversight/cross-year';
import type { SubmissionStatus } from '$lib/oversight/expected';
import type { Msg } from './words';

/** Publication against the deadline, and the 报送 status (missing = no report for the year). */
export const STATUS: Record<Timeliness['status'] | SubmissionStatus, Msg> = {
  on_time: { zh: '按期', en: 'on time' },
  late: { zh: '逾期', en: 'late' },
  undated: { zh: '未载明发布日期', en: 'no date printed' },
  unknown: { zh: '无法判断', en: 'cannot tell' },
  missing: { zh: '未报送', en: 'not reported' },
};
export const statusZh = (s: keyof typeof STATUS): string => STATUS[s].zh;

/** Why a body of unknown level (levelOf: 未知, a functional zone's 管委会) gets no deadline. */
export const LEVEL_UNKNOWN_DEADLINE: Msg = {
  zh: '级别不明（功能区管理机构，行政区划代码表中没有对应的县级行政区），条例第四十九条对政府部门（1月31日前）和人民政府（3月31日前）规定的期限不同，不判断是否逾期',
  en: 'level unknown (a functional zone’s administration with no county in GB/T 2260); art. 49 sets different deadlines for departments (31 January) and governments (31 March), so lateness is not judged',
};
export const statusName = (s: keyof typeof STATUS): string => t(STATUS[s].zh, STATUS[s].en);

export const SECTION: Record<NarrativeKey, Msg> = {
  overview: { zh: '一、总体情况', en: 'I. overview' },
  problems: { zh: '五、存在的主要问题及改进情况', en: 'V. problems and improvements' },
};

/** The legal basis of a deadline in English (cross-year.ts prints it in Chinese). */
export const articleEn = (article: string): string =>
  article.includes('第四十九条第一款')
    ? 'Regulations on Open Government Information (2019), art. 49(1): departments by 31 January'
    : article.includes('第四十九条第二款')
      ? 'Regulations on Open Government Information (2019), art. 49(2): governments by 31 March'
      : article.includes('第三十一条')
        ? 'Regulations on Open Government Information (2007), art. 31: by 31 March'
        : article;

/** “3 天” / “3 days”. */
export const days = (n: number): string => t(`${n} 天`, `${n} day${n === 1 ? '' : 's'}`);
/** A status with the days late: “逾期，3 天” / “late, 3 days”. */
export const statusText = (s: keyof typeof STATUS, daysLate: number): string =>
  `${statusName(s)}${s === 'late' ? `${t('，', ', ')}${days(daysLate)}` : ''}`;
