/**
 * 整表核对 (issue 18): a scanned table whose numbers need a look, checked at once — the table's picture cut
 * from the original page beside the table as read, and one 整表确认无误 for every number still to check.
 * What a table check holds, which cells the confirmation covers and which it cannot, and the window of the
 * page the picture shows: plain functions, tested in Node (tests/views/table-check.test.ts).
 */
import { t } from '$lib/i18n.svelte';
import { REQUEST_COLUMNS, REVIEW_COLUMNS, FORM_WORDS } from '$lib/report/formats';
import type { Box } from '$lib/report/ocr/crop';
import type { ReportRecord } from '$lib/report/types';
import { tableOf, type TableId } from '$lib/report/validate/origin';
import { numberedEn, type LaidCell } from '$lib/ui/report-layout';
import type { Msg } from '$lib/ui/words';
import { tableConfirmations, type TableConfirmation } from '$lib/workspace/corrections';
import type { Correction } from '$lib/workspace/types';
import { layout } from './view';

/** The reading problems a look at the picture settles: a number read from a cell that nothing proves. */
const LOOK = new Set(['ocr.unproven', 'ocr.unchecked', 'ocr.repaired']);

export interface TableCheck {
  table: TableId;
  /** Cells a whole-table confirmation keeps as read: OCR'd from the table's grid (they have a box), a reading problem in force. */
  toConfirm: string[];
  /** Cells still to look at that it cannot confirm: not read in time (ocr.unread) — a value must be entered. */
  unread: string[];
  /** The table's picture: on each page it lies on, the region around every OCR'd cell of it, and its row labels. */
  pictures: { page: number; region: Box }[];
  /** Boxes of the cells still to look at, by page (outlined on the picture). */
  marks: Map<number, Box[]>;
  /** The whole-table confirmations in force on this table (each can be undone as one). */
  confirmed: TableConfirmation[];
}

/**
 * The scanned tables with numbers to check — or with a whole-table confirmation to undo — in the order of
 * the form (表二, 表三, 表四). `record` is the report as corrected (its reading problems in force).
 */
export function tableChecks(record: ReportRecord, corrections: readonly Correction[], entryId: string): TableCheck[] {
  const cells = record.cells ?? {};
  const boxed = (path: string) => cells[path]?.ocr?.box;
  const confirmations = tableConfirmations(corrections, entryId);
  const out: TableCheck[] = [];
  for (const table of ['active', 'requests', 'review'] as const) {
    const look = new Set<string>();
    const unread = new Set<string>();
    for (const f of record.findings) {
      if (f.origin !== 'reading' || f.cells.length !== 1) continue;
      const path = f.cells[0];
      if (tableOf(path) !== table || !boxed(path)) continue;
      if (f.rule === 'ocr.unread') unread.add(path);
      else if (LOOK.has(f.rule)) look.add(path);
    }
    const toConfirm = [...look].filter((p) => !unread.has(p));
    const confirmed = confirmations
      .map((c) => ({ ...c, cells: c.cells.filter((p) => tableOf(p) === table) }))
      .filter((c) => c.cells.length > 0);
    if (!toConfirm.length && !unread.size && !confirmed.length) continue;
    const all = Object.keys(cells).filter((p) => tableOf(p) === table && boxed(p));
    const marks = new Map<number, Box[]>();
    for (const p of [...toConfirm, ...unread]) {
      const b = boxed(p)!;
      marks.set(b.page, [...(marks.get(b.page) ?? []), b]);
    }
    out.push({
      table,
      toConfirm: sortPaths(toConfirm),
      unread: sortPaths([...unread]),
      pictures: withLabels(tableRegions(all.map((p) => boxed(p)!))),
      marks,
      confirmed,
    });
  }
  return out;
}

/** Paths in a stable order (the order of the form is the layout's; this is only for the stored list). */
const sortPaths = (paths: string[]) => [...paths].sort();

/** Around the cells: a margin of 12 px of the page, so the ruling of the table shows. */
export const TABLE_MARGIN = 12;

/** The region of each page the cells lie on: the union of their boxes with a margin, pages in order. */
export function tableRegions(
  boxes: readonly (Box & { page: number })[],
  margin = TABLE_MARGIN,
): { page: number; region: Box }[] {
  const by = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (const b of boxes) {
    const u = by.get(b.page);
    if (!u) by.set(b.page, { x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h });
    else {
      u.x0 = Math.min(u.x0, b.x);
      u.y0 = Math.min(u.y0, b.y);
      u.x1 = Math.max(u.x1, b.x + b.w);
      u.y1 = Math.max(u.y1, b.y + b.h);
    }
  }
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .map(([page, u]) => {
      const x = Math.max(0, u.x0 - margin);
      const y = Math.max(0, u.y0 - margin);
      // The far edges may pass the page: the picture is cut inside it (crops.ts drawRegion).
      return { page, region: { x, y, w: u.x1 + margin - x, h: u.y1 + margin - y } };
    });
}

/**
 * A region widened to the page's left edge: the row labels are not read as cells (they have no box), and
 * without them the picture's rows could not be matched with the rows as read.
 */
export const withLabels = (regions: { page: number; region: Box }[]) =>
  regions.map(({ page, region }) => ({ page, region: { ...region, x: 0, w: region.x + region.w } }));

/** The table as read, row by row, in the layout of the form: what the picture is compared with. */
export interface ReadTable {
  /** Column heads. */
  head: Msg[];
  rows: { label: Msg; cells: LaidCell[] }[];
}

export function readTable(record: ReportRecord, table: TableId): ReadTable[] {
  const lay = layout(record);
  if (table === 'requests')
    return [
      {
        head: REQUEST_COLUMNS.map((c) => ({ zh: c.label, en: c.en })),
        rows: lay.req
          .filter((l) => l.printed)
          .map((l) => ({ label: { zh: l.def.label, en: numberedEn(l.def.label, l.def.en) }, cells: l.cells })),
      },
    ];
  if (table === 'review')
    return [
      {
        head: REVIEW_COLUMNS.map((c) => ({ zh: c.label, en: c.en })),
        rows: lay.rev
          .filter((b) => b.cells.some((c) => c.printed))
          .map((b) => ({ label: { zh: b.label, en: b.subEn }, cells: b.cells })),
      },
    ];
  return lay.act.map((b) => ({
    head: b.measures.map((m) => ({ zh: m.label, en: m.en })),
    rows: b.items.map((it) => ({ label: { zh: it.label, en: it.en }, cells: it.cells })),
  }));
}

/* ------------------------------------------------------------- words */

export const tableName = (table: TableId): Msg => ({
  zh: { active: '表二', requests: '表三', review: '表四' }[table],
  en: { active: 'Table 2', requests: 'Table 3', review: 'Table 4' }[table],
});
export const tableTitle = (table: TableId): Msg => FORM_WORDS[table];

/** What 整表确认无误 asserts: the checker has compared every cell of the picture with the number read. */
export const TABLE_ASSERT: Msg = {
  zh: '我已逐格核对图片与识别结果一致',
  en: 'I have checked every cell of the picture against the numbers read, and they agree',
};
export const confirmTableLabel = (n: number) => t(`整表确认无误（${n} 格）`, `Confirm the whole table as read (${n})`);
export const confirmTableNote = (n: number, unread: number) =>
  t(
    `为这 ${n} 格各记一条“确认无误”（核对人、时间），它们的读取问题随之解决；可整表撤销，也可点击某格在右侧逐格撤销。` +
      (unread ? `另有 ${unread} 格未能识别，须逐格填写，不在整表确认之内。` : ''),
    `Keeps each of these ${n} numbers as read, with who and when, which resolves their reading problems; ` +
      'it can be undone for the whole table, or cell by cell from the correction panel. ' +
      (unread ? `${unread} more could not be read and must be entered one by one: they are not confirmed here.` : ''),
  );
export const confirmedLine = (c: TableConfirmation) =>
  t(
    `已整表确认 ${c.cells.length} 格（${c.author}，${c.at.slice(0, 16).replace('T', ' ')}）`,
    `${c.cells.length} confirmed as a whole table (${c.author}, ${c.at.slice(0, 16).replace('T', ' ')})`,
  );
export const pictureCaption = (table: TableId, page: number, picture: boolean) =>
  picture
    ? t(
        `原图中的${tableName(table).zh}（红框：待核对的格）`,
        `${tableName(table).en} in the picture (red: the numbers to check)`,
      )
    : t(
        `原件第 ${page} 页中的${tableName(table).zh}（红框：待核对的格）`,
        `${tableName(table).en} on page ${page} of the scan (red: the numbers to check)`,
      );
