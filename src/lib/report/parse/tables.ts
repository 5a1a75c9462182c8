/** Read 表二, 表三 and 表四 out of their sections. */
import {
  ACTIVE_ITEMS,
  GROUP_LABEL_TEXT,
  REQUEST_ROW_BY_KEY,
  REQUEST_ROWS,
  REQUEST_WIDTH,
  REVIEW_GROUPS,
  REVIEW_WIDTH,
  TABLE_HEADER_TEXT,
  expectedRequestRows,
  type FormatId,
  type RequestRowKey,
} from '../formats';
import type { TCell, TRow } from '../text/cells';
import type { Cell, Finding, Origin, SourceSpan } from '../types';
import { labelIndex } from './align';
import {
  assignRuns,
  fitRuns,
  headerEnds,
  markdownTables,
  pieces,
  subHeaderEnd,
  type AlignOptions,
  type AnchorDef,
  type Assignment,
  type Fit,
  type Run,
} from './anchors';
import { rowLabel } from '../labels';

export interface TableRead<T> {
  values: T;
  cells: Record<string, SourceSpan>;
  findings: Finding[];
  /** How many labelled rows (or items) were recognized. */
  recognized: number;
}

/** The label 表三 and 表四 print over their last column. */
const TOTAL_LABEL = /^(?:总计|合计)$/;

/** Something prepared once per format, when the module loads. */
const perFormat = <T>(make: (f: FormatId) => T): Record<FormatId, T> => ({
  '2021': make('2021'),
  '2019': make('2019'),
});

const span = (c: TCell): SourceSpan => ({ line: c.line, col: c.col, len: c.text.length, text: c.text });
/**
 * A row with too many cells: where the layout marks every cell (a web page's
 * or a ruled PDF table's grid, tab-separated or markdown text) the report
 * printed it so; in plain text the reader only guessed the cells. A row with
 * too few is always ours: its numbers cannot be placed in their columns.
 */
const extraOrigin = (run: Run): Origin => (run.layout === 'plain' ? 'reading' : 'report');
const quote = (cells: readonly TCell[]) => cells.map((c) => (c.kind === 'blank' ? '（空）' : c.text)).join(' ');

/**
 * A run whose label reads like a row but could not be placed with certainty
 * (see anchors.ts `alignUnanchored`): never guessed into a row, said so.
 * `names` gives the Chinese name of a row key.
 */
function labelUnplaced(
  table: '表二' | '表三',
  path: string,
  a: Extract<Assignment, { kind: 'unplaced' }>,
  names: (key: string) => string,
): Finding {
  const label = a.label.length > 40 ? `${a.label.slice(0, 40)}…` : a.label;
  const maybe = a.candidates.length ? `，可能是${a.candidates.map((k) => `“${names(k)}”`).join('或')}` : '';
  return {
    rule: 'table.label_unplaced',
    severity: 'error',
    origin: 'reading',
    message: `${table}${a.after ? `“${names(a.after)}”之后` : ''}有一行“${label}”（${quote(a.run.cells)}），无法确定是格式中的哪一行${maybe}；这些数未计入任何一行`,
    cells: [path],
    source: span(a.labelCell ?? a.run.cells[0]),
  };
}

/**
 * A markdown row with blank filler at both ends that neither the row nor the
 * rest of its table could settle: which columns are filler is a judgement; say so.
 */
function uncertainColumns(what: string, paths: string[], fit: Fit, at: TCell): Finding {
  const { start, end } = fit.dropped;
  const dropped = [start ? `行首${start}个` : '', end ? `行尾${end}个` : ''].filter(Boolean).join('、');
  return {
    rule: 'table.columns_uncertain',
    severity: 'warning',
    origin: 'reading',
    message: `${what}首尾都有空白单元格，本行和表中其他行都无法确定哪一列是多余的；已去掉${dropped}空白单元格，请对照原表核对各列`,
    cells: paths,
    source: span(at),
  };
}

/* ------------------------------------------------------------------ 表三 */

const REQUEST_ANCHORS: AnchorDef[] = REQUEST_ROWS.map((r) => ({
  key: r.key,
  match: r.match,
  yieldsTo: r.collapsedGroup
    ? REQUEST_ROWS.filter((s) => s.group === r.collapsedGroup && s.key !== r.key).map((s) => s.key)
    : undefined,
  withGroupLabels: !!r.collapsedGroup,
}));
/** The alignment of 表三 per format, prepared once: every row's labels; the rows the format prints (a 2021 table may collapse （六）). */
const REQUEST_LABELS = labelIndex(REQUEST_ROWS.map((r) => ({ key: r.key, labels: [r.label, ...(r.variants ?? [])] })));
const REQUEST_ALIGN = perFormat((f): AlignOptions => ({
  labels: REQUEST_LABELS,
  rows: new Set(REQUEST_ROWS.filter((r) => r.formats.includes(f)).map((r) => r.key)),
  header: TABLE_HEADER_TEXT,
}));

export function readRequests(
  rows: readonly TRow[],
  format: FormatId,
): TableRead<Partial<Record<RequestRowKey, Cell[]>>> {
  const values: Partial<Record<RequestRowKey, Cell[]>> = {};
  const cells: Record<string, SourceSpan> = {};
  const findings: Finding[] = [];
  let recognized = 0;

  const assigned = assignRuns(pieces(rows, REQUEST_WIDTH), REQUEST_ANCHORS, {
    groupLabels: GROUP_LABEL_TEXT,
    align: REQUEST_ALIGN[format],
  });
  // （六）其他处理 printed as a row of its own with empty cells, above its
  // sub-rows, is the group's label, not the collapsed row: drop it.
  const hasOtherSubRows = assigned.some(
    (a) => 'key' in a && REQUEST_ROW_BY_KEY[a.key as RequestRowKey].group === 'other' && a.key !== 'other_total',
  );
  const isBlankOtherTotal = (a: Assignment) =>
    'key' in a && a.key === 'other_total' && (a.kind === 'label_only' || a.run.cells.every((c) => c.kind === 'blank'));
  const kept = assigned.filter((x) => !(hasOtherSubRows && isBlankOtherTotal(x)));
  // Every row's run is fitted at once: a markdown row's filler is settled by its table.
  const rowRuns = kept.flatMap((a) => (a.kind === 'row' ? [a.run] : []));
  const fits = new Map<Run, Fit>();
  const ends = headerEnds(rows, TOTAL_LABEL);
  fitRuns(rowRuns.map((run) => ({ run, width: REQUEST_WIDTH, headerEnd: run.at && ends.get(run.at.table) }))).forEach(
    (f, i) => fits.set(rowRuns[i], f),
  );
  for (const a of kept) {
    if (a.kind === 'orphan') {
      const where = a.after ? `“${rowLabel(a.after as RequestRowKey)}”之后` : '表三开头';
      findings.push({
        rule: 'table.unlabeled_numbers',
        severity: 'error',
        origin: 'reading',
        message: `表三${where}有一行数字（${quote(a.run.cells)}）找不到对应的行名，未计入任何一行`,
        cells: ['requests'],
        source: span(a.run.cells[0]),
      });
      continue;
    }
    if (a.kind === 'unplaced') {
      findings.push(labelUnplaced('表三', 'requests', a, (k) => rowLabel(k as RequestRowKey)));
      continue;
    }
    const key = a.key as RequestRowKey;
    recognized++;
    const paths = Array.from({ length: REQUEST_WIDTH }, (_, i) => `requests.${key}[${i}]`);
    if (a.kind === 'label_only') {
      values[key] = Array(REQUEST_WIDTH).fill(null);
      findings.push({
        rule: 'table.row_without_numbers',
        severity: 'warning',
        origin: 'reading',
        message: `表三“${rowLabel(key)}”一行印有行名但没有任何数字，按空白处理`,
        cells: paths,
        source: a.labelCell ? span(a.labelCell) : undefined,
      });
      continue;
    }
    const fit = fits.get(a.run)!;
    if (fit.short) {
      values[key] = Array(REQUEST_WIDTH).fill(null);
      findings.push({
        rule: 'table.missing_cells',
        severity: 'error',
        origin: 'reading',
        message: `表三“${rowLabel(key)}”一行只读到${fit.cells.length}个单元格（${quote(fit.cells)}），应为${REQUEST_WIDTH}个；无法确定各数属于哪一列，本行未采用`,
        cells: paths,
        source: span(a.run.cells[0]),
      });
      continue;
    }
    values[key] = fit.cells.map((c) => c.value);
    fit.cells.forEach((c, i) => {
      cells[paths[i]] = span(c);
    });
    if (fit.uncertain) findings.push(uncertainColumns(`表三“${rowLabel(key)}”`, paths, fit, a.run.cells[0]));
    if (fit.extra.length) {
      findings.push({
        rule: 'table.extra_cells',
        severity: 'error',
        origin: extraOrigin(a.run),
        message: `表三“${rowLabel(key)}”一行有${fit.cells.length + fit.extra.length}个单元格，格式规定${REQUEST_WIDTH}个；多出的（${quote(fit.extra)}）未采用`,
        cells: paths,
        source: span(fit.extra[0]),
      });
    }
  }

  // Rows the format prints but the report does not.
  const present = new Set(Object.keys(values));
  for (const def of expectedRequestRows(format)) {
    if (present.has(def.key)) continue;
    if (def.group === 'other' && present.has('other_total')) continue; // reported as collapsed below
    findings.push({
      rule: 'table.missing_row',
      severity: 'error',
      origin: 'report',
      message: `表三缺少“${rowLabel(def.key)}”一行`,
      cells: [`requests.${def.key}`],
    });
  }
  if (format === '2021' && present.has('other_total')) {
    const subRows = REQUEST_ROWS.filter((r) => r.group === 'other' && r.key !== 'other_total' && present.has(r.key));
    findings.push({
      rule: 'table.collapsed_other',
      severity: 'warning',
      origin: 'report',
      message: subRows.length
        ? `表三“（六）其他处理”既有合并行又有分项行（${subRows.map((r) => r.short).join('、')}），按2021年格式应只填三个分项`
        : '表三“（六）其他处理”只填了一行合计（2019年格式的写法），2021年格式应分为三个分项；合计值记为 other_total',
      cells: Array.from({ length: REQUEST_WIDTH }, (_, i) => `requests.other_total[${i}]`),
    });
  }
  return { values: orderRows(values), cells, findings, recognized };
}

function orderRows(values: Partial<Record<RequestRowKey, Cell[]>>) {
  const out: Partial<Record<RequestRowKey, Cell[]>> = {};
  for (const r of REQUEST_ROWS) if (values[r.key]) out[r.key] = values[r.key];
  return out;
}

/* ------------------------------------------------------------------ 表四 */

export function readReview(
  rows: readonly TRow[],
): TableRead<Record<'review' | 'litigation_direct' | 'litigation_after_review', Cell[] | null>> {
  const width = REVIEW_WIDTH * REVIEW_GROUPS.length; // 15
  const data: TCell[] = [];
  /** Where each data row's cells start: its index and the column after its last label. */
  const from: { row: number; col: number }[] = [];
  // The data row: the rows with numbers; or, where 表四 printed no number at all,
  // a delimited row of blank cells as wide as the table (every cell blank, never 0).
  const blankRow = rows.find((r) => r.delimited && r.cells.length >= width && r.cells.every((c) => c.kind === 'blank'));
  const dataRows = rows.some((r) => r.cells.some((c) => c.kind === 'num')) ? rows : blankRow ? [blankRow] : [];
  for (const row of dataRows) {
    if (row !== blankRow && !row.cells.some((c) => c.kind === 'num')) continue; // header rows
    if (row.delimited) {
      let lastText = -1;
      row.cells.forEach((c, i) => {
        if (c.kind === 'text') lastText = i;
      });
      data.push(...row.cells.slice(lastText + 1));
      from.push({ row: rows.indexOf(row), col: lastText + 1 });
    } else {
      from.push({ row: rows.indexOf(row), col: 0 });
      // Plain text has no blank cells, except the PDF reader's blank markers and printed dashes.
      data.push(...row.cells.filter((c) => c.kind !== 'text'));
    }
  }
  const values = { review: null, litigation_direct: null, litigation_after_review: null } as Record<
    'review' | 'litigation_direct' | 'litigation_after_review',
    Cell[] | null
  >;
  const cells: Record<string, SourceSpan> = {};
  const findings: Finding[] = [];
  if (data.length === 0) {
    findings.push({
      rule: 'table.missing_table',
      severity: 'error',
      origin: 'report',
      message: '找不到表四（行政复议、行政诉讼情况）的数字',
      cells: REVIEW_GROUPS.map((g) => g.key),
    });
    return { values, cells, findings, recognized: 0 };
  }
  const layout = (
    blankRow && dataRows[0] === blankRow ? blankRow : rows.find((r) => r.cells.some((c) => c.kind === 'num'))!
  ).layout;
  const run: Run = { cells: data, layout };
  // One markdown row: its header's column labels can tell which blank cells are filler.
  const table = from.length === 1 ? markdownTables(rows)[from[0].row] : -1;
  if (table >= 0) run.at = { table, ...from[0] };
  const [fit] = fitRuns([{ run, width, headerEnd: run.at && headerEnds(rows, TOTAL_LABEL).get(run.at.table) }]);
  const allPaths = REVIEW_GROUPS.flatMap((g) => Array.from({ length: REVIEW_WIDTH }, (_, i) => `${g.key}[${i}]`));
  if (fit.short) {
    findings.push({
      rule: 'table.missing_cells',
      severity: 'error',
      origin: 'reading',
      message: `表四只读到${fit.cells.length}个单元格（${quote(fit.cells)}），应为${width}个；无法确定各数属于哪一列，表四未采用`,
      cells: allPaths,
      source: span(data[0]),
    });
    return { values, cells, findings, recognized: 0 };
  }
  if (fit.uncertain) findings.push(uncertainColumns('表四数据行', allPaths, fit, data[0]));
  REVIEW_GROUPS.forEach((g, gi) => {
    const part = fit.cells.slice(gi * REVIEW_WIDTH, (gi + 1) * REVIEW_WIDTH);
    values[g.key] = part.map((c) => c.value);
    part.forEach((c, i) => {
      cells[`${g.key}[${i}]`] = span(c);
    });
  });
  if (fit.extra.length) {
    findings.push({
      // Cells gathered from several rows were lined up by us, not by the report.
      rule: 'table.extra_cells',
      severity: 'error',
      origin: from.length > 1 ? 'reading' : extraOrigin(run),
      message: `表四数据行${from.length > 1 ? `（由${from.length}行数字拼成）` : ''}有${width + fit.extra.length}个单元格，格式规定${width}个；多出的（${quote(fit.extra)}）未采用`,
      cells: allPaths.slice(-REVIEW_WIDTH),
      source: span(fit.extra[0]),
    });
  }
  return { values, cells, findings, recognized: 1 };
}

/* ------------------------------------------------------------------ 表二 */

/** 表二's items, their patterns and their alignment, per format, prepared once. */
const ACTIVE_TABLES = perFormat((f) => {
  const items = ACTIVE_ITEMS.filter((it) => it.measures[f]);
  const defs: AnchorDef[] = items.map((it) => ({ key: it.item, match: it.match }));
  const align: AlignOptions = {
    labels: labelIndex(items.map((it) => ({ key: it.item, labels: [it.label, ...(it.variants ?? [])] }))),
    rows: new Set(items.map((it) => it.item)),
    header: TABLE_HEADER_TEXT,
  };
  return { items, defs, align };
});

export function readActive(rows: readonly TRow[], format: FormatId): TableRead<Record<string, Cell>> {
  const { items, defs, align } = ACTIVE_TABLES[format];
  const values: Record<string, Cell> = {};
  const cells: Record<string, SourceSpan> = {};
  const findings: Finding[] = [];
  let recognized = 0;
  const widest = Math.max(...items.map((it) => it.measures[format]!.length));

  const assigned = assignRuns(pieces(rows, widest), defs, { align });
  // Fitted together, so a markdown row's filler is settled by its table. Items
  // differ in width: the header that speaks for a row is its own small table's.
  const widthOf = (key: string) => items.find((it) => it.item === key)!.measures[format]!.length;
  const rowRuns = assigned.flatMap((a) =>
    a.kind === 'row'
      ? [{ run: a.run, width: widthOf(a.key), headerEnd: subHeaderEnd(rows, a.run, widthOf(a.key)) }]
      : [],
  );
  const fits = new Map<Run, Fit>();
  fitRuns(rowRuns).forEach((f, i) => fits.set(rowRuns[i].run, f));
  for (const a of assigned) {
    if (a.kind === 'orphan') {
      findings.push({
        rule: 'table.unlabeled_numbers',
        severity: 'error',
        origin: 'reading',
        message: `表二有一组数字（${quote(a.run.cells)}）找不到对应的项目，未采用`,
        cells: ['active'],
        source: span(a.run.cells[0]),
      });
      continue;
    }
    if (a.kind === 'unplaced') {
      findings.push(labelUnplaced('表二', 'active', a, (k) => items.find((it) => it.item === k)!.label));
      continue;
    }
    const item = items.find((it) => it.item === a.key)!;
    const measures = item.measures[format]!;
    recognized++;
    const paths = measures.map((m) => `active.${item.item}.${m.key}`);
    if (a.kind === 'label_only') {
      for (const m of measures) values[`${item.item}.${m.key}`] = null;
      findings.push({
        rule: 'table.row_without_numbers',
        severity: 'warning',
        origin: 'reading',
        message: `表二“${item.label}”印有项目名但没有数字，按空白处理`,
        cells: paths,
      });
      continue;
    }
    const fit = fits.get(a.run)!;
    if (fit.short) {
      findings.push({
        rule: 'table.missing_cells',
        severity: 'error',
        origin: 'reading',
        message: `表二“${item.label}”只读到${fit.cells.length}个数（${quote(fit.cells)}），应为${measures.length}个（${measures.map((m) => m.label).join('、')}），本项未采用`,
        cells: paths,
        source: span(a.run.cells[0]),
      });
      continue;
    }
    const read = measures.map((m, i) => {
      const c = fit.cells[i];
      // An amount printed in 元 inside the cell keeps its unit: procurement.amount_yuan, never 万元.
      let key = `${item.item}.${m.key}`;
      if (m.unit === '万元' && c.unit === '元') key = key.replace(/amount_10k_yuan$/, 'amount_yuan');
      values[key] = c.value;
      cells[`active.${key}`] = span(c);
      return `active.${key}`;
    });
    if (fit.uncertain) findings.push(uncertainColumns(`表二“${item.label}”`, read, fit, a.run.cells[0]));
    if (fit.extra.length) {
      findings.push({
        rule: 'table.extra_cells',
        severity: 'error',
        origin: extraOrigin(a.run),
        message: `表二“${item.label}”有${measures.length + fit.extra.length}个数，格式规定${measures.length}个；多出的（${quote(fit.extra)}）未采用`,
        cells: paths,
        source: span(fit.extra[0]),
      });
    }
  }
  for (const it of items) {
    if (Object.keys(values).some((k) => k.startsWith(`${it.item}.`))) continue;
    if (findings.some((f) => f.cells.some((p) => p.startsWith(`active.${it.item}.`)))) continue;
    findings.push({
      rule: 'table.missing_row',
      severity: 'warning',
      origin: 'report',
      message: `表二缺少“${it.label}”一项`,
      cells: [`active.${it.item}`],
    });
  }
  return { values, cells, findings, recognized };
}
