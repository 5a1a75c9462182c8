/**
 * Corrections: a user's new value for a cell the source got wrong — or for a
 * cell our reader could not read at all (a row it could not place). The
 * parsed record is never edited; the corrected record is derived from it and
 * the corrections, and its value findings are computed again.
 *
 * A reading problem (a finding of origin `reading`) is resolved when the user
 * has corrected every cell it names: it is dropped from the corrected record,
 * and the correction that completed it says so in its note. A path naming a
 * row (`requests.granted`), a 表二 item, a 表四 group or a whole table names
 * all of its cells in the record's format; a path naming no cell (`agency`,
 * `year`, `format` …) cannot be resolved by correcting numbers.
 */
import { revalidate } from '$lib/report';
import {
  ACTIVE_ITEMS,
  activeKeys,
  expectedRequestRows,
  REQUEST_ROW_BY_KEY,
  REQUEST_ROWS,
  REQUEST_WIDTH,
  REVIEW_GROUPS,
  REVIEW_WIDTH,
  type RequestRowKey,
  type ReviewGroupKey,
} from '$lib/report/formats';
import type { Cell, Finding, ReportRecord } from '$lib/report/types';
import { LAYOUT_ORIGIN_RULES, originOfRule } from '$lib/report/validate/origin';
import { MAX_MAGNITUDE } from '$lib/limits/package';
import type { Correction, Entry } from './types';

const PATH =
  /^(?:active\.([a-z_]+\.[a-z_0-9]+)|requests\.([a-z_]+)\[(\d)\]|(review|litigation_direct|litigation_after_review)\[(\d)\])$/;

/** The value at a cell path; undefined when the record has no such cell (a row it does not print). */
export function getCell(record: ReportRecord, path: string): Cell | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  if (m[1]) return m[1] in record.active ? record.active[m[1]] : undefined;
  if (m[2]) return record.requests[m[2] as keyof ReportRecord['requests']]?.[Number(m[3])];
  return record[m[4] as 'review']?.[Number(m[5])];
}

/**
 * Whether the record's format prints this cell, whether or not the record has
 * it: a 表三 row key valid for the format (REQUEST_ROWS), a 表二 measure of
 * the format (ACTIVE_ITEMS), a 表四 column. A cell the record lacks can be
 * entered as a correction (a row the reader could not place).
 */
export function formatHasCell(record: ReportRecord, path: string): boolean {
  const m = PATH.exec(path);
  const format = record.format;
  if (!m || !format) return false;
  if (m[1]) {
    const [item, measure] = m[1].split('.');
    // An amount the report printed in 元 keeps its key (contract: amount_yuan); it exists only where it was read.
    return (
      m[1] in record.active ||
      !!ACTIVE_ITEMS.find((it) => it.item === item)?.measures[format]?.some((x) => x.key === measure)
    );
  }
  if (m[2])
    return !!REQUEST_ROW_BY_KEY[m[2] as RequestRowKey]?.formats.includes(format) && Number(m[3]) < REQUEST_WIDTH;
  return Number(m[5]) < REVIEW_WIDTH;
}

const rowCells = (key: string) => Array.from({ length: REQUEST_WIDTH }, (_, i) => `requests.${key}[${i}]`);
const groupCells = (g: string) => Array.from({ length: REVIEW_WIDTH }, (_, i) => `${g}[${i}]`);

/**
 * The cells a finding's path names, in the record's format: a cell itself; a
 * 表三 row (`requests.granted`) its seven cells; a 表二 item (`active.licensing`)
 * its measures; a 表四 group (`review`) its five cells; a table (`requests`,
 * `active`) every cell of it. null where the path names no cell (`agency`, `year` …).
 */
export function cellsOf(record: ReportRecord, path: string): string[] | null {
  if (PATH.test(path)) return [path];
  const format = record.format;
  if (!format) return null;
  if (path === 'requests') {
    const keys = new Set([...expectedRequestRows(format).map((d) => d.key), ...Object.keys(record.requests)]);
    return REQUEST_ROWS.filter((d) => keys.has(d.key)).flatMap((d) => rowCells(d.key));
  }
  let m = /^requests\.([a-z_]+)$/.exec(path);
  if (m) return REQUEST_ROW_BY_KEY[m[1] as RequestRowKey] ? rowCells(m[1]) : null;
  if (path === 'active')
    return [...new Set([...activeKeys(format), ...Object.keys(record.active)])].map((k) => `active.${k}`);
  m = /^active\.([a-z_]+)$/.exec(path);
  if (m) {
    const item = m[1];
    const keys = [...activeKeys(format), ...Object.keys(record.active)].filter((k) => k.startsWith(`${item}.`));
    return keys.length ? [...new Set(keys)].map((k) => `active.${k}`) : null;
  }
  if (REVIEW_GROUPS.some((g) => g.key === path)) return groupCells(path);
  return null;
}

/** 表三 rows in printed order, as the parser gives them. */
function ordered(requests: ReportRecord['requests']): ReportRecord['requests'] {
  const out: ReportRecord['requests'] = {};
  for (const d of REQUEST_ROWS) if (requests[d.key]) out[d.key] = requests[d.key];
  return out;
}

/**
 * A copy of the record with one cell set. The cell may be one the record lacks
 * if its format prints it (formatHasCell): the row, item or group is then
 * added, its other cells blank until they are entered too.
 */
function setCell(record: ReportRecord, path: string, value: Cell): ReportRecord {
  const m = PATH.exec(path);
  if (!m || (getCell(record, path) === undefined && !formatHasCell(record, path)))
    throw new Error(`没有这个单元格：${path}`);
  if (m[1]) return { ...record, active: { ...record.active, [m[1]]: value } };
  if (m[2]) {
    const key = m[2] as RequestRowKey;
    const row = [...(record.requests[key] ?? Array<Cell>(REQUEST_WIDTH).fill(null))];
    row[Number(m[3])] = value;
    return { ...record, requests: ordered({ ...record.requests, [key]: row }) };
  }
  const group = m[4] as ReviewGroupKey;
  const row = [...(record[group] ?? Array<Cell>(REVIEW_WIDTH).fill(null))];
  row[Number(m[5])] = value;
  return { ...record, [group]: row };
}

/**
 * The reading problems of the parsed record that the corrected cells resolve
 * (every cell a finding names was corrected), each with the cells it names.
 */
export function resolvedReadings(record: ReportRecord, corrected: ReadonlySet<string>): Map<Finding, string[]> {
  const out = new Map<Finding, string[]>();
  if (corrected.size === 0) return out;
  for (const f of record.findings) {
    if (f.origin !== 'reading' || f.cells.length === 0) continue;
    const cells = f.cells.map((p) => cellsOf(record, p));
    if (cells.some((c) => c === null)) continue;
    const all = [...new Set(cells.flat() as string[])];
    if (all.length && all.every((c) => corrected.has(c))) out.set(f, all);
  }
  return out;
}

/**
 * A kept finding that is `reading` only because it lies on a table with a
 * reading problem goes back to its rule's origin (a rule whose origin came
 * from the layout keeps the one it has until its own cells are corrected); revalidate then settles the
 * origins again, so it stays `reading` while that table still has a problem,
 * and is the report's again once the user has resolved it.
 */
const unsettled = (f: Finding): Finding =>
  f.origin === 'reading' && !LAYOUT_ORIGIN_RULES.has(f.rule) && originOfRule(f.rule) === 'report'
    ? { ...f, origin: 'report' }
    : f;

/**
 * The record as corrected: every correction of this entry applied in time
 * order (the last one of a cell wins), the reading problems they resolve
 * dropped, findings recomputed on the new values (and their origins settled
 * again). Without corrections it is the parsed record itself.
 */
export function correctedRecord(entry: Entry, corrections: readonly Correction[]): ReportRecord | null {
  const mine = corrections.filter((c) => c.entryId === entry.id).sort((a, b) => a.at.localeCompare(b.at));
  if (!entry.record || mine.length === 0) return entry.record;
  let record = entry.record;
  const inForce = new Map<string, Correction>();
  for (const c of mine) {
    record = setCell(record, c.cell, c.value);
    inForce.set(c.cell, c);
  }
  const resolved = resolvedReadings(entry.record, new Set(inForce.keys()));
  const findings = revalidate(
    { ...record, findings: record.findings.filter((f) => !resolved.has(f)).map(unsettled) },
    entry.text,
  );
  // The correction that completed a reading problem's cells (the latest of them) says it resolved it.
  const says = new Map<Correction, Finding[]>();
  for (const [f, cells] of resolved) {
    const last = cells.map((c) => inForce.get(c)!).reduce((a, b) => (b.at > a.at ? b : a));
    says.set(last, [...(says.get(last) ?? []), f]);
  }
  // Each correction in force is itself a finding, so it is shown wherever findings point at cells.
  const notes = [...inForce.values()].map((c) => ({
    rule: CORRECTION_RULE,
    severity: 'info' as const,
    origin: 'report' as const,
    cells: [c.cell],
    message: `${isTableConfirmation(c) ? '用户整表确认无误' : isConfirmation(c) ? '用户确认无误' : '用户更正'}：原值 ${c.added ? '未读出' : (c.original ?? '空白')} → ${c.value ?? '空白'}（${c.author}，${c.at.slice(0, 16).replace('T', ' ')}，理由：${c.reason}）${(
      says.get(c) ?? []
    )
      .map((f) => `；读取问题所指的单元格均已更正，该读取问题已解决：${f.message}`)
      .join('')}`,
  }));
  return { ...record, findings: [...findings, ...notes] };
}

/**
 * A confirmation (确认无误) of an OCR'd number: a correction that keeps the value as read, with who and when —
 * it resolves the cell's reading problem as any correction does, and is undone the same way.
 */
export const CONFIRM_REASON = '确认无误：已对照原图核对，识别结果正确';
/**
 * 整表确认无误: every number of a scanned table still to check, confirmed in one go against the table's picture —
 * one confirmation per cell (each resolves its cell's reading problem as any correction does), all with one author
 * and one time: that is what makes them one whole-table confirmation, shown and undone together (tableConfirmations).
 */
export const TABLE_CONFIRM_REASON = '整表确认无误：我已逐格核对图片与识别结果一致';
export const isConfirmation = (c: Correction) =>
  !c.added && c.value === c.original && (c.reason === CONFIRM_REASON || c.reason === TABLE_CONFIRM_REASON);
export const isTableConfirmation = (c: Correction) => isConfirmation(c) && c.reason === TABLE_CONFIRM_REASON;

/** The confirmation of one cell as read (its value unchanged); `reason` says whether it came with its whole table. */
export function makeConfirmation(
  entry: Entry,
  cell: string,
  author: string,
  now = new Date(),
  reason: typeof CONFIRM_REASON | typeof TABLE_CONFIRM_REASON = CONFIRM_REASON,
): Correction {
  const value = entry.record ? getCell(entry.record, cell) : undefined;
  if (value === undefined) throw new Error(`没有这个单元格：${cell}`);
  return makeCorrection(entry, cell, value, author, reason, now);
}

/** The whole-table confirmation of these cells (each kept as read): one author, one time. */
export function makeTableConfirmation(
  entry: Entry,
  cells: readonly string[],
  author: string,
  now = new Date(),
): Correction[] {
  const unique = [...new Set(cells)];
  if (unique.length === 0) throw new Error('这张表没有待核对的单元格');
  return unique.map((cell) => makeConfirmation(entry, cell, author, now, TABLE_CONFIRM_REASON));
}

/** One whole-table confirmation as stored: its corrections, and the cells where it is still the correction in force. */
export interface TableConfirmation {
  author: string;
  at: string;
  /** Every correction it stored (undoing it deletes them all). */
  ids: string[];
  /** The cells it still holds: a cell corrected again later is that later correction's. */
  cells: string[];
}

/** The whole-table confirmations of one entry, oldest first (grouped by author and time, as makeTableConfirmation stores them). */
export function tableConfirmations(corrections: readonly Correction[], entryId: string): TableConfirmation[] {
  const groups = new Map<string, TableConfirmation>();
  const mine = corrections.filter((c) => c.entryId === entryId);
  for (const c of mine) {
    if (!isTableConfirmation(c)) continue;
    const key = `${c.at}\u0000${c.author}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { author: c.author, at: c.at, ids: [], cells: [] }));
    g.ids.push(c.id);
  }
  for (const g of groups.values()) {
    const ids = new Set(g.ids);
    const cells = new Set(mine.filter((c) => ids.has(c.id)).map((c) => c.cell));
    g.cells = [...cells].filter((cell) => ids.has(correctionOf(mine, entryId, cell)!.id));
  }
  return [...groups.values()].sort((a, b) => a.at.localeCompare(b.at));
}

/** The rule id of a correction shown as a finding. */
export const CORRECTION_RULE = 'user.correction';

/** The correction in force for a cell (the latest), if any. */
export function correctionOf(
  corrections: readonly Correction[],
  entryId: string,
  cell: string,
): Correction | undefined {
  return corrections
    .filter((c) => c.entryId === entryId && c.cell === cell)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
}

/**
 * A new correction; checks the path (a cell the record has, or one its format
 * prints that the reader could not read), the value (a count or amount, or
 * blank) and that a name and a reason are given.
 */
export function makeCorrection(
  entry: Entry,
  cell: string,
  value: Cell,
  author: string,
  reason: string,
  now = new Date(),
): Correction {
  if (!entry.record) throw new Error('这个文件没有读出表格，无法更正');
  const original = getCell(entry.record, cell);
  if (original === undefined && !formatHasCell(entry.record, cell))
    throw new Error(`报告的表格格式中没有这个单元格：${cell}`);
  if (value !== null && !Number.isFinite(value)) throw new Error('更正值必须是数字，或留空表示空白');
  if (value !== null && Math.abs(value) > MAX_MAGNITUDE) throw new Error('更正值过大，不是报告中的数字');
  if (!author.trim()) throw new Error('请填写更正人');
  if (!reason.trim()) throw new Error('请填写更正理由');
  // What a stored correction is checked against when it is read back (./schema.ts).
  if (author.trim().length > 200 || /[\u0000-\u001f\u007f]/.test(author))
    throw new Error('更正人：一行文字，至多 200 个字符');
  if (reason.trim().length > 10_000) throw new Error('更正理由至多 10 000 个字符');
  return {
    id: `c${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    entryId: entry.id,
    cell,
    original: original ?? null,
    ...(original === undefined ? { added: true } : {}),
    value,
    author: author.trim(),
    reason: reason.trim(),
    at: now.toISOString(),
  };
}

/** Several cells at once (a row the reader could not place, entered whole): one author, reason and time. */
export function makeCorrections(
  entry: Entry,
  cells: readonly { cell: string; value: Cell }[],
  author: string,
  reason: string,
  now = new Date(),
): Correction[] {
  if (cells.length === 0) throw new Error('没有要更正的单元格');
  return cells.map((c) => makeCorrection(entry, c.cell, c.value, author, reason, now));
}
