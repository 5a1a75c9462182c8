/**
 * The arithmetic the national format promises, checked cell by cell.
 *
 * Blank cells: a blank is not a zero, so an identity is only checked where
 * the cells it needs were printed. Where some are blank and the printed ones
 * already contradict the total, the finding says so and names the blanks.
 */
import {
  REQUEST_ROWS,
  REQUEST_WIDTH,
  REVIEW_GROUPS,
  TOTAL_COL,
  leafRows,
  type FormatId,
  type RequestRowKey,
} from '../formats';
import { requestColumnLabel, reviewColumnLabel, rowLabel } from '../labels';
import type { Cell, Finding, ReportRecord } from '../types';

const sum = (xs: readonly Cell[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 10000) / 10000));
const terms = (xs: readonly Cell[]) => xs.map((x) => (x === null ? '空' : fmt(x))).join('+');

/** 1. Each row's applicant columns add up to its 总计. */
function rowSums(r: ReportRecord, out: Finding[]) {
  for (const [key, row] of Object.entries(r.requests) as [RequestRowKey, Cell[]][]) {
    const total = row[TOTAL_COL];
    const parts = row.slice(0, TOTAL_COL);
    if (total === null || parts.every((x) => x === null)) continue;
    const s = sum(parts);
    if (Math.abs(s - total) < 1e-9) continue;
    const blanks = parts.some((x) => x === null) ? '（空白按0计）' : '';
    out.push({
      rule: 'requests.row_sum',
      severity: 'error',
      origin: 'report',
      message: `表三“${rowLabel(key)}”：各类申请人合计 ${terms(parts)} = ${fmt(s)}${blanks}，但总计列为 ${fmt(total)}`,
      cells: row.map((_, i) => `requests.${key}[${i}]`),
    });
  }
}

/** 2. The leaf outcome rows add up to （七）总计, column by column. */
function outcomeSums(r: ReportRecord, format: FormatId, out: Finding[]) {
  const total = r.requests.processed_total;
  if (!total) return;
  const present = new Set(Object.keys(r.requests));
  const leaves = leafRows(format, present).filter((d) => r.requests[d.key]);
  if (leaves.length === 0) return;
  for (let c = 0; c < REQUEST_WIDTH; c++) {
    const t = total[c];
    const parts = leaves.map((d) => r.requests[d.key]![c]);
    if (t === null) continue;
    if (parts.every((x) => x === null)) {
      out.push({
        rule: 'requests.outcome_unchecked',
        severity: 'warning',
        origin: 'report',
        message: `表三“${requestColumnLabel(c)}”列：办理结果（一）至（六）各行全部空白，无法与（七）总计 ${fmt(t)} 核对`,
        cells: [`requests.processed_total[${c}]`, ...leaves.map((d) => `requests.${d.key}[${c}]`)],
      });
      continue;
    }
    const s = sum(parts);
    if (Math.abs(s - t) < 1e-9) continue;
    const blanks = parts.filter((x) => x === null).length;
    out.push({
      rule: 'requests.outcome_sum',
      severity: 'error',
      origin: 'report',
      message: `表三“${requestColumnLabel(c)}”列：办理结果（一）至（六）各项之和为 ${fmt(s)}${blanks ? `（其中${blanks}格空白，按0计）` : ''}，但（七）总计为 ${fmt(t)}`,
      cells: [`requests.processed_total[${c}]`, ...leaves.map((d) => `requests.${d.key}[${c}]`)],
    });
  }
}

/** 3. 一 + 二 = （七）总计 + 四, column by column. */
function balance(r: ReportRecord, out: Finding[]) {
  const { new_received: a, carried_over: b, processed_total: t, carried_forward: f } = r.requests;
  if (!a || !b || !t || !f) return;
  for (let c = 0; c < REQUEST_WIDTH; c++) {
    const cells = [a[c], b[c], t[c], f[c]];
    if (cells.some((x) => x === null)) continue; // blanks are reported on their own
    const lhs = a[c]! + b[c]!;
    const rhs = t[c]! + f[c]!;
    if (Math.abs(lhs - rhs) < 1e-9) continue;
    out.push({
      rule: 'requests.balance',
      severity: 'error',
      origin: 'report',
      message: `表三“${requestColumnLabel(c)}”列：一、本年新收 ${fmt(a[c]!)} + 二、上年结转 ${fmt(b[c]!)} = ${fmt(lhs)}，但（七）总计 ${fmt(t[c]!)} + 四、结转下年度 ${fmt(f[c]!)} = ${fmt(rhs)}`,
      cells: ['new_received', 'carried_over', 'processed_total', 'carried_forward'].map((k) => `requests.${k}[${c}]`),
    });
  }
}

/**
 * 表四's identity on one group (维持, 纠正, 其他, 尚未审结, 总计): whether the four add up to 总计, a blank adding
 * nothing; null where 总计 is blank (nothing to check against). Shared with the reader, which proves a lone 表四 by it.
 */
export function reviewGroupHolds(row: readonly Cell[]): boolean | null {
  const total = row[4];
  return total === null ? null : Math.abs(sum(row.slice(0, 4)) - total) < 1e-9;
}

/** 4. 维持 + 纠正 + 其他 + 尚未审结 = 总计 in each review/litigation group. */
function reviewSums(r: ReportRecord, out: Finding[]) {
  for (const g of REVIEW_GROUPS) {
    const row = r[g.key];
    // A blank 总计 is reported on its own (blanks below).
    if (!row || reviewGroupHolds(row) !== false) continue;
    const [total, parts] = [row[4]!, row.slice(0, 4)];
    const s = sum(parts);
    out.push({
      rule: 'review.group_sum',
      severity: 'error',
      origin: 'report',
      message: `表四“${g.label}”：${parts.map((x, i) => `${reviewColumnLabel(i)}${x === null ? '空白' : fmt(x)}`).join(' + ')} = ${fmt(s)}，但总计为 ${fmt(total)}`,
      cells: row.map((_, i) => `${g.key}[${i}]`),
    });
  }
}

/** 5. Blank cells: reported once per row, with what the row's own arithmetic implies. */
function blanks(r: ReportRecord, out: Finding[]) {
  for (const def of REQUEST_ROWS) {
    const row = r.requests[def.key];
    if (!row) continue;
    const idx = row.flatMap((x, i) => (x === null ? [i] : []));
    if (idx.length === 0) continue;
    const cols = idx.map(requestColumnLabel).join('、');
    let implied = '';
    if (idx.length === 1 && idx[0] === TOTAL_COL)
      implied = `（按本行各列之和应为 ${fmt(sum(row.slice(0, TOTAL_COL)))}）`;
    const whole = idx.length === REQUEST_WIDTH;
    out.push({
      rule: 'requests.blank_cell',
      severity: 'warning',
      origin: 'report',
      message: whole
        ? `表三“${rowLabel(def.key)}”整行空白（未填0）`
        : `表三“${rowLabel(def.key)}”${cols}列空白（未填数字）${implied}`,
      cells: idx.map((i) => `requests.${def.key}[${i}]`),
    });
  }
  for (const g of REVIEW_GROUPS) {
    const row = r[g.key];
    if (!row) continue;
    const idx = row.flatMap((x, i) => (x === null ? [i] : []));
    if (idx.length === 0) continue;
    out.push({
      rule: 'review.blank_cell',
      severity: 'warning',
      origin: 'report',
      message:
        idx.length === row.length
          ? `表四“${g.label}”整组空白（未填0）`
          : `表四“${g.label}”${idx.map(reviewColumnLabel).join('、')}空白（未填数字）`,
      cells: idx.map((i) => `${g.key}[${i}]`),
    });
  }
  const activeBlank = Object.entries(r.active)
    .filter(([, v]) => v === null)
    .map(([k]) => k);
  if (activeBlank.length) {
    out.push({
      rule: 'active.blank_cell',
      severity: 'warning',
      origin: 'report',
      message: `表二有${activeBlank.length}格空白（未填数字）`,
      cells: activeBlank.map((k) => `active.${k}`),
    });
  }
}

/** 6. Request counts are whole, non-negative numbers. */
function wholeNumbers(r: ReportRecord, out: Finding[]) {
  for (const [key, row] of Object.entries(r.requests) as [RequestRowKey, Cell[]][]) {
    row.forEach((x, i) => {
      if (x === null || (Number.isInteger(x) && x >= 0)) return;
      out.push({
        rule: 'requests.not_a_count',
        severity: 'error',
        origin: 'report',
        message: `表三“${rowLabel(key)}”${requestColumnLabel(i)}列为 ${fmt(x)}，申请件数应为非负整数`,
        cells: [`requests.${key}[${i}]`],
      });
    });
  }
}

export function checkIdentities(r: ReportRecord): Finding[] {
  const out: Finding[] = [];
  if (!r.format) return out;
  rowSums(r, out);
  outcomeSums(r, r.format, out);
  balance(r, out);
  reviewSums(r, out);
  blanks(r, out);
  wholeNumbers(r, out);
  return out;
}
