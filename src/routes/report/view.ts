/**
 * 报告: what the view asks (the list of reports; one report's file — its
 * record with provenance, the text the parser read, and for a workspace
 * report its corrections), and how a report becomes what the view shows: the
 * findings in order (读取问题 apart), the marks on the cells, the names of
 * cell paths and source places, what a reading problem's 更正 opens, and the
 * exports. Plain functions, tested in Node (tests/views/report.test.ts); the
 * components of this folder only compose them.
 */
import { levelOf } from '$lib/data/normalize';
import { fileQuery, sqlQuery } from '$lib/db/coordinator';
import { loadReport, reportListSql, type ReportFile, type ReportListRow } from '$lib/db/queries-report';
import type { ExportColumn, ExportRow } from '$lib/export/table';
import { isEn, plural, t } from '$lib/i18n.svelte';
import {
  ACTIVE_ITEMS,
  FORMAT_NAMES,
  OUTCOME_GROUPS,
  REQUEST_COLUMNS,
  REQUEST_ROW_BY_KEY,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type FormatId,
  type RequestRowKey,
} from '$lib/report/formats';
import { requestColumnLabel, reviewColumnLabel, reviewGroupLabel, rowLabel } from '$lib/report/labels';
import type { Finding, ReportRecord, SourceSpan } from '$lib/report/types';
import { BLANK, fmtCell } from '$lib/ui/format';
import {
  activeBlocks,
  numberedEn,
  requestLines,
  reviewBlocks,
  type ActiveBlock,
  type RequestLine,
  type ReviewBlock,
} from '$lib/ui/report-layout';
import { ruleZh, severityZh } from '$lib/ui/rules';
import { ORIGIN, SOURCE, type Msg } from '$lib/ui/words';
import type { Correction } from '$lib/workspace/types';
import { cellsOf } from '$lib/workspace/corrections';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/* ------------------------------------------------ what the view asks */

/** Every report, one line each, by place. */
export const listQueries = () => ({ list: sqlQuery<ReportListRow>(reportListSql()) });

/**
 * One report's file. A workspace report is read again at every data version
 * (a correction starts one), its findings recomputed. `load` reads the file
 * (in the app: static/data/reports, or the browser workspace for `mine:…`).
 */
export const reportQueries = (id: string, load: (id: string) => Promise<ReportFile | null> = loadReport) => ({
  report: fileQuery<ReportFile | null>(`report:${id}`, () => load(id)),
});

export const noSuchReport = (id: string): Msg => ({
  zh: `没有编号为“${id}”的报告。`,
  en: `There is no report “${id}”.`,
});
export const reportPath = (id: string) => `/report?id=${encodeURIComponent(id)}`;

/* ------------------------------------------------ words */

export const CHOOSE: Msg = {
  zh: '选择一份报告，查看按官方格式排列的三张表、每个数字在原文中的位置，以及核验发现的问题。',
  en:
    'Choose a report to see its three tables laid out as the official form prints them, where each number is in the source text, ' +
    'and the problems the checks found.',
};
export const listCaption = (n: number) =>
  t(
    `共 ${n} 份报告，点击单位名称查看。右侧三栏为报告本身的问题条数；程序未能读准之处标为“含读取问题”，不计入这三栏。`,
    `${plural(n, 'report')}; click a body's name to open its report. The three columns on the right count the problems found in the report itself; ` +
      'what our reader could not place is marked “has reading problems” and not counted there.',
  );
/** A workspace report, in Chinese (in English the file name is marked as Chinese: ReportMeta.svelte). */
export const mineZh = (name: string, corrected: number) =>
  `我的数据：本机导入的文件“${name}”。点击任一数字可更正（原值保留，附更正人、理由和时间），未读出的行可整行补录；已更正 ${corrected} 处。`;
export const hint = () =>
  t(
    `点击表中任一数字，右侧原文即跳到该数字所在位置并标出；“${BLANK}”表示报告中该格为空白（不等于 0），“—”表示报告未列出该项。` +
      '将鼠标移到右侧的问题上（或点击），表中涉及的单元格会标黄；单元格右上角的红色／橙色小角表示该格涉及错误／警告。',
    'Click any number in the tables: the source text on the right jumps to where it is printed and marks it. ' +
      '“blank” means the report left the cell empty (not 0); “—” means the report does not print the item. ' +
      'Point at (or click) a problem on the right and the cells it concerns turn yellow; ' +
      'a red/orange corner on a cell means it is part of an error/warning.',
  );
export const CORRECTABLE: Msg = {
  zh: '点击一条查看原文；“更正”可逐格更正或整行补录，所指单元格全部更正后该读取问题即解决。',
  en:
    'Click one to see the source text; “Correct” corrects its cells or enters its row whole — ' +
    'once every cell it names is corrected, the reading problem is resolved.',
};
export const NOT_CORRECTABLE: Msg = {
  zh: '点击一条查看原文。内置数据不能更正：将原文件导入“我的数据”后即可更正。',
  en: 'Click one to see the source text. Embedded reports cannot be corrected: import the file into My data to correct it.',
};
export const NONE_BUT_READING: Msg = {
  zh: '报告本身未发现问题（读取问题见上，不计入）。',
  en: 'No problems in the report itself (the reading problems above are not counted).',
};
export const NONE: Msg = {
  zh: '未发现问题：表内合计、勾稽关系和正文数字均一致。',
  en: 'No problems: the table totals, the identities between tables and the numbers in the text all agree.',
};

/* ------------------------------------------------ findings */

export interface Numbered {
  f: Finding;
  /** The finding's index in record.findings (what `data-finding` and the URL's `finding=` name). */
  i: number;
}
const ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };
const isBlank = (f: Finding) => f.rule.endsWith('.blank_cell');

/** Errors first, then warnings, then notes; blank cells after the other findings of their severity. */
export function sortedFindings(record: ReportRecord | null): Numbered[] {
  return (record?.findings ?? [])
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        ORDER[a.f.severity] - ORDER[b.f.severity] || (isBlank(a.f) ? 1 : 0) - (isBlank(b.f) ? 1 : 0) || a.i - b.i,
    );
}

/** The report's own problems, and 读取问题 — what our reader could not place (never the body's mistake), listed apart. */
export function splitFindings(record: ReportRecord | null): { own: Numbered[]; reading: Numbered[] } {
  const all = sortedFindings(record);
  return { own: all.filter(({ f }) => f.origin !== 'reading'), reading: all.filter(({ f }) => f.origin === 'reading') };
}

export const severityCounts = (own: readonly Numbered[]) => ({
  error: own.filter(({ f }) => f.severity === 'error').length,
  warning: own.filter(({ f }) => f.severity === 'warning').length,
  info: own.filter(({ f }) => f.severity === 'info').length,
});

/** Cells a reading problem names (a purple corner in the tables). */
export const readingCells = (reading: readonly Numbered[]) => new Set(reading.flatMap(({ f }) => f.cells));

/** The worst severity of the report's own findings on each cell (a corner mark); blank cells already read 空, so not theirs. */
export function cellSeverity(record: ReportRecord | null): Map<string, string> {
  const m = new Map<string, string>();
  const rank: Record<string, number> = { error: 3, warning: 2, info: 1 };
  for (const f of record?.findings ?? []) {
    if (isBlank(f) || f.origin === 'reading') continue;
    for (const c of f.cells) if ((rank[m.get(c) ?? ''] ?? 0) < rank[f.severity]) m.set(c, f.severity);
  }
  return m;
}

/** Cells a user corrected (workspace reports only), the latest correction of each. */
export function correctedCells(corrections: readonly Correction[] | undefined): Map<string, Correction> {
  return new Map([...(corrections ?? [])].sort((a, b) => a.at.localeCompare(b.at)).map((c) => [c.cell, c]));
}

/**
 * Whether a finding has a place in the source to show (查看原文): a sentence, or one of its cells as read. A note
 * about the file as a whole (a page read turned, a section not in the file) has none.
 */
export const hasSource = (record: ReportRecord, f: Finding): boolean =>
  f.source !== undefined || f.cells.some((c) => record.cells?.[c] !== undefined);

/**
 * Correcting what a reading problem names (workspace reports): one cell in the
 * cell panel; a row, item or group — or several cells of one row — in the row
 * panel; a whole table in the row panel with a choice of rows. null where the
 * problem names no number (the body, the year, the format).
 */
export function fixTarget(record: ReportRecord, f: Finding): { cell: string } | { row: string } | null {
  const named = f.cells.filter((p) => cellsOf(record, p) !== null);
  if (!named.length) return null;
  const isCell = (p: string) => /\[\d\]$/.test(p) || /^active\.[a-z_]+\.[a-z_0-9]+$/.test(p);
  const whole = named.find((p) => !isCell(p));
  if (whole) return { row: whole };
  if (named.length === 1) return { cell: named[0] };
  const unitOf = (p: string) =>
    p.startsWith('active.') ? p.split('.').slice(0, 2).join('.') : p.replace(/\[\d\]$/, '');
  const units = new Set(named.map(unitOf));
  return units.size === 1 ? { row: [...units][0] } : { cell: named[0] };
}
/** The words of the 更正 button for a target. */
export function fixLabel(target: { cell: string } | { row: string }): string {
  if ('cell' in target) return t('更正', 'Correct');
  return target.row === 'requests' || target.row === 'active'
    ? t('补录一行', 'Enter a row')
    : t('更正（整行补录）', 'Correct (enter the row)');
}

/* ------------------------------------------------ names and places */

/** Where a span is in the file: the line and characters, the PDF page, or the HTML/DOCX table, row and column. */
export function where(s: SourceSpan): string {
  const chars = `${s.col + 1}${s.len > 1 ? `–${s.col + s.len}` : ''}`;
  const parts = [t(`第 ${s.line} 行，第 ${chars} 字`, `line ${s.line}, character${s.len > 1 ? 's' : ''} ${chars}`)];
  if (s.page) parts.push(t(`PDF 第 ${s.page} 页`, `PDF page ${s.page}`));
  if (s.table) {
    parts.push(
      t(
        `原文第 ${s.table} 个表格 第 ${s.row ?? '?'} 行 第 ${s.column ?? '?'} 列`,
        `table ${s.table} of the original, row ${s.row ?? '?'}, column ${s.column ?? '?'}`,
      ),
    );
  }
  return parts.join(t('；', '; '));
}

/** A 表三 row in English, with its group: `(III) denied 1. state secret`. */
export function rowEn(key: RequestRowKey): string {
  const def = REQUEST_ROW_BY_KEY[key];
  const own = numberedEn(def.label, def.en);
  return def.group && /^\d\./.test(def.label)
    ? `${numberedEn(OUTCOME_GROUPS[def.group].label, OUTCOME_GROUPS[def.group].en)} ${own}`
    : own;
}

/** The name of a cell path in the current language, for a report laid out as `blocks` (表二's items and measures). */
export function pathLabel(blocks: readonly ActiveBlock[], path: string): string {
  let m = path.match(/^requests\.(\w+)\[(\d)\]$/);
  if (m) {
    return isEn()
      ? `Table 3 ${rowEn(m[1] as RequestRowKey)} · ${REQUEST_COLUMNS[Number(m[2])]?.en ?? `column ${Number(m[2]) + 1}`}`
      : `表三 ${rowLabel(m[1] as never)} · ${requestColumnLabel(Number(m[2]))}`;
  }
  m = path.match(/^(review|litigation_direct|litigation_after_review)\[(\d)\]$/);
  if (m) {
    return isEn()
      ? `Table 4 ${REVIEW_GROUPS.find((g) => g.key === m![1])!.en} · ${REVIEW_COLUMNS[Number(m[2])]?.en ?? `column ${Number(m[2]) + 1}`}`
      : `表四 ${reviewGroupLabel(m[1] as never)} · ${reviewColumnLabel(Number(m[2]))}`;
  }
  m = path.match(/^active\.(\w+)\.(\w+)$/);
  if (m) {
    const block = blocks.flatMap((b) => b.items.map((it) => ({ it, b }))).find((x) => x.it.item === m![1]);
    const col = block?.it.cells.findIndex((c) => c.path === path) ?? -1;
    const item = block ? t(block.it.label, block.it.en) : (ACTIVE_ITEMS.find((i) => i.item === m![1])?.en ?? m[1]);
    return `${t('表二', 'Table 2')} ${item}${col >= 0 ? ` · ${t(block!.b.measures[col].label, block!.b.measures[col].en)}` : ''}`;
  }
  if (path === 'published') return t('发布日期', 'date published');
  if (path === 'processing_fee_yuan') return t('信息处理费', 'information processing fee');
  return path;
}

/** A source line cut around the highlighted span. */
export function segments(
  span: SourceSpan | null,
  n: number,
  text: string,
): { pre: string; hl: string | null; post: string } {
  if (!span || span.line !== n) return { pre: text, hl: null, post: '' };
  return {
    pre: text.slice(0, span.col),
    hl: text.slice(span.col, span.col + span.len),
    post: text.slice(span.col + span.len),
  };
}
export const sourceLines = (text: string | null | undefined) => (text ? text.split(/\r\n|\r|\n/) : []);

/** A number's tooltip: its name, blank, corrected (with the printed value), and whether the source can be shown. */
export function cellTitle(
  label: string,
  value: number | null,
  corrected: Correction | undefined,
  traced: boolean,
): string {
  return `${label}${value === null ? t('：空白', ': blank') : ''}${
    corrected
      ? t(`（已更正，报告原值 ${fmtCell(corrected.original)}）`, ` (corrected; printed ${fmtCell(corrected.original)})`)
      : ''
  }${traced ? t(' — 点击查看原文', ' — click to see the source') : ''}`;
}

/* ------------------------------------------------ metadata, exports */

export const fee = (record: ReportRecord) =>
  record.processing_fee_yuan === null || record.processing_fee_yuan === undefined
    ? t('报告未说明', 'not stated in the report')
    : t(`${record.processing_fee_yuan} 元`, `${record.processing_fee_yuan} yuan`);
/** The level of the body (县, 市 …) from its name and place; '' without a name. */
export const levelOfRecord = (record: ReportRecord) =>
  record.agency ? levelOf(record.agency, record.region_code) : '';
export const fileStem = (record: ReportRecord | null) => (record ? `${record.agency}_${record.year}` : '报告');
export const note = () =>
  t(
    '数据来源：该单位政府信息公开工作年度报告，按原表读取；空白单元格为空，不计为0。',
    `${SOURCE.en.replace('each body', 'this body')}, read as printed; blank cells stay empty, never 0.`,
  );
export const formatName = (f: string) => FORMAT_NAMES[f as FormatId];

/** The three tables of one report as laid out by the official form. */
export function layout(record: ReportRecord): { act: ActiveBlock[]; req: RequestLine[]; rev: ReviewBlock[] } {
  return { act: activeBlocks(record), req: requestLines(record), rev: reviewBlocks(record) };
}

type Export = { columns: ExportColumn[]; rows: ExportRow[] };
export function activeExport(blocks: readonly ActiveBlock[]): Export {
  return {
    columns: [
      { key: 'item', label: '项目' },
      { key: 'measure', label: '指标' },
      { key: 'value', label: '数值' },
    ],
    rows: blocks.flatMap((b) =>
      b.items.flatMap((it) =>
        it.cells.map((c, j) => ({ item: it.label, measure: b.measures[j].label, value: c.value })),
      ),
    ),
  };
}
export function requestsExport(lines: readonly RequestLine[]): Export {
  return {
    columns: [{ key: 'row', label: '项目' }, ...REQUEST_COLUMNS.map((c, j) => ({ key: `c${j}`, label: c.label }))],
    rows: lines.map((l) => ({
      row: rowLabel(l.def.key),
      ...Object.fromEntries(l.cells.map((c, j) => [`c${j}`, c.printed ? c.value : '（未列此行）'])),
    })),
  };
}
export function reviewExport(blocks: readonly ReviewBlock[]): Export {
  return {
    columns: [{ key: 'group', label: '类别' }, ...REVIEW_COLUMNS.map((c, j) => ({ key: `c${j}`, label: c.label }))],
    rows: blocks.map((b) => ({
      group: b.label,
      ...Object.fromEntries(b.cells.map((c, j) => [`c${j}`, c.printed ? c.value : '（未列）'])),
    })),
  };
}
/** The report's own problems, then the reading problems; the cells named in words. */
export function findingsExport(
  own: readonly Numbered[],
  reading: readonly Numbered[],
  label: (path: string) => string,
): Export {
  return {
    columns: [
      { key: 'severity', label: '严重程度' },
      { key: 'rule', label: '问题类型' },
      { key: 'message', label: '说明' },
      { key: 'cells', label: '涉及单元格' },
      { key: 'rule_id', label: '规则' },
      { key: 'origin', label: '谁的问题' },
    ],
    rows: [...own, ...reading].map(({ f }) => ({
      origin: ORIGIN[f.origin === 'reading' ? 'reading' : 'report'].zh,
      severity: severityZh(f.severity),
      rule: ruleZh(f.rule),
      message: f.message,
      cells: f.cells.map(label).join('；'),
      rule_id: f.rule,
    })),
  };
}
export function listExport(list: readonly ReportListRow[]): Export {
  return {
    columns: [
      { key: 'agency', label: '单位' },
      { key: 'region', label: '地区' },
      { key: 'region_code', label: '区划代码' },
      { key: 'year', label: '年度' },
      { key: 'format', label: '表格格式' },
      { key: 'published', label: '发布日期' },
      { key: 'n_errors', label: '错误' },
      { key: 'n_warnings', label: '警告' },
      { key: 'n_info', label: '提示' },
    ],
    rows: list.map((r) => ({ ...r, format: formatName(r.format) ?? r.format })),
  };
}

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask) => askAll(ask, listQueries());

/* ------------------------------------------------------------- scans (OCR) */

/** An OCR'd value to look at: its cell, what was read and how sure, and where on which page (the crop's box). */
export interface ScanCell {
  path: string;
  text: string;
  confidence: number;
  box: NonNullable<SourceSpan['ocr']>['box'];
}

/** The OCR'd value of a cell, if it was read from a scan. */
export function scanCell(record: ReportRecord | null, path: string | null): ScanCell | null {
  const span = path ? record?.cells?.[path] : undefined;
  return path && span?.ocr ? { path, text: span.text, ...span.ocr } : null;
}

/** The OCR'd value an `ocr.*` finding asks the user to look at (each names one cell). */
export const scanCellOf = (record: ReportRecord, f: Finding): ScanCell | null =>
  f.rule.startsWith('ocr.') && f.cells.length === 1 ? scanCell(record, f.cells[0]) : null;

/** How the source text was made, said beside it: by OCR from a scan, extracted from a PDF, or as the file is. */
export const sourceMade = (record: ReportRecord): string =>
  record.ocr
    ? t('（扫描件经文字识别得出，本机离线识别）', ' (read from the scan by text recognition, on this machine)')
    : record.source.toLowerCase().endsWith('.pdf')
      ? t('（由PDF提取）', ' (extracted from the PDF)')
      : '';

/** Where the crop comes from, in words: the page and the confidence. */
export const scanCaption = (c: ScanCell, picture: boolean): string =>
  picture
    ? t(`原图此格 · 识别把握 ${c.confidence}%`, `this cell in the picture · confidence ${c.confidence}%`)
    : t(
        `原件第 ${c.box.page} 页此格 · 识别把握 ${c.confidence}%`,
        `this cell on page ${c.box.page} of the scan · confidence ${c.confidence}%`,
      );

export const CONFIRM: Msg = { zh: '确认无误', en: 'Correct as read' };
export const CONFIRM_TITLE: Msg = {
  zh: '已对照原图核对，识别的数字正确：记为确认（核对人、时间），此格的读取问题随之解决；可撤销',
  en: 'Checked against the picture, the number read is right: kept as a confirmation (who, when), which resolves this cell’s reading problem; it can be undone',
};
