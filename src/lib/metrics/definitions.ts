/**
 * The indicators of shared/design/metrics.md, each defined once.
 *
 * A definition names its numerator and denominator as sums of table
 * quantities; the SQL builder and the record-level evaluator below both read
 * these definitions, so the dashboard's SQL, the build-time aggregates and
 * any number shown for a single report cannot disagree. Rows of `requests`
 * refer to the 总计 column.
 */
import { REQUEST_ROWS, TOTAL_COL, type RequestRowKey } from '../report/formats';
import type { ReportRecord } from '../report/types';

/**
 * A quantity of one report: a 表三 row total, a 表四 cell, an 表二 value, or a
 * count of findings — of the report's own findings only (origin `report`): a
 * reading problem is never counted against the body.
 */
export type Quantity =
  | { kind: 'request'; row: RequestRowKey; col?: number }
  | { kind: 'review'; group: 'review' | 'litigation_direct' | 'litigation_after_review'; col: number }
  | { kind: 'active'; keys: string[] }
  | { kind: 'findings'; severity: 'error' | 'warning' | 'info' };

/** A signed sum of quantities. */
export type Expr = { sign: 1 | -1; q: Quantity }[];

export interface MetricDef {
  key: string;
  zh: string;
  en: string;
  /** The formula as shown to users, in Chinese, naming the printed rows. */
  formula: string;
  /** The same formula in English, naming the rows by their numbers on the form and their English labels (formats.ts). */
  formulaEn: string;
  numerator: Expr;
  /** Absent for counts; present for rates. */
  denominator?: Expr;
  /** Whether a higher value is usually read as better; the user may flip it in rankings. */
  higherIsBetter: boolean | null;
  unit: 'count' | 'rate' | '10k_yuan';
}

/** A rate whose denominator is below this is a small sample (metrics.md). */
export const SMALL_SAMPLE = 30;

const req = (row: RequestRowKey, sign: 1 | -1 = 1, col?: number) => ({
  sign,
  q: { kind: 'request' as const, row, col },
});
const rows = (prefix: string) =>
  REQUEST_ROWS.filter((r) => r.key.startsWith(prefix) && r.key !== 'other_total').map((r) => req(r.key));
const rev = (group: 'review' | 'litigation_direct' | 'litigation_after_review', col: number, sign: 1 | -1 = 1) => ({
  sign,
  q: { kind: 'review' as const, group, col },
});
const processed = [req('processed_total')];

export const METRICS: readonly MetricDef[] = [
  {
    key: 'requests_new',
    zh: '本年新收申请',
    en: 'new requests',
    formula: '一、本年新收（总计）',
    formulaEn: 'I. new requests (total column)',
    numerator: [req('new_received')],
    higherIsBetter: null,
    unit: 'count',
  },
  {
    key: 'requests_load',
    zh: '办理总量',
    en: 'requests to handle',
    formula: '一、本年新收 + 二、上年结转',
    formulaEn: 'I. new requests + II. carried over from last year',
    numerator: [req('new_received'), req('carried_over')],
    higherIsBetter: null,
    unit: 'count',
  },
  {
    key: 'disclosure_rate',
    zh: '公开率',
    en: 'disclosure rate',
    formula: '（（一）予以公开 + （二）部分公开）÷（七）总计',
    formulaEn: '((I) granted + (II) partially granted) ÷ (VII) total handled',
    numerator: [req('granted'), req('partially_granted')],
    denominator: processed,
    higherIsBetter: true,
    unit: 'rate',
  },
  {
    key: 'full_disclosure_rate',
    zh: '全部公开率',
    en: 'full disclosure rate',
    formula: '（一）予以公开 ÷（七）总计',
    formulaEn: '(I) granted ÷ (VII) total handled',
    numerator: [req('granted')],
    denominator: processed,
    higherIsBetter: true,
    unit: 'rate',
  },
  {
    key: 'denial_rate',
    zh: '不予公开率',
    en: 'denial rate',
    formula: '（三）不予公开各项之和 ÷（七）总计',
    formulaEn: 'sum of the (III) denied rows ÷ (VII) total handled',
    numerator: rows('denied_'),
    denominator: processed,
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'unable_rate',
    zh: '无法提供率',
    en: 'unable-to-provide rate',
    formula: '（四）无法提供各项之和 ÷（七）总计',
    formulaEn: 'sum of the (IV) unable to provide rows ÷ (VII) total handled',
    numerator: rows('unable_'),
    denominator: processed,
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'not_held_rate',
    zh: '本机关不掌握率',
    en: 'not-held rate',
    formula: '（四）1.本机关不掌握 ÷（七）总计',
    formulaEn: '(IV) 1. not held ÷ (VII) total handled',
    numerator: [req('unable_not_held')],
    denominator: processed,
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'not_processed_rate',
    zh: '不予处理率',
    en: 'not-processed rate',
    formula: '（五）不予处理各项之和 ÷（七）总计',
    formulaEn: 'sum of the (V) not processed rows ÷ (VII) total handled',
    numerator: rows('not_processed_'),
    denominator: processed,
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'other_rate',
    zh: '其他处理率',
    en: 'other-handling rate',
    formula: '（六）其他处理（各分项或合并行）÷（七）总计',
    formulaEn: '(VI) other handling (its rows or the one combined row) ÷ (VII) total handled',
    numerator: [...rows('other_'), req('other_total')],
    denominator: processed,
    higherIsBetter: null,
    unit: 'rate',
  },
  {
    key: 'carry_forward_rate',
    zh: '结转率',
    en: 'carry-forward rate',
    formula: '四、结转下年度 ÷（一、本年新收 + 二、上年结转）',
    formulaEn: 'IV. carried forward ÷ (I. new requests + II. carried over from last year)',
    numerator: [req('carried_forward')],
    denominator: [req('new_received'), req('carried_over')],
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'legal_person_share',
    zh: '法人或其他组织申请占比',
    en: 'share of requests from organisations',
    formula: '（一、本年新收总计 − 自然人）÷ 一、本年新收总计',
    formulaEn: '(I. new requests, total − natural persons) ÷ I. new requests, total',
    numerator: [req('new_received'), req('new_received', -1, 0)],
    denominator: [req('new_received')],
    higherIsBetter: null,
    unit: 'rate',
  },
  {
    key: 'review_rate',
    zh: '被申请复议率',
    en: 'review rate',
    formula: '行政复议总计 ÷（七）总计',
    formulaEn: 'administrative review, total ÷ (VII) total handled',
    numerator: [rev('review', 4)],
    denominator: processed,
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'litigation_rate',
    zh: '被起诉率',
    en: 'litigation rate',
    formula: '（未经复议直接起诉总计 + 复议后起诉总计）÷（七）总计',
    formulaEn: '(litigation without review, total + litigation after review, total) ÷ (VII) total handled',
    numerator: [rev('litigation_direct', 4), rev('litigation_after_review', 4)],
    denominator: processed,
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'review_correction_rate',
    zh: '复议纠错率',
    en: 'review correction rate',
    formula: '行政复议结果纠正 ÷（行政复议总计 − 尚未审结）',
    formulaEn: 'administrative review, corrected ÷ (administrative review, total − pending)',
    numerator: [rev('review', 1)],
    denominator: [rev('review', 4), rev('review', 3, -1)],
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'litigation_correction_rate',
    zh: '诉讼纠错率',
    en: 'litigation correction rate',
    formula: '两组行政诉讼结果纠正之和 ÷（两组总计之和 − 两组尚未审结之和）',
    formulaEn: 'corrected in both litigation groups ÷ (total of both groups − pending in both groups)',
    numerator: [rev('litigation_direct', 1), rev('litigation_after_review', 1)],
    denominator: [
      rev('litigation_direct', 4),
      rev('litigation_after_review', 4),
      rev('litigation_direct', 3, -1),
      rev('litigation_after_review', 3, -1),
    ],
    higherIsBetter: false,
    unit: 'rate',
  },
  {
    key: 'normative_issued',
    zh: '规范性文件制发',
    en: 'normative documents issued',
    formula: '行政规范性文件 本年制发件数（2019年格式：本年新制作数量）',
    formulaEn: 'normative documents, issued this year (2019 form: made this year)',
    numerator: [{ sign: 1, q: { kind: 'active', keys: ['normative_documents.issued', 'normative_documents.made'] } }],
    higherIsBetter: null,
    unit: 'count',
  },
  {
    key: 'licensing_decisions',
    zh: '行政许可决定',
    en: 'licensing decisions',
    formula: '行政许可 本年处理决定数量',
    formulaEn: 'administrative licensing, decisions this year',
    numerator: [{ sign: 1, q: { kind: 'active', keys: ['licensing.decisions'] } }],
    higherIsBetter: null,
    unit: 'count',
  },
  {
    key: 'penalty_decisions',
    zh: '行政处罚决定',
    en: 'penalty decisions',
    formula: '行政处罚 本年处理决定数量',
    formulaEn: 'administrative penalties, decisions this year',
    numerator: [{ sign: 1, q: { kind: 'active', keys: ['penalty.decisions'] } }],
    higherIsBetter: null,
    unit: 'count',
  },
  {
    key: 'fees_10k_yuan',
    zh: '行政事业性收费（万元）',
    en: 'administrative fees (10k yuan)',
    formula: '行政事业性收费 本年收费金额（万元）',
    formulaEn: 'administrative fees, amount collected (10k yuan)',
    numerator: [{ sign: 1, q: { kind: 'active', keys: ['fees.amount_10k_yuan'] } }],
    higherIsBetter: null,
    unit: '10k_yuan',
  },
  {
    key: 'findings_errors',
    zh: '数据问题（错误）',
    en: 'data problems (errors)',
    formula: '报告本身严重程度为“错误”的问题条数（读取问题不计入）',
    formulaEn: 'number of problems of severity “error” in the report itself (reading problems not counted)',
    numerator: [{ sign: 1, q: { kind: 'findings', severity: 'error' } }],
    higherIsBetter: false,
    unit: 'count',
  },
];

export const METRIC_BY_KEY: Record<string, MetricDef> = Object.fromEntries(METRICS.map((m) => [m.key, m]));

/* ------------------------------------------------ evaluation on one record */

/** A quantity's value in one report; null where the report does not print it (blank is not 0). */
export function quantityOf(r: ReportRecord, q: Quantity): number | null {
  switch (q.kind) {
    case 'request':
      return r.requests[q.row]?.[q.col ?? TOTAL_COL] ?? null;
    case 'review':
      return r[q.group]?.[q.col] ?? null;
    case 'active': {
      for (const k of q.keys) if (r.active[k] !== undefined) return r.active[k];
      return null;
    }
    case 'findings':
      return r.findings.filter((f) => f.origin === 'report' && f.severity === q.severity).length;
  }
}

/**
 * A sum over the quantities that are printed. All missing → null. Some
 * missing: the sum of the rest — the 其他处理 rows are alternatives (sub-rows
 * or one row), and a report prints only one form.
 */
export function evalExpr(r: ReportRecord, e: Expr): number | null {
  let any = false;
  let s = 0;
  for (const t of e) {
    const v = quantityOf(r, t.q);
    if (v === null) continue;
    any = true;
    s += t.sign * v;
  }
  return any ? s : null;
}

export interface MetricValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** A rate on fewer than SMALL_SAMPLE cases. */
  small: boolean;
}

export function evalMetric(r: ReportRecord, m: MetricDef): MetricValue {
  const numerator = evalExpr(r, m.numerator);
  if (!m.denominator) return { value: numerator, numerator, denominator: null, small: false };
  const denominator = evalExpr(r, m.denominator);
  const value = numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;
  return { value, numerator, denominator, small: denominator !== null && denominator < SMALL_SAMPLE };
}
