/**
 * The data dictionary of the normalized tables, in Chinese and English:
 * every column of SCHEMA described, and every code a column holds (row keys,
 * applicant columns, review groups, 表二 items and measures) listed with the
 * label printed in the official forms. Generated from SCHEMA and formats.ts,
 * so it cannot drift from the tables it describes.
 */
import { ACTIVE_ITEMS, FORMAT_NAMES, OUTCOME_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS, FORMATS } from '../report/formats';
import { SCHEMA } from './arrow';
import type { Tables } from './normalize';

type Described = { zh: string; en: string };

const TABLE_DOCS: Record<keyof Tables, Described> = {
  reports: { zh: '报告：每份年度报告一行', en: 'reports: one row per annual report' },
  agencies: { zh: '单位：报告单位及其行政区划、层级', en: 'agencies: reporting bodies, their region and level' },
  active: { zh: '表二 主动公开政府信息情况（长表）', en: 'table 2, proactive disclosure (long format)' },
  requests: { zh: '表三 收到和处理政府信息公开申请情况（长表：行 × 申请人类型）', en: 'table 3, requests received and handled (long: row × applicant type)' },
  review_litigation: { zh: '表四 政府信息公开行政复议、行政诉讼情况（长表）', en: 'table 4, administrative review and litigation (long format)' },
  findings: { zh: '核验发现的问题', en: 'findings of the validator' },
};

const REPORT_ID: Described = { zh: '报告编号', en: 'report id' };
const BLANK_COUNT: Described = { zh: '件数；空白单元格为空（不是 0）', en: 'count; a blank cell is empty (never 0)' };

/** What each column holds; a column missing here fails the dictionary test. */
const COLUMN_DOCS: { [K in keyof Tables]: Record<keyof Tables[K][number], Described> } = {
  reports: {
    report_id: { zh: '报告编号（单位|年度|文件名；导入的报告为 mine:编号）', en: 'report id (agency|year|file; imported reports: mine:id)' },
    source: { zh: '原始文件名', en: 'original file name' },
    dataset: { zh: '数据集：builtin 内置，mine 我的数据', en: 'data set: builtin or mine (imported)' },
    agency: { zh: '报告单位（按标题）', en: 'reporting body, as in the title' },
    agency_id: { zh: '单位编号（单位名经 NFKC 规范化、去掉空格和不可见字符）', en: 'agency id (the name NFKC-normalised, spaces and invisible characters removed)' },
    region: { zh: '所属地区', en: 'region' },
    region_code: { zh: 'GB/T 2260 行政区划代码；无法确定时为空', en: 'GB/T 2260 region code; empty when unresolved' },
    level: { zh: '层级：省、市、县、部门、办公室；未知 = 级别不明（功能区管委会等，行政区划代码表中没有对应的县，不适用按层级的发布期限）', en: 'level: province 省, city 市, county 县, department 部门, general office 办公室; 未知 = level unknown (a functional zone’s body with no county in GB/T 2260; no deadline that depends on the level is applied)' },
    year: { zh: '报告年度（统计期，不是发布年份）', en: 'reporting year (the statistics period)' },
    format: { zh: `表格格式：${FORMATS.map((f) => `${f} = ${FORMAT_NAMES[f]}`).join('；')}`, en: 'national table format: 2021 (GB office letter 2021 No. 30) or 2019 (2019 No. 60)' },
    published: { zh: '落款日期 YYYY-MM-DD；未写为空', en: 'date under the signature; empty when not printed' },
    processing_fee_yuan: { zh: '收取信息处理费（元）；报告未提及为空，写明未收取为 0', en: 'information processing fees collected (yuan); empty when not stated, 0 when none' },
    n_errors: { zh: '报告本身的错误类问题数（不含读取问题）', en: 'number of error findings on the report itself (reading problems not included)' },
    n_warnings: { zh: '报告本身的警告类问题数（不含读取问题）', en: 'number of warning findings on the report itself (reading problems not included)' },
    n_info: { zh: '报告本身的提示类问题数（不含读取问题）', en: 'number of info findings on the report itself (reading problems not included)' },
    n_reading: { zh: '读取问题数：程序未能读准的地方（无行名的数字、无数字的行名、找不到的行、列位置不确定，以及这些表格上的全部问题）；不计入单位的数据问题', en: 'number of reading problems: what our reader could not place (numbers without a row, a row without numbers, a row not found, uncertain columns, and every finding on such a table); never counted against the body' },
  },
  agencies: {
    agency_id: { zh: '单位编号', en: 'agency id' },
    name: { zh: '单位名称', en: 'name' },
    region: { zh: '所属地区', en: 'region' },
    region_code: { zh: 'GB/T 2260 行政区划代码', en: 'GB/T 2260 region code' },
    level: { zh: '层级', en: 'level' },
    parent_code: { zh: '上级行政区划代码（部门、办公室为本级）', en: 'code of the place above (for departments and offices, their own place)' },
  },
  active: {
    report_id: REPORT_ID,
    item: { zh: '表二事项（见代码表）', en: 'table 2 item (see codes)' },
    measure: { zh: '表二指标（见代码表）', en: 'table 2 measure (see codes)' },
    value: { zh: '数值；空白单元格为空（不是 0）', en: 'value; a blank cell is empty (never 0)' },
  },
  requests: {
    report_id: REPORT_ID,
    row_key: { zh: '表三行（见代码表）', en: 'table 3 row (see codes)' },
    row_order: { zh: '行在格式中的顺序', en: 'order of the row in the format' },
    outcome_group: { zh: '办理结果分组（见代码表）；非办理结果行为空', en: 'outcome group (see codes); empty for rows that are not outcomes' },
    applicant: { zh: '申请人类型列（见代码表）', en: 'applicant column (see codes)' },
    col: { zh: '列序号 0–6', en: 'column index 0–6' },
    value: BLANK_COUNT,
  },
  review_litigation: {
    report_id: REPORT_ID,
    grp: { zh: '行政复议 / 行政诉讼分组（见代码表）', en: 'review or litigation group (see codes)' },
    outcome: { zh: '结果列（见代码表）', en: 'outcome column (see codes)' },
    col: { zh: '列序号 0–4', en: 'column index 0–4' },
    value: BLANK_COUNT,
  },
  findings: {
    report_id: REPORT_ID,
    rule: { zh: '规则编号', en: 'rule id' },
    severity: { zh: '严重程度：error 错误、warning 警告、info 提示', en: 'severity: error, warning, info' },
    origin: { zh: '谁的问题：report 报告本身的问题（可据以督促报告单位）；reading 读取问题（程序未能读准，不是报告单位的错误）', en: 'whose problem: report = the published report itself (may be held against the body); reading = our reader could not place something (never the body’s mistake)' },
    message: { zh: '问题说明（中文）', en: 'message (Chinese)' },
    cells: { zh: '涉及的单元格路径（JSON 数组）', en: 'cell paths concerned (JSON array)' },
    line: { zh: '原文行号；无则为空', en: 'line in the source text; empty when none' },
  },
};

export interface ColumnDoc { table: string; column: string; type: string; zh: string; en: string }
export interface CodeDoc { table: string; column: string; code: string; zh: string; en: string }

/** One row per table column. */
export function columnDictionary(): ColumnDoc[] {
  return (Object.keys(SCHEMA) as (keyof Tables)[]).flatMap((table) => [
    { table, column: '', type: 'table', ...TABLE_DOCS[table] },
    ...Object.entries(SCHEMA[table] as Record<string, string>).map(([column, type]) => ({ table, column, type, ...(COLUMN_DOCS[table] as Record<string, Described>)[column] })),
  ]);
}

/** One row per code, with the official form's printed label. */
export function codeDictionary(): CodeDoc[] {
  const measures = new Map<string, { zh: string; en: string }>();
  for (const it of ACTIVE_ITEMS) for (const f of FORMATS) for (const m of it.measures[f] ?? []) if (!measures.has(m.key)) measures.set(m.key, { zh: m.label, en: m.en });
  return [
    ...REQUEST_ROWS.map((r) => ({ table: 'requests', column: 'row_key', code: r.key, zh: r.label, en: r.en })),
    ...Object.entries(OUTCOME_GROUPS).map(([code, g]) => ({ table: 'requests', column: 'outcome_group', code, zh: g.label, en: g.en })),
    ...REQUEST_COLUMNS.map((c) => ({ table: 'requests', column: 'applicant', code: c.key, zh: c.label, en: c.en })),
    ...REVIEW_GROUPS.map((g) => ({ table: 'review_litigation', column: 'grp', code: g.key, zh: g.label, en: g.en })),
    ...REVIEW_COLUMNS.map((c) => ({ table: 'review_litigation', column: 'outcome', code: c.key, zh: c.label, en: c.en })),
    ...ACTIVE_ITEMS.map((it) => ({ table: 'active', column: 'item', code: it.item, zh: it.label, en: it.en })),
    ...[...measures].map(([code, m]) => ({ table: 'active', column: 'measure', code, ...m })),
  ];
}
