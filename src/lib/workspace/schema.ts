/**
 * The workspace package's schema, and the checks of what is read back from
 * IndexedDB: every field's type and range, as small typed functions. A value
 * either comes out as the type the app uses — a fresh object holding only the
 * known fields — or an `Invalid` names the field, what was expected and what
 * was there (in Chinese, for the user).
 *
 *   manifest.json       checkManifest
 *   workspace.jsonl     checkEntryLine (an Entry without record and text, plus where they are in the package)
 *   records.jsonl       checkRecord (shared/contract/report-json.md, mingjing.report/1)
 *   corrections.jsonl   checkCorrection (and correctionApplies: the cell exists in its entry's record)
 *   IndexedDB entries   checkStoredEntry (an Entry with its record and text)
 *
 * Nothing here trusts the input's shape: unknown fields are refused, numbers
 * must be finite and in range, arrays of the contract's length, enums from
 * their lists, ids safe names (./names.ts), text bounded.
 */
import {
  ACTIVE_ITEMS,
  FORMATS,
  REQUEST_ROW_BY_KEY,
  REQUEST_WIDTH,
  REVIEW_GROUPS,
  REVIEW_WIDTH,
  type RequestRowKey,
} from '$lib/report/formats';
import { SCHEMA, type Cell, type Finding, type ReportRecord, type SourceSpan } from '$lib/report/types';
import { MAX_MAGNITUDE, PACKAGE_LIMITS, YEAR_RANGE } from '$lib/limits/package';
import { formatHasCell, getCell } from './corrections';
import { MAX_STEPS, type History } from './history';
import { isSafeBaseName, isSafeId } from './names';
import type { Correction, Decision, Entry, EntryStatus } from './types';

/** A field that is not what it must be. `field` is a path: `record.requests.granted[3]`, `shadows`. */
export class Invalid extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly actual: unknown,
    readonly actualText?: string,
  ) {
    // A space between Chinese and what starts with a Latin letter, digit or quote: 应为 "error"、应为 2000–2100.
    super(
      `${field ? `字段 ${field}` : '整行'}：应为${/^[\x21-\x7e]/.test(expected) ? ' ' : ''}${expected}，实际为${actualText ?? describe(actual)}`,
    );
    this.name = 'Invalid';
  }
}

/** What a value is, briefly, in Chinese. */
export function describe(v: unknown): string {
  if (v === undefined) return '缺失';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `含 ${v.length} 项的数组`;
  switch (typeof v) {
    case 'string':
      return `文本 ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'number':
      return `数字 ${v}`;
    case 'boolean':
      return `布尔值 ${v}`;
    case 'object':
      return '对象';
    default:
      return typeof v;
  }
}

/* ------------------------------------------------------------ the pieces */

type Obj = Record<string, unknown>;

function object(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Invalid(at, '对象', v);
  return v as Obj;
}

/** The object's own fields must be among `required` and `optional`, and every required one there. */
function fields(o: Obj, at: string, required: readonly string[], optional: readonly string[] = []): void {
  for (const k of required) if (!Object.hasOwn(o, k)) throw new Invalid(join(at, k), '必填字段', undefined);
  for (const k of Object.keys(o))
    if (!required.includes(k) && !optional.includes(k))
      throw new Invalid(join(at, k), '不存在（明镜的格式中没有这个字段）', o[k]);
}

const join = (at: string, k: string) => (at ? `${at}.${k}` : k);
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function text(v: unknown, at: string, max: number = PACKAGE_LIMITS.textField): string {
  if (typeof v !== 'string') throw new Invalid(at, `文本（至多 ${max} 个字符）`, v);
  if (v.length > max) throw new Invalid(at, `文本（至多 ${max} 个字符）`, v, `${v.length} 个字符的文本`);
  return v;
}
/** A name or label: one line, no control characters. */
function line(v: unknown, at: string, max: number): string {
  const s = text(v, at, max);
  if (CONTROL.test(s) || /[\r\n]/.test(s)) throw new Invalid(at, `一行文本（不含控制字符，至多 ${max} 个字符）`, v);
  return s;
}
/** The check, or null; a value that fails says null was possible too. */
const nullable =
  <A extends unknown[], T>(check: (v: unknown, at: string, ...rest: A) => T) =>
  (v: unknown, at: string, ...rest: A): T | null => {
    if (v === null) return null;
    try {
      return check(v, at, ...rest);
    } catch (e) {
      if (e instanceof Invalid && e.field === at && !e.expected.endsWith('null'))
        throw new Invalid(e.field, `${e.expected}或 null`, e.actual, e.actualText);
      throw e;
    }
  };

function int(v: unknown, at: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Invalid(at, min === 0 && max >= Number.MAX_SAFE_INTEGER ? '非负整数' : `${min}–${max} 之间的整数`, v);
  }
  return v;
}
const count = (v: unknown, at: string) => int(v, at, 0, Number.MAX_SAFE_INTEGER);

/** A printed cell: a finite number (a report may print a negative or a fraction: the validator says so), or null for a blank. */
function cell(v: unknown, at: string): Cell {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE)
    throw new Invalid(at, '数字（有限值）或 null（空白）', v);
  return v;
}
function cells(v: unknown, at: string, n: number): Cell[] {
  if (!Array.isArray(v) || v.length !== n) throw new Invalid(at, `${n} 个单元格的数组`, v);
  return v.map((x, i) => cell(x, `${at}[${i}]`));
}
function oneOf<T extends string>(v: unknown, at: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw new Invalid(at, values.map((x) => `"${x}"`).join('、') + ' 之一', v);
  return v as T;
}
function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') throw new Invalid(at, 'true 或 false', v);
  return v;
}
function list<T>(v: unknown, at: string, max: number, check: (x: unknown, at: string) => T): T[] {
  if (!Array.isArray(v)) throw new Invalid(at, `数组（至多 ${max} 项）`, v);
  if (v.length > max) throw new Invalid(at, `数组（至多 ${max} 项）`, v);
  return v.map((x, i) => check(x, `${at}[${i}]`));
}
export function safeId(v: unknown, at: string): string {
  if (!isSafeId(v)) throw new Invalid(at, '编号（1–64 个字母、数字、_ 或 -）', v);
  return v;
}
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
function time(v: unknown, at: string): string {
  if (typeof v !== 'string' || !ISO_TIME.test(v) || Number.isNaN(Date.parse(v)))
    throw new Invalid(at, 'ISO 8601 时间（如 2026-01-31T08:00:00.000Z）', v);
  return v;
}

/* --------------------------------------------------------------- records */

const KINDS = ['annual_report', 'not_annual_report', 'unreadable'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;
const ORIGINS = ['report', 'reading'] as const;
const ACTIVE_KEY = /^([a-z_]+)\.([a-z_0-9]+)$/;
const ACTIVE_ITEM_NAMES = new Set(ACTIVE_ITEMS.map((it) => it.item));
const RULE = /^[a-z][a-z_0-9]*(?:\.[a-z_0-9]+)*$/;
/** A cell path as findings and provenance have them: `requests.granted[6]`, `active.licensing.decisions`, `review`, `agency`. */
const PATH = /^[a-z_]+(?:\.[a-z_0-9]+)*(?:\[\d{1,2}\])?$/;
const MAX_FINDINGS = 10_000;
const MAX_PROVENANCE = 10_000;

function span(v: unknown, at: string): SourceSpan {
  const o = object(v, at);
  fields(o, at, ['line', 'col', 'len', 'text'], ['page', 'table', 'row', 'column', 'ocr']);
  const out: SourceSpan = {
    line: int(o.line, `${at}.line`, 0, 1e9),
    col: int(o.col, `${at}.col`, 0, 1e9),
    len: int(o.len, `${at}.len`, 0, 1e9),
    text: text(o.text, `${at}.text`),
  };
  for (const k of ['page', 'table', 'row', 'column'] as const)
    if (Object.hasOwn(o, k)) out[k] = int(o[k], `${at}.${k}`, 0, 1e9);
  if (Object.hasOwn(o, 'ocr')) out.ocr = ocrNote(o.ocr, `${at}.ocr`);
  return out;
}

/** A value read by OCR: tesseract's confidence and the box on its page (pixels), what the report view crops. */
function ocrNote(v: unknown, at: string): NonNullable<SourceSpan['ocr']> {
  const o = object(v, at);
  fields(o, at, ['confidence', 'box']);
  const b = object(o.box, `${at}.box`);
  fields(b, `${at}.box`, ['page', 'x', 'y', 'w', 'h']);
  const px = (k: 'page' | 'x' | 'y' | 'w' | 'h') => int(b[k], `${at}.box.${k}`, 0, 1e6);
  return {
    confidence: int(o.confidence, `${at}.confidence`, 0, 100),
    box: { page: px('page'), x: px('x'), y: px('y'), w: px('w'), h: px('h') },
  };
}

/** How a scan was read: pages, time, engine, resolution. */
function ocrSummary(v: unknown, at: string): NonNullable<ReportRecord['ocr']> {
  const o = object(v, at);
  fields(o, at, ['pages', 'ms', 'engine'], ['dpi', 'turned']);
  return {
    pages: int(o.pages, `${at}.pages`, 0, 1e6),
    ms: int(o.ms, `${at}.ms`, 0, 1e10),
    engine: line(o.engine, `${at}.engine`, 200),
    ...(Object.hasOwn(o, 'dpi') ? { dpi: int(o.dpi, `${at}.dpi`, 1, 10_000) } : {}),
    // Pages read turned upright (report/ocr/orient.ts): the crops turn them the same way.
    ...(Object.hasOwn(o, 'turned')
      ? {
          turned: list<{ page: number; turn: 90 | 180 | 270 }>(o.turned, `${at}.turned`, 1e6, (x, a) => {
            const t = object(x, a);
            fields(t, a, ['page', 'turn']);
            const turn = int(t.turn, `${a}.turn`, 90, 270);
            if (turn !== 90 && turn !== 180 && turn !== 270) throw new Invalid(`${a}.turn`, '90、180 或 270', t.turn);
            return { page: int(t.page, `${a}.page`, 1, 1e6), turn };
          }).map((t, i, all) => {
            // One turn per page: the crops take the first, so a second would be a page drawn one way, said another.
            if (all.findIndex((u) => u.page === t.page) !== i)
              throw new Invalid(`${at}.turned[${i}].page`, '每页只有一个旋转角度', t.page);
            return t;
          }),
        }
      : {}),
  };
}

function finding(v: unknown, at: string): Finding {
  const o = object(v, at);
  // `origin` may be missing in a package exported before findings had one: settled on import (./migrate.ts).
  fields(o, at, ['rule', 'severity', 'message', 'cells'], ['origin', 'source']);
  const rule = line(o.rule, `${at}.rule`, 100);
  if (!RULE.test(rule)) throw new Invalid(`${at}.rule`, '规则编号（如 requests.row_sum）', o.rule);
  const f = {
    rule,
    severity: oneOf(o.severity, `${at}.severity`, SEVERITIES),
    message: text(o.message, `${at}.message`),
    cells: list(o.cells, `${at}.cells`, 1000, (x, a) => {
      const p = line(x, a, 200);
      if (!PATH.test(p)) throw new Invalid(a, '单元格路径（如 requests.granted[6]）', x);
      return p;
    }),
  } as Finding;
  if (Object.hasOwn(o, 'origin')) f.origin = oneOf(o.origin, `${at}.origin`, ORIGINS);
  if (Object.hasOwn(o, 'source')) f.source = span(o.source, `${at}.source`);
  return f;
}

/** A record of the contract (mingjing.report/1), rebuilt from its known fields only. */
export function checkRecord(v: unknown, at = 'record'): ReportRecord {
  const o = object(v, at);
  fields(
    o,
    at,
    [
      'schema',
      'source',
      'kind',
      'agency',
      'region',
      'region_code',
      'year',
      'format',
      'published',
      'active',
      'requests',
      'review',
      'litigation_direct',
      'litigation_after_review',
      'processing_fee_yuan',
      'findings',
    ],
    ['reason', 'cells', 'ocr'],
  );
  const f = (k: string) => join(at, k);
  if (o.schema !== SCHEMA) throw new Invalid(f('schema'), `"${SCHEMA}"`, o.schema);
  const regionCode = nullable(line)(o.region_code, f('region_code'), 12);
  if (regionCode !== null && !/^\d{6}$/.test(regionCode))
    throw new Invalid(f('region_code'), '六位行政区划代码或 null', o.region_code);
  const published = nullable(line)(o.published, f('published'), 10);
  if (published !== null && !/^\d{4}-\d{2}-\d{2}$/.test(published))
    throw new Invalid(f('published'), '日期 YYYY-MM-DD 或 null', o.published);
  const fee = cell(o.processing_fee_yuan, f('processing_fee_yuan'));
  if (fee !== null && fee < 0) throw new Invalid(f('processing_fee_yuan'), '非负的金额或 null', fee);

  const activeIn = object(o.active, f('active'));
  const active: Record<string, Cell> = {};
  for (const [k, x] of Object.entries(activeIn)) {
    const m = ACTIVE_KEY.exec(k);
    if (!m || !ACTIVE_ITEM_NAMES.has(m[1]))
      throw new Invalid(`${f('active')}.${k}`, '表二的项目（如 licensing.decisions）', x);
    active[k] = cell(x, `${f('active')}.${k}`);
  }
  const requestsIn = object(o.requests, f('requests'));
  const requests: ReportRecord['requests'] = {};
  for (const [k, x] of Object.entries(requestsIn)) {
    if (!Object.hasOwn(REQUEST_ROW_BY_KEY, k))
      throw new Invalid(`${f('requests')}.${k}`, '表三的行（如 granted、processed_total）', x);
    requests[k as RequestRowKey] = cells(x, `${f('requests')}.${k}`, REQUEST_WIDTH);
  }
  const groups = Object.fromEntries(
    REVIEW_GROUPS.map((g) => [g.key, nullable((x, a) => cells(x, a, REVIEW_WIDTH))(o[g.key], f(g.key))]),
  );

  const record: ReportRecord = {
    schema: SCHEMA,
    source: line(o.source, f('source'), 1024),
    kind: oneOf(o.kind, f('kind'), KINDS),
    agency: nullable(line)(o.agency, f('agency'), 200),
    region: nullable(line)(o.region, f('region'), 200),
    region_code: regionCode,
    year: nullable(int)(o.year, f('year'), YEAR_RANGE.min, YEAR_RANGE.max),
    format: o.format === null ? null : oneOf(o.format, f('format'), FORMATS),
    published,
    active,
    requests,
    review: groups.review,
    litigation_direct: groups.litigation_direct,
    litigation_after_review: groups.litigation_after_review,
    processing_fee_yuan: fee,
    findings: list(o.findings, f('findings'), MAX_FINDINGS, finding),
  };
  if (Object.hasOwn(o, 'reason')) record.reason = text(o.reason, f('reason'));
  if (Object.hasOwn(o, 'ocr')) record.ocr = ocrSummary(o.ocr, f('ocr'));
  if (Object.hasOwn(o, 'cells')) {
    const c = object(o.cells, f('cells'));
    const keys = Object.keys(c);
    if (keys.length > MAX_PROVENANCE)
      throw new Invalid(f('cells'), `至多 ${MAX_PROVENANCE} 个单元格的出处`, c, `${keys.length} 个`);
    record.cells = {};
    for (const k of keys) {
      if (k.length > 200 || !PATH.test(k))
        throw new Invalid(`${f('cells')}.${k.slice(0, 60)}`, '单元格路径（如 requests.granted[6]）', k);
      record.cells[k] = span(c[k], `${f('cells')}.${k}`);
    }
  }
  return record;
}

/* --------------------------------------------------------------- entries */

const STATUSES: readonly EntryStatus[] = ['pending', 'ok', 'findings', 'not_report', 'unreadable'];
const DECISIONS: readonly Decision[] = ['undecided', 'accepted', 'rejected', 'version'];
const ENTRY_FIELDS = ['id', 'name', 'size', 'hash', 'addedAt', 'status', 'reason', 'decision', 'shadows'] as const;

/** The fields an entry has wherever it is kept (the package's line, IndexedDB). */
function entryFields(o: Obj): Omit<Entry, 'record' | 'text'> {
  const hash = line(o.hash, 'hash', 64);
  if (!/^[0-9a-f]{1,64}$/.test(hash)) throw new Invalid('hash', '十六进制的散列值', o.hash);
  return {
    id: safeId(o.id, 'id'),
    name: line(o.name, 'name', 1024),
    size: count(o.size, 'size'),
    hash,
    addedAt: time(o.addedAt, 'addedAt'),
    status: oneOf(o.status, 'status', STATUSES),
    reason: nullable(text)(o.reason, 'reason'),
    decision: oneOf(o.decision, 'decision', DECISIONS),
    // The embedded report this one replaces: a report id (agency|year|file), never a path.
    shadows: nullable(line)(o.shadows, 'shadows', 1024),
  };
}

/** A line of workspace.jsonl: the entry, and where its record, text and original are in the package. */
export interface EntryLine {
  entry: Omit<Entry, 'record' | 'text'>;
  record_line: number | null;
  text_file: string | null;
  original: string;
}

export function checkEntryLine(v: unknown, records: number): EntryLine {
  const o = object(v, '');
  fields(o, '', [...ENTRY_FIELDS, 'record_line', 'text_file', 'original']);
  const entry = entryFields(o);
  const recordLine = o.record_line === null ? null : int(o.record_line, 'record_line', 0, Math.max(0, records - 1));
  if (recordLine !== null && records === 0)
    throw new Invalid('record_line', 'null（records.jsonl 是空的）', o.record_line);
  // Paths only as the exporter writes them: texts/<id>.txt and originals/<id>/<one safe name>.
  const textFile =
    o.text_file === null
      ? null
      : o.text_file === `texts/${entry.id}.txt`
        ? (o.text_file as string)
        : (() => {
            throw new Invalid('text_file', `"texts/${entry.id}.txt" 或 null`, o.text_file);
          })();
  const original = line(o.original, 'original', 1200);
  const prefix = `originals/${entry.id}/`;
  if (!original.startsWith(prefix) || !isSafeBaseName(original.slice(prefix.length)))
    throw new Invalid('original', `"${prefix}<文件名>"（文件名中不含 /、\\、..、控制字符）`, o.original);
  return { entry, record_line: recordLine, text_file: textFile, original };
}

/** An entry as IndexedDB gave it back: everything checked, the record against the contract. */
export function checkStoredEntry(v: unknown): Entry {
  const o = object(v, '');
  fields(o, '', [...ENTRY_FIELDS, 'record', 'text']);
  return {
    ...entryFields(o),
    record: o.record === null ? null : checkRecord(o.record),
    text: nullable(text)(o.text, 'text', PACKAGE_LIMITS.textBytes),
  };
}

/**
 * What the reader gave back for a dropped file, before it is stored: the record as the schema has it and
 * its text — or why not (a title with the year 9999, text beyond any report's), as the file's reason.
 */
export function checkParsed(
  record: unknown,
  read: string | null,
): { ok: true; record: ReportRecord; text: string | null } | { ok: false; reason: string } {
  try {
    return { ok: true, record: checkRecord(record), text: nullable(text)(read, 'text', PACKAGE_LIMITS.textBytes) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, reason: `读取结果不能保存：${e.message}` };
    throw e;
  }
}

/* ----------------------------------------------------------- corrections */

const CORRECTION_CELL =
  /^(?:active\.[a-z_]+\.[a-z_0-9]+|requests\.[a-z_]+\[\d\]|(?:review|litigation_direct|litigation_after_review)\[\d\])$/;

export function checkCorrection(v: unknown): Correction {
  const o = object(v, '');
  fields(o, '', ['id', 'entryId', 'cell', 'original', 'value', 'author', 'reason', 'at'], ['added']);
  const cellPath = line(o.cell, 'cell', 100);
  if (!CORRECTION_CELL.test(cellPath))
    throw new Invalid('cell', '单元格路径（如 requests.granted[6]、active.licensing.decisions、review[4]）', o.cell);
  const c: Correction = {
    id: safeId(o.id, 'id'),
    entryId: safeId(o.entryId, 'entryId'),
    cell: cellPath,
    original: cell(o.original, 'original'),
    value: cell(o.value, 'value'),
    author: line(o.author, 'author', 200),
    reason: text(o.reason, 'reason', 10_000),
    at: time(o.at, 'at'),
  };
  if (Object.hasOwn(o, 'added')) c.added = bool(o.added, 'added');
  return c;
}

/** A correction must name a cell its entry's record has, or one the record's format prints (else it cannot be applied). */
export function correctionApplies(c: Correction, entry: Entry | undefined): void {
  if (!entry) throw new Invalid('entryId', '数据包中某个文件的编号', c.entryId);
  if (!entry.record) throw new Invalid('entryId', '有解析结果的文件（此文件没有读出表格）', c.entryId);
  if (getCell(entry.record, c.cell) === undefined && !formatHasCell(entry.record, c.cell))
    throw new Invalid('cell', '此报告的表格中存在的单元格', c.cell);
}

/* --------------------------------------------------------------- history */

/** The undo history as IndexedDB gave it back (./history.ts). */
export function checkHistory(v: unknown): History {
  const o = object(v, 'history');
  fields(o, 'history', ['seq', 'steps']);
  return {
    seq: count(o.seq, 'history.seq'),
    steps: list(o.steps, 'history.steps', MAX_STEPS, (x, at) => {
      const s = object(x, at);
      fields(s, at, ['seq', 'group', 'before']);
      return {
        seq: count(s.seq, `${at}.seq`),
        group: line(s.group, `${at}.group`, 400),
        before: list(s.before, `${at}.before`, PACKAGE_LIMITS.files, (y, a) => {
          const b = object(y, a);
          fields(b, a, ['id', 'decision', 'shadows']);
          return {
            id: safeId(b.id, `${a}.id`),
            decision: oneOf(b.decision, `${a}.decision`, DECISIONS),
            shadows: nullable(line)(b.shadows, `${a}.shadows`, 1024),
          };
        }),
      };
    }),
  };
}

/* -------------------------------------------------------------- manifest */

export interface CheckedManifest {
  format: string;
  exported_at: string;
  files: number;
  reports: number;
  corrections: number;
}

export function checkManifest(v: unknown, format: string): CheckedManifest {
  const o = object(v, '');
  fields(o, '', ['format', 'exported_at', 'files', 'reports', 'corrections']);
  if (o.format !== format) throw new Invalid('format', `"${format}"`, o.format);
  return {
    format,
    exported_at: time(o.exported_at, 'exported_at'),
    files: count(o.files, 'files'),
    reports: count(o.reports, 'reports'),
    corrections: count(o.corrections, 'corrections'),
  };
}
