/**
 * The three tables of one report laid out as the official format prints
 * them, from the format description (src/lib/report/formats.ts) and the
 * record: which rows, which group labels span which rows, which 表二 items
 * share a header. Every cell carries its contract path, so the view can link
 * it to its provenance (`record.cells[path]`) and to the findings.
 */
import {
  ACTIVE_ITEMS,
  expectedRequestRows,
  FORM_WORDS,
  OUTCOME_GROUPS,
  REQUEST_ROWS,
  REVIEW_GROUPS,
  UNIT_EN,
  type FormatId,
  type RequestRowDef,
  type ReviewGroupKey,
} from '$lib/report/formats';
import type { Cell, ReportRecord } from '$lib/report/types';

/** A cell of a laid-out table: its path, and its value — or `printed: false` where the report has no such cell at all. */
export type LaidCell = { path: string; value: Cell; printed: boolean };

export const requestPath = (key: string, col: number) => `requests.${key}[${col}]`;
export const reviewPath = (group: ReviewGroupKey, col: number) => `${group}[${col}]`;
export const activePath = (key: string) => `active.${key}`;

/* ------------------------------------------------------------------ 表三 */

const ROMAN: Record<string, string> = { 一: 'I', 二: 'II', 三: 'III', 四: 'IV', 五: 'V', 六: 'VI', 七: 'VII' };
/** A label's English with the number the form prints before it: `（三）不予公开` → `(III) denied`, `四、…` → `IV. …`, `1.…` → `1. …`. */
export function numberedEn(label: string, en: string): string {
  const m = label.match(/^(?:（([一二三四五六七])）|([一二三四五六七])、|(\d)\.)/);
  if (!m) return en;
  return m[1] ? `(${ROMAN[m[1]]}) ${en}` : m[2] ? `${ROMAN[m[2]]}. ${en}` : `${m[3]}. ${en}`;
}

export type RequestLine = {
  def: RequestRowDef;
  /** The outcome group label cell, on the first sub-row of a group with sub-rows, spanning `groupSpan` rows. */
  groupLabel?: string;
  groupEn?: string;
  groupSpan?: number;
  /** True on sub-rows (the group label sits in the column before). */
  sub: boolean;
  printed: boolean;
  cells: LaidCell[];
};

export function requestLines(r: ReportRecord): RequestLine[] {
  const format = (r.format ?? '2021') as FormatId;
  const expected = new Set(expectedRequestRows(format).map((d) => d.key));
  const present = new Set(Object.keys(r.requests));
  const collapsed = present.has('other_total');
  const defs = REQUEST_ROWS.filter((d) => {
    if (present.has(d.key)) return true;
    if (!expected.has(d.key)) return false;
    // A report that prints （六）其他处理 as one row has no sub-rows to miss.
    return !(collapsed && d.group === 'other');
  });
  const lines: RequestLine[] = defs.map((def) => {
    const row = r.requests[def.key];
    const sub = !!def.group && /^\d\./.test(def.label);
    return {
      def,
      sub,
      printed: !!row,
      cells: Array.from({ length: 7 }, (_, col) => ({
        path: requestPath(def.key, col),
        value: row?.[col] ?? null,
        printed: !!row,
      })),
    };
  });
  // Group labels span their sub-rows, as in the printed table.
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.sub || (i > 0 && lines[i - 1].sub && lines[i - 1].def.group === l.def.group)) continue;
    let span = 1;
    while (lines[i + span]?.sub && lines[i + span].def.group === l.def.group) span++;
    l.groupLabel = OUTCOME_GROUPS[l.def.group!].label;
    l.groupEn = numberedEn(l.groupLabel, OUTCOME_GROUPS[l.def.group!].en);
    l.groupSpan = span;
  }
  return lines;
}

/* ------------------------------------------------------------------ 表二 */

export type ActiveBlock = {
  /** Column headers: the measures' labels (with unit). */
  measures: { label: string; en: string }[];
  items: { item: string; label: string; en: string; cells: LaidCell[] }[];
};

export function activeBlocks(r: ReportRecord): ActiveBlock[] {
  const format = (r.format ?? '2021') as FormatId;
  const blocks: (ActiveBlock & { sig: string })[] = [];
  for (const it of ACTIVE_ITEMS) {
    const ms = it.measures[format];
    if (!ms) continue;
    const cols = ms.map((m) => {
      let key = `${it.item}.${m.key}`;
      let unit = m.unit;
      // An amount printed in 元 is kept in 元 (contract: `amount_yuan`), never converted.
      if (!(key in r.active) && m.unit === '万元' && `${it.item}.amount_yuan` in r.active) {
        key = `${it.item}.amount_yuan`;
        unit = '元';
      }
      return {
        label: unit ? `${m.label}（${unit}）` : m.label,
        en: unit ? `${m.en} (${UNIT_EN[unit] ?? unit})` : m.en,
        cell: { path: activePath(key), value: r.active[key] ?? null, printed: key in r.active },
      };
    });
    const sig = cols.map((c) => c.label).join('|');
    const last = blocks[blocks.length - 1];
    const item = { item: it.item, label: it.label, en: it.en, cells: cols.map((c) => c.cell) };
    if (last && last.sig === sig) last.items.push(item);
    else blocks.push({ sig, measures: cols.map((c) => ({ label: c.label, en: c.en })), items: [item] });
  }
  return blocks.map(({ measures, items }) => ({ measures, items }));
}

/* ------------------------------------------------------------------ 表四 */

export type ReviewBlock = {
  key: ReviewGroupKey;
  label: string;
  top: string;
  topEn: string;
  sub: string | null;
  subEn: string;
  cells: LaidCell[];
};

/** The three groups; `top`/`sub` split a label like `行政诉讼 未经复议直接起诉` into its two header levels. */
export function reviewBlocks(r: ReportRecord): ReviewBlock[] {
  return REVIEW_GROUPS.map((g) => {
    const [top, ...rest] = g.label.split(/\s+/);
    const row = r[g.key];
    return {
      key: g.key,
      label: g.label,
      top,
      sub: rest.length ? rest.join(' ') : null,
      // A group printed under 行政诉讼 has that header above its own; its English names the group.
      topEn: rest.length ? FORM_WORDS.litigation.en : g.en,
      subEn: g.en,
      cells: Array.from({ length: 5 }, (_, col) => ({
        path: reviewPath(g.key, col),
        value: row?.[col] ?? null,
        printed: !!row,
      })),
    };
  });
}
