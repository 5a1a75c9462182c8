/** Chinese names of the validator's rules and severities, for the report and data-quality views. */
import type { Severity } from '$lib/report/types';

export const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const severityZh = (s: string) => SEVERITY_ZH[s as Severity] ?? s;

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
  'table.missing_row': '缺少表格行',
  'table.missing_table': '缺少表格',
  'table.collapsed_other': '（六）其他处理只填合计行',
  'table.columns_uncertain': '表格列位置不确定',
  'section.missing': '缺少章节',
  'narrative.contradiction': '正文数字与表格矛盾',
  'meta.region_unresolved': '地区无法识别为行政区划代码',
  'meta.format_inferred': '表格格式由年度推定',
  'meta.agency_unknown': '标题中无机关名称',
  'meta.year_unknown': '标题中无年度',
};
export const ruleZh = (rule: string) => RULE_ZH[rule] ?? rule;
