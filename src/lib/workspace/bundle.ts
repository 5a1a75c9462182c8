/**
 * The workspace as one .zip: open data for anyone, and a complete copy that
 * another Mingjing imports to the same tables.
 *
 *   manifest.json                 what this is (mingjing.workspace/1), when, how many
 *   tables/<name>.csv             the user's data set, normalized as the dashboard has it
 *   数据字典_data_dictionary.csv  every column, in Chinese and English
 *   代码表_codes.csv              every code with its label in the official forms
 *   records.jsonl                 one contract record (mingjing.report/1) per line
 *   workspace.jsonl               one line per file: name, status, decision, which record
 *   corrections.jsonl             the user's corrections, with who, why and when
 *   texts/<id>.txt                the text each record was read from
 *   originals/<id>/<name>         the files as dropped
 *
 * Runs in Node and in the browser (jszip), so the round trip is tested on Node.
 *
 * A package from elsewhere is untrusted: importBundle reads every part under
 * the limits of src/lib/limits/package.ts (inflated under a byte budget,
 * src/lib/limits/zip.ts), checks every field (./schema.ts) and refuses the
 * package whole — naming the file, the line, the field and what was expected —
 * before anything of it is used. Everything written into an export is a safe
 * path: ids are safe names, file names one harmless segment (./names.ts).
 */
import JSZip from 'jszip';
import { columnDictionary, codeDictionary } from '$lib/data/dictionary';
import { toCsv, type ExportRow } from '$lib/export/table';
import { SCHEMA } from '$lib/data/arrow';
import type { Tables } from '$lib/data/normalize';
import { bytesText, PACKAGE_LIMITS, type PackageLimits } from '$lib/limits/package';
import { archiveBudget, BudgetError, inflateEntry, type ArchiveBudget } from '$lib/limits/zip';
import { correctedRecord } from './corrections';
import { workspaceTables } from './decide';
import { entryWithOrigins } from './migrate';
import { isSafeId, isSafeZipPath, safeBaseName } from './names';
import {
  checkCorrection,
  checkEntryLine,
  checkManifest,
  checkRecord,
  correctionApplies,
  Invalid,
  type EntryLine,
} from './schema';
import type { Correction, Entry } from './types';

export const BUNDLE_FORMAT = 'mingjing.workspace/1';

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  exported_at: string;
  files: number;
  reports: number;
  corrections: number;
}

/** A package refused, or an export that would not import again: the reason, in Chinese, names the file, line and field. */
export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

/** An id as it goes into a path of an export: a safe name, or the export stops (an unsafe id never reaches a zip). */
function pathId(e: { id: string; name: string }): string {
  if (!isSafeId(e.id))
    throw new PackageError(
      `文件“${e.name.slice(0, 80)}”的编号 ${JSON.stringify(String(e.id).slice(0, 80))} 不是安全的名称，未导出`,
    );
  return e.id;
}

export function tableCsv<K extends keyof Tables>(name: K, rows: Tables[K]): string {
  const columns = Object.keys(SCHEMA[name]).map((key) => ({ key, label: key }));
  return toCsv(columns, rows as unknown as ExportRow[]);
}

/** The open-data part: the normalized tables of the user's data set, with the dictionary and the code list. */
function addTables(zip: JSZip, entries: readonly Entry[], corrections: readonly Correction[]): Tables {
  const { tables } = workspaceTables(entries, corrections);
  for (const name of Object.keys(SCHEMA) as (keyof Tables)[])
    zip.file(`tables/${name}.csv`, tableCsv(name, tables[name]));
  zip.file(
    '数据字典_data_dictionary.csv',
    toCsv(
      [
        { key: 'table', label: '表 table' },
        { key: 'column', label: '列 column' },
        { key: 'type', label: '类型 type' },
        { key: 'zh', label: '说明' },
        { key: 'en', label: 'description' },
      ],
      columnDictionary() as unknown as ExportRow[],
    ),
  );
  zip.file(
    '代码表_codes.csv',
    toCsv(
      [
        { key: 'table', label: '表 table' },
        { key: 'column', label: '列 column' },
        { key: 'code', label: '代码 code' },
        { key: 'zh', label: '报表中的名称' },
        { key: 'en', label: 'label' },
      ],
      codeDictionary() as unknown as ExportRow[],
    ),
  );
  return tables;
}

const jsonl = (xs: string[]) => (xs.length ? `${xs.join('\n')}\n` : '');
/** Every name in the zip is checked once more before it is written: nothing climbs out of the folder it is unpacked in. */
function zipBytes(zip: JSZip): Promise<Uint8Array> {
  const bad = Object.keys(zip.files).find((name) => !isSafeZipPath(name));
  if (bad !== undefined) throw new PackageError(`导出中止：路径 ${JSON.stringify(bad.slice(0, 120))} 不安全`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** CSV, one file per table, with the data dictionary (Chinese and English). */
export async function exportCsvZip(entries: readonly Entry[], corrections: readonly Correction[]): Promise<Uint8Array> {
  const zip = new JSZip();
  addTables(zip, entries, corrections);
  return zipBytes(zip);
}

/** The accepted reports as JSON lines per the contract (mingjing.report/1), corrections applied. */
export function exportJsonl(entries: readonly Entry[], corrections: readonly Correction[]): string {
  return jsonl(
    entries
      .filter((e) => e.decision === 'accepted' && e.record)
      .map((e) => JSON.stringify(correctedRecord(e, corrections))),
  );
}

/** The files as dropped, each under its own folder (two files may share a name). */
export async function exportOriginals(
  entries: readonly Entry[],
  original: (id: string) => Promise<Blob | Uint8Array | null>,
): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const e of entries) {
    const bytes = await original(e.id);
    if (bytes) zip.file(`${pathId(e)}/${safeBaseName(e.name)}`, bytes);
  }
  return zipBytes(zip);
}

const utf8Length = (s: string) => (s.length * 3 <= 2 ** 20 ? s.length * 3 : new TextEncoder().encode(s).length);
const sizeOf = (b: Blob | Uint8Array) => (b instanceof Uint8Array ? b.length : b.size);

/**
 * Everything, to be imported by another Mingjing (see the layout above). An export that another Mingjing
 * would refuse (over the limits of a package) is not written: the reason says which limit and what to do.
 */
export async function exportBundle(
  entries: readonly Entry[],
  corrections: readonly Correction[],
  original: (id: string) => Promise<Blob | Uint8Array | null>,
  now = new Date(),
  limits: PackageLimits = PACKAGE_LIMITS,
): Promise<Uint8Array> {
  const tooBig = (what: string) =>
    new PackageError(
      `完整数据包${what}，另一台明镜将无法导入，因此未导出。可以分别导出 CSV 表格、报告记录和原始文件，或先删除不需要的文件。`,
    );
  if (entries.length > limits.files) throw tooBig(`有 ${entries.length} 个文件，超过上限 ${limits.files} 个`);
  if (corrections.length > limits.corrections)
    throw tooBig(`有 ${corrections.length} 条更正，超过上限 ${limits.corrections} 条`);
  const zip = new JSZip();
  const tables = addTables(zip, entries, corrections);

  const records: string[] = [];
  const lines: string[] = [];
  let total = 0;
  for (const e of entries) {
    const { record, text, ...rest } = e;
    const id = pathId(e);
    const line: Omit<EntryLine, 'entry'> & typeof rest = {
      ...rest,
      record_line: null,
      text_file: null,
      original: `originals/${id}/${safeBaseName(e.name)}`,
    };
    if (record) {
      line.record_line = records.length;
      records.push(JSON.stringify(record));
      total += utf8Length(records[records.length - 1]);
    }
    if (text !== null) {
      if (utf8Length(text) > limits.textBytes && new TextEncoder().encode(text).length > limits.textBytes)
        throw tooBig(`中“${e.name}”的文本超过 ${bytesText(limits.textBytes)}`);
      line.text_file = `texts/${id}.txt`;
      zip.file(line.text_file, text);
      total += utf8Length(text);
    }
    const bytes = await original(e.id);
    if (bytes) {
      if (sizeOf(bytes) > limits.originalBytes)
        throw tooBig(
          `中的原始文件“${e.name}”有 ${bytesText(sizeOf(bytes))}，超过单个文件的上限 ${bytesText(limits.originalBytes)}`,
        );
      zip.file(line.original, bytes);
      total += sizeOf(bytes);
    }
    if (total > limits.totalBytes) throw tooBig(`解压后超过 ${bytesText(limits.totalBytes)}`);
    lines.push(JSON.stringify(line));
  }
  zip.file('records.jsonl', jsonl(records));
  zip.file('workspace.jsonl', jsonl(lines));
  zip.file('corrections.jsonl', jsonl(corrections.map((c) => JSON.stringify(c))));
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    exported_at: now.toISOString(),
    files: entries.length,
    reports: tables.reports.length,
    corrections: corrections.length,
  };
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  return zipBytes(zip);
}

/**
 * Whether a .zip is a Mingjing export (else it is a zip of report files). Never throws: a manifest.json too
 * large to be ours is still taken for a package, so importBundle refuses it with the reason.
 */
export async function isBundle(zip: JSZip): Promise<boolean> {
  const m = zip.file('manifest.json');
  if (!m) return false;
  try {
    const manifest = JSON.parse(
      new TextDecoder().decode(await inflateEntry(m, PACKAGE_LIMITS.manifestBytes)),
    ) as Partial<Manifest> | null;
    return manifest?.format === BUNDLE_FORMAT;
  } catch (e) {
    return e instanceof BudgetError;
  }
}

export interface ImportedBundle {
  entries: Entry[];
  corrections: Correction[];
  originals: Map<string, Uint8Array>;
}

/** Where in the package: `数据包中的 workspace.jsonl 第 3 行`. */
const at = (file: string, line?: number) => `数据包中的 ${file}${line ? ` 第 ${line} 行` : ''}`;

/** A field check, its Invalid named with the file and line. */
function checked<T>(file: string, line: number | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Invalid) throw new PackageError(`${at(file, line)}，${e.message}`);
    throw e;
  }
}

async function readEntry(zip: JSZip, path: string, max: number, budget: ArchiveBudget): Promise<Uint8Array | null> {
  const f = zip.file(path);
  if (!f) return null;
  try {
    return await inflateEntry(f, max, budget);
  } catch (e) {
    if (e instanceof BudgetError)
      throw new PackageError(e.message.startsWith('数据包') ? e.message : `数据包中的${e.message}`);
    throw new PackageError(`${at(path)}已损坏，无法解压（${(e as Error).message.slice(0, 80)}）`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function decode(bytes: Uint8Array, file: string, line?: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new PackageError(`${at(file, line)}不是 UTF-8 文本`);
  }
}

/** The non-empty lines of a .jsonl, each parsed, with its line number (1-based, as an editor shows it); never one huge string. */
function jsonLines(bytes: Uint8Array, file: string, maxLine: number): { n: number; value: unknown }[] {
  const out: { n: number; value: unknown }[] = [];
  let start = 0,
    n = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    n++;
    if (end - start > maxLine) throw new PackageError(`${at(file, n)}超过 ${bytesText(maxLine)}，超出一行的上限`);
    const text = decode(bytes.subarray(start, end), file, n).trim();
    start = end + 1;
    if (text === '') continue;
    try {
      out.push({ n, value: JSON.parse(text) as unknown });
    } catch (e) {
      throw new PackageError(`${at(file, n)}不是有效的 JSON（${(e as Error).message.slice(0, 80)}）`);
    }
  }
  return out;
}

/**
 * Read an export back: entries with their records and texts, corrections, original files — or a
 * PackageError, and nothing: the package is checked whole before any of it is returned.
 */
export async function importBundle(zip: JSZip, limits: PackageLimits = PACKAGE_LIMITS): Promise<ImportedBundle> {
  const names = Object.keys(zip.files);
  if (names.length > limits.zipEntries)
    throw new PackageError(`数据包中有 ${names.length} 个条目，超过上限 ${limits.zipEntries} 个`);
  // Files first: a crafted path also brings the folders it climbs through, and the file names the problem best.
  for (const name of [...names].sort((a, b) => Number(zip.files[a].dir) - Number(zip.files[b].dir))) {
    const raw = (zip.files[name] as JSZip.JSZipObject & { unsafeOriginalName?: string }).unsafeOriginalName ?? name;
    if (!isSafeZipPath(raw) || !isSafeZipPath(name))
      throw new PackageError(
        `数据包中有路径不安全的文件 ${JSON.stringify(raw.slice(0, 120))}（不得含 ..、绝对路径、\\ 或控制字符）`,
      );
  }
  const budget = archiveBudget(limits.totalBytes, '数据包');
  const need = async (path: string, max: number) => {
    const bytes = await readEntry(zip, path, max, budget);
    if (!bytes) throw new PackageError(`数据包不完整：缺少 ${path}`);
    return bytes;
  };

  const manifestBytes = await need('manifest.json', limits.manifestBytes);
  const manifest = checked('manifest.json', undefined, () => {
    let v: unknown;
    try {
      v = JSON.parse(decode(manifestBytes, 'manifest.json'));
    } catch (e) {
      if (e instanceof PackageError) throw e;
      throw new PackageError(`${at('manifest.json')}不是有效的 JSON`);
    }
    return checkManifest(v, BUNDLE_FORMAT);
  });

  const recordLines = jsonLines(await need('records.jsonl', limits.recordsBytes), 'records.jsonl', limits.lineBytes);
  if (recordLines.length > limits.files)
    throw new PackageError(`${at('records.jsonl')}有 ${recordLines.length} 条记录，超过上限 ${limits.files} 条`);
  const records = recordLines.map(({ n, value }) => checked('records.jsonl', n, () => checkRecord(value)));

  const entryLines = jsonLines(await need('workspace.jsonl', limits.listBytes), 'workspace.jsonl', limits.lineBytes);
  if (entryLines.length > limits.files)
    throw new PackageError(`${at('workspace.jsonl')}有 ${entryLines.length} 个文件，超过上限 ${limits.files} 个`);
  if (entryLines.length !== manifest.files)
    throw new PackageError(
      `${at('manifest.json')}，字段 files：应为 workspace.jsonl 的文件数 ${entryLines.length}，实际为 ${manifest.files}`,
    );
  if (manifest.reports > manifest.files)
    throw new PackageError(
      `${at('manifest.json')}，字段 reports：应不超过文件数 ${manifest.files}，实际为 ${manifest.reports}`,
    );
  const lines = entryLines.map(({ n, value }) => ({
    n,
    ...checked('workspace.jsonl', n, () => checkEntryLine(value, records.length)),
  }));
  const ids = new Set<string>();
  for (const l of lines) {
    if (ids.has(l.entry.id))
      throw new PackageError(
        `${at('workspace.jsonl', l.n)}，字段 id：应在数据包中唯一，实际与前面的文件重复（${l.entry.id}）`,
      );
    ids.add(l.entry.id);
  }

  const correctionLines = jsonLines(
    await need('corrections.jsonl', limits.listBytes),
    'corrections.jsonl',
    limits.lineBytes,
  );
  if (correctionLines.length > limits.corrections)
    throw new PackageError(
      `${at('corrections.jsonl')}有 ${correctionLines.length} 条更正，超过上限 ${limits.corrections} 条`,
    );
  if (correctionLines.length !== manifest.corrections)
    throw new PackageError(
      `${at('manifest.json')}，字段 corrections：应为 corrections.jsonl 的更正数 ${correctionLines.length}，实际为 ${manifest.corrections}`,
    );
  const corrections = correctionLines.map(({ n, value }) => ({
    n,
    c: checked('corrections.jsonl', n, () => checkCorrection(value)),
  }));

  const entries: Entry[] = [];
  const originals = new Map<string, Uint8Array>();
  for (const l of lines) {
    let text: string | null = null;
    if (l.text_file) {
      const bytes = await readEntry(zip, l.text_file, limits.textBytes, budget);
      if (!bytes) throw new PackageError(`数据包不完整：缺少 ${l.text_file}（workspace.jsonl 第 ${l.n} 行）`);
      text = decode(bytes, l.text_file);
    }
    // A package exported before findings had an origin: settled here (./migrate.ts).
    entries.push(
      entryWithOrigins({ ...l.entry, record: l.record_line === null ? null : records[l.record_line], text }),
    );
    const bytes = await readEntry(zip, l.original, limits.originalBytes, budget);
    if (bytes) originals.set(l.entry.id, bytes);
  }

  const byId = new Map(entries.map((e) => [e.id, e]));
  const correctionIds = new Set<string>();
  for (const { n, c } of corrections) {
    checked('corrections.jsonl', n, () => correctionApplies(c, byId.get(c.entryId)));
    if (correctionIds.has(c.id))
      throw new PackageError(
        `${at('corrections.jsonl', n)}，字段 id：应在数据包中唯一，实际与前面的更正重复（${c.id}）`,
      );
    correctionIds.add(c.id);
  }
  const out = corrections.map(({ c }) => c);
  // Every record, corrected, must make the tables the views query: what would break them is refused here, not there.
  const { failed } = workspaceTables(
    entries.map((e) => ({ ...e, decision: 'accepted' as const })),
    out,
  );
  if (failed.length) {
    const n = lines.find((l) => l.entry.id === failed[0].id)?.n;
    throw new PackageError(
      `${at('workspace.jsonl', n)}：此文件的记录（含更正）无法汇总成数据表（${failed[0].reason.slice(0, 120)}）`,
    );
  }
  return { entries, corrections: out, originals };
}
