/**
 * Every number read by OCR proven or shown (issue 18). After a scan's HTML has
 * been parsed like any web page, each value read from a table gets its OCR
 * note on its provenance (confidence, and the box on its page: the crop the
 * report view shows), and the table identities decide what is accepted:
 *
 * - 表三 or 表四 with every identity holding (row sums, outcome sums, the
 *   balance, the review and litigation sums): its cells are accepted, whatever
 *   tesseract's confidence — the arithmetic proves them;
 * - 表三 or 表四 where an identity fails: each of its OCR'd cells is a
 *   `"reading"` finding (`ocr.unproven`): a sum may fail because we misread a
 *   digit, not because the body misprinted one — so the table's other findings
 *   become ours too (validate/origin.ts) until a person has looked;
 * - 表二, which has no identity: each OCR'd cell is shown (`ocr.unchecked`, a
 *   warning below CONFIDENT, else a note); a cell past the time budget: `ocr.unread`;
 * - a 表三 cell whose identities all fail and agree on one other value is read as that value
 *   (./repair.ts) and shown (`ocr.repaired`: what was read, what the sums say).
 *
 * A wrong number is then never accepted without a finding: it is accepted only
 * in a table whose identities hold, and one wrong digit breaks them.
 */
import { revalidate } from '../parse';
import type { Finding, OcrSummary, ReportRecord, SourceSpan } from '../types';
import { settleOrigins, tableOf, type TableId } from '../validate/origin';
import { DOUBTFUL } from './recognize';
import { repairByIdentities } from './repair';
import { noteKey, type OcrCellNote } from './table-html';

/** Below this confidence (tesseract's 0–100) a cell no identity proves is shown for a look. */
export const CONFIDENT = 80;

/** The identities of the tables (validate/identities.ts): a failure of one makes the cells it names unproven. */
const IDENTITY_RULES = new Set(['requests.row_sum', 'requests.outcome_sum', 'requests.balance', 'review.group_sum']);

export const OCR_ENGINE = 'tesseract.js 7（chi_sim + eng，本机离线识别）';

const pct = (c: number) => `${Math.round(c)}%`;

/** The record with each OCR'd value's note on its span and the findings of what is not proven. */
export function applyOcr(
  record: ReportRecord,
  notes: readonly OcrCellNote[],
  summary: OcrSummary,
  /** The text the record was parsed from (its narrative is checked again after a repair). */
  text: string,
  /** Whether a value was read from a scanned page (in a PDF with text elsewhere, the others were not). */
  scanned: (span: SourceSpan) => boolean = () => true,
  /** Where a box's page is (or several: "1、3、5"), in the findings' words (a web page's pictures are not a scan's pages). */
  place: (page: number | string) => string = (page) => `扫描件第 ${page} 页`,
): ReportRecord {
  const byKey = new Map(notes.map((n) => [noteKey(n.table, n.row, n.column), n]));
  // Each value read from a scanned page's table cell, by its path: its OCR note (looked up once).
  const noteAt = new Map<string, OcrCellNote>();
  for (const [path, span] of Object.entries(record.cells ?? {}) as [string, SourceSpan][]) {
    if (!scanned(span) || span.table === undefined || span.row === undefined || span.column === undefined) continue;
    const note = byKey.get(noteKey(span.table, span.row, span.column));
    if (note) noteAt.set(path, note);
  }
  // 表三's misread digits that two identities agree on (./repair.ts), then the identities checked again.
  const repairs = new Map(
    repairByIdentities(
      record,
      (path) => noteAt.has(path) && !noteAt.get(path)!.unread,
      (path) => (noteAt.get(path)?.confidence ?? Infinity) <= DOUBTFUL,
    ).map((r) => [r.path, r]),
  );
  if (repairs.size) record.findings = revalidate(record, text);
  const failing = new Set<TableId>();
  const unprovenCells = new Set<string>();
  for (const f of record.findings) {
    if (!IDENTITY_RULES.has(f.rule) || f.severity !== 'error') continue;
    for (const c of f.cells) {
      const t = tableOf(c);
      if (t) failing.add(t);
      unprovenCells.add(c);
    }
  }
  const added: Finding[] = [];
  for (const [path, span] of Object.entries(record.cells ?? {}) as [string, SourceSpan][]) {
    if (!scanned(span)) continue;
    const note = noteAt.get(path);
    if (note) span.ocr = { confidence: Math.round(note.confidence), box: note.box };
    const table = tableOf(path);
    const repair = repairs.get(path);
    if (note && repair) {
      added.push(
        finding(
          'ocr.repaired',
          'warning',
          `${place(note.box.page)}此格识别为“${note.text}”（把握 ${pct(note.confidence)}），但它所在的各合计关系都只在此格为 ${repair.value} 时成立，已按 ${repair.value} 读取：请对照原图确认（原图确为 ${repair.read} 时请更正）`,
          path,
        ),
      );
      continue;
    }
    // Proven: in 表三 or 表四 (the tables with identities), and every identity there holds.
    if (!note?.unread && (table === 'requests' || table === 'review') && !failing.has(table)) continue;
    if (!note) {
      // Read from a line of the scan's text, not from a cell of a table grid: nothing to prove it by.
      added.push(
        finding(
          'ocr.unchecked',
          'warning',
          `扫描件中此数字“${span.text}”不在识别出的表格格子里（按文字行识别），无法核对，请对照原图确认`,
          path,
        ),
      );
      continue;
    }
    const where = place(note.box.page);
    const read = `此格识别为“${note.text}”（把握 ${pct(note.confidence)}）`;
    if (note.unread) added.push(finding('ocr.unread', 'warning', `${where}此格未能在时限内识别，请对照原图填写`, path));
    else if (table === 'requests' || table === 'review')
      added.push(
        finding(
          'ocr.unproven',
          'warning',
          unprovenCells.has(path)
            ? `${where}${read}，所在的合计关系不成立：可能是识别错误，请对照原图确认`
            : `${where}${read}，所在表格有合计关系不成立，此格无法证实，请对照原图确认`,
          path,
        ),
      );
    else
      added.push(
        finding(
          'ocr.unchecked',
          note.confidence < CONFIDENT ? 'warning' : 'info',
          `${where}${read}，这张表没有合计关系可以核对识别结果，请对照原图确认`,
          path,
        ),
      );
  }
  // Pages read turned: said, so a turned page in the original is not a surprise beside the upright crops — once
  // per way they lay (a sideways scan of twenty pages is one note, not twenty).
  for (const turn of [90, 180, 270] as const) {
    const pages = (summary.turned ?? []).filter((t) => t.turn === turn).map((t) => t.page);
    if (pages.length)
      added.push({
        rule: 'ocr.turned',
        severity: 'info',
        origin: 'reading',
        message: `${place(pages.join('、'))}${TURNED[turn]}后识别；对照原图的截图已按转正后的方向显示`,
        cells: [],
      });
  }
  record.findings = settleOrigins([...record.findings, ...added]);
  record.ocr = summary;
  return record;
}

/** How a turned page lay, and the turn that set it upright (clockwise degrees), in the findings' words. */
const TURNED: Record<90 | 180 | 270, string> = {
  90: '是横置的（向左侧倒），已顺时针旋转 90° ',
  180: '是倒置的（上下颠倒），已旋转 180° ',
  270: '是横置的（向右侧倒），已逆时针旋转 90° ',
};

function finding(rule: string, severity: Finding['severity'], message: string, path: string): Finding {
  return { rule, severity, origin: 'reading', message, cells: [path] };
}
