/**
 * Corrections: a user's new value for a cell the source got wrong. The
 * parsed record is never edited; the corrected record is derived from it and
 * the corrections, and its value findings are computed again.
 */
import { revalidate } from '$lib/report';
import type { Cell, ReportRecord } from '$lib/report/types';
import type { Correction, Entry } from './types';

const PATH = /^(?:active\.([a-z_]+\.[a-z_0-9]+)|requests\.([a-z_]+)\[(\d)\]|(review|litigation_direct|litigation_after_review)\[(\d)\])$/;

/** The value at a cell path; undefined when the record has no such cell (a row it does not print). */
export function getCell(record: ReportRecord, path: string): Cell | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  if (m[1]) return m[1] in record.active ? record.active[m[1]] : undefined;
  if (m[2]) return record.requests[m[2] as keyof ReportRecord['requests']]?.[Number(m[3])];
  return record[m[4] as 'review']?.[Number(m[5])];
}

/** A copy of the record with one cell set; the path must name a cell the record has. */
function setCell(record: ReportRecord, path: string, value: Cell): ReportRecord {
  const m = PATH.exec(path);
  if (!m || getCell(record, path) === undefined) throw new Error(`没有这个单元格：${path}`);
  if (m[1]) return { ...record, active: { ...record.active, [m[1]]: value } };
  if (m[2]) {
    const key = m[2] as keyof ReportRecord['requests'];
    const row = [...record.requests[key]!];
    row[Number(m[3])] = value;
    return { ...record, requests: { ...record.requests, [key]: row } };
  }
  const group = m[4] as 'review' | 'litigation_direct' | 'litigation_after_review';
  const row = [...record[group]!];
  row[Number(m[5])] = value;
  return { ...record, [group]: row };
}

/**
 * The record as corrected: every correction of this entry applied in time
 * order (the last one of a cell wins), findings recomputed on the new values.
 * Without corrections it is the parsed record itself.
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
  // Each correction in force is itself a finding, so it is shown wherever findings point at cells.
  const notes = [...inForce.values()].map((c) => ({
    rule: CORRECTION_RULE, severity: 'info' as const, origin: 'report' as const, cells: [c.cell],
    message: `用户更正：原值 ${c.original ?? '空白'} → ${c.value ?? '空白'}（${c.author}，${c.at.slice(0, 16).replace('T', ' ')}，理由：${c.reason}）`,
  }));
  return { ...record, findings: [...revalidate(record, entry.text), ...notes] };
}

/** The rule id of a correction shown as a finding. */
export const CORRECTION_RULE = 'user.correction';

/** The correction in force for a cell (the latest), if any. */
export function correctionOf(corrections: readonly Correction[], entryId: string, cell: string): Correction | undefined {
  return corrections.filter((c) => c.entryId === entryId && c.cell === cell).sort((a, b) => b.at.localeCompare(a.at))[0];
}

/** A new correction; checks the path, the value (a count or amount, or blank) and that a name and a reason are given. */
export function makeCorrection(entry: Entry, cell: string, value: Cell, author: string, reason: string, now = new Date()): Correction {
  if (!entry.record) throw new Error('这个文件没有读出表格，无法更正');
  const original = getCell(entry.record, cell);
  if (original === undefined) throw new Error(`报告中没有这个单元格：${cell}`);
  if (value !== null && !Number.isFinite(value)) throw new Error('更正值必须是数字，或留空表示空白');
  if (!author.trim()) throw new Error('请填写更正人');
  if (!reason.trim()) throw new Error('请填写更正理由');
  return { id: `c${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`, entryId: entry.id, cell, original, value, author: author.trim(), reason: reason.trim(), at: now.toISOString() };
}
