/**
 * Names of the validator's rules and severities, in Chinese and English, for
 * the report and data-quality views. The findings' own messages stay Chinese
 * (the contract); only these titles follow the language switch.
 */
import type { Severity } from '$lib/report/types';
import { t } from '$lib/i18n.svelte';

export const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
export const SEVERITY_EN: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const severityZh = (s: string) => SEVERITY_ZH[s as Severity] ?? s;
/** The severity in the current language. */
export const severityName = (s: string) => t(severityZh(s), SEVERITY_EN[s as Severity] ?? s);

/** What each rule checks, in a supervisor's words (README, "Findings"). */
export const RULE_ZH: Record<string, string> = {
  'requests.row_sum': '表三行合计不符（各类申请人之和≠总计）',
  'requests.outcome_sum': '表三办理结果合计不符（（一）至（六）之和≠（七）总计）',
  'requests.outcome_unchecked': '表三办理结果全部空白，无法核对',
  'requests.balance': '表三收支不平（一+二≠（七）总计+四）',
  'requests.not_a_count': '表三数字不是件数（负数或小数）',
  'requests.blank_cell': '表三空白单元格',
  'review.group_sum': '表四合计不符（维持+纠正+其他+尚未审结≠总计）',
  'review.blank_cell': '表四空白单元格',
  'active.blank_cell': '表二空白单元格',
  'table.missing_cells': '表格行的单元格少于格式规定',
  'table.extra_cells': '表格行的单元格多于格式规定',
  'table.unlabeled_numbers': '数字不属于任何可识别的行',
  'table.row_without_numbers': '有行名而无数字',
  'table.label_unplaced': '行名无法确定对应哪一行',
  'table.missing_row': '缺少表格行',
  'table.missing_table': '缺少表格',
  'table.collapsed_other': '（六）其他处理只填合计行',
  'table.columns_uncertain': '表格列位置不确定',
  'section.missing': '缺少章节',
  'section.not_in_file': '文件中没有此部分（文件可能只是报告的一部分）',
  'table.row_not_in_file': '文件中的表格缺少此行（可能在图片之外）',
  'narrative.contradiction': '正文数字与表格矛盾',
  'meta.region_unresolved': '地区无法识别为行政区划代码',
  'meta.format_inferred': '表格格式由年度推定',
  'meta.agency_unknown': '标题中无机关名称',
  'meta.year_unknown': '标题中无年度',
  'user.correction': '用户更正的数字',
  'ocr.unproven': '识别的数字未经合计关系证实',
  'ocr.unchecked': '识别的数字无合计关系可核对',
  'ocr.unread': '扫描件此格未识别',
  'ocr.repaired': '识别的数字已按合计关系更正',
  'ocr.turned': '扫描页横置或倒置，已转正后识别',
  'cross_year.carry_over': '上年结转与上年度报告的结转下年度不一致',
  'cross_year.carry_over_unchecked': '上年结转无法与上年度核对（空白）',
  'cross_year.stock_flow': '现行有效件数与上年存量及本年增减不符',
  'cross_year.boilerplate': '正文与上年度报告大段相同',
  'cross_year.narrative_change': '正文所称较上年变化与两年表格不符',
  'publication.late': '晚于法定期限发布',
};
export const ruleZh = (rule: string) => RULE_ZH[rule] ?? rule;

/** The same, for the English reader. */
export const RULE_EN: Record<string, string> = {
  'requests.row_sum': 'Table 3 row total wrong (applicant columns ≠ total)',
  'requests.outcome_sum': 'Table 3 outcomes do not add up ((I)–(VI) ≠ (VII) total)',
  'requests.outcome_unchecked': 'Table 3 outcomes all blank, cannot be checked',
  'requests.balance': 'Table 3 does not balance (I + II ≠ (VII) total + IV)',
  'requests.not_a_count': 'Table 3 number is not a count (negative or fractional)',
  'requests.blank_cell': 'Table 3 blank cell',
  'review.group_sum': 'Table 4 total wrong (upheld + corrected + other + pending ≠ total)',
  'review.blank_cell': 'Table 4 blank cell',
  'active.blank_cell': 'Table 2 blank cell',
  'table.missing_cells': 'Row has fewer cells than the form prints',
  'table.extra_cells': 'Row has more cells than the form prints',
  'table.unlabeled_numbers': 'Numbers belong to no recognised row',
  'table.row_without_numbers': 'Row label without numbers',
  'table.label_unplaced': 'Row label could not be placed',
  'table.missing_row': 'Table row missing',
  'table.missing_table': 'Table missing',
  'table.collapsed_other': '(VI) other handling given as one row only',
  'table.columns_uncertain': 'Column positions uncertain',
  'section.missing': 'Section missing',
  'section.not_in_file': 'Section not in this file (the file may be part of a report)',
  'table.row_not_in_file': 'Row not in this file’s table (perhaps beyond the picture)',
  'narrative.contradiction': 'Text contradicts the tables',
  'meta.region_unresolved': 'Place not resolved to a division code',
  'meta.format_inferred': 'Form inferred from the year',
  'meta.agency_unknown': 'No body named in the title',
  'meta.year_unknown': 'No year in the title',
  'user.correction': 'Number corrected by a user',
  'ocr.unproven': 'OCR number not proven by the sums',
  'ocr.unchecked': 'OCR number with no sum to check it',
  'ocr.unread': 'Scan cell not read',
  'ocr.repaired': 'OCR number set by the sums',
  'ocr.turned': 'Scan page lay sideways or upside down, read turned upright',
  'cross_year.carry_over': 'Carried over ≠ last year’s carried forward',
  'cross_year.carry_over_unchecked': 'Carry-over cannot be checked against last year (blank)',
  'cross_year.stock_flow': 'Documents in force ≠ last year’s stock + issued − repealed',
  'cross_year.boilerplate': 'Text largely the same as last year’s report',
  'cross_year.narrative_change': 'Change on last year stated in the text contradicts both tables',
  'publication.late': 'Published after the legal deadline',
};
/** The rule's title in the current language (the id itself when it has none). */
export const ruleName = (rule: string) => t(ruleZh(rule), RULE_EN[rule] ?? rule);
