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
 */
import JSZip from 'jszip';
import { columnDictionary, codeDictionary } from '$lib/data/dictionary';
import { toCsv, type ExportRow } from '$lib/export/table';
import { SCHEMA } from '$lib/data/arrow';
import type { Tables } from '$lib/data/normalize';
import type { ReportRecord } from '$lib/report/types';
import { correctedRecord } from './corrections';
import { workspaceTables } from './decide';
import { entryWithOrigins } from './migrate';
import type { Correction, Entry } from './types';

export const BUNDLE_FORMAT = 'mingjing.workspace/1';

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  exported_at: string;
  files: number;
  reports: number;
  corrections: number;
}

/** A file's line in workspace.jsonl: the entry without its record and text, which have their own files. */
type EntryLine = Omit<Entry, 'record' | 'text'> & { record_line: number | null; text_file: string | null; original: string };

/** File names inside the zip: keep the name readable, drop what a file system would refuse. */
const safe = (name: string) => name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f<>:"|?*]/g, '_') || 'file';

export function tableCsv<K extends keyof Tables>(name: K, rows: Tables[K]): string {
  const columns = Object.keys(SCHEMA[name]).map((key) => ({ key, label: key }));
  return toCsv(columns, rows as unknown as ExportRow[]);
}

/** The open-data part: the normalized tables of the user's data set, with the dictionary and the code list. */
function addTables(zip: JSZip, entries: readonly Entry[], corrections: readonly Correction[]): Tables {
  const { tables } = workspaceTables(entries, corrections);
  for (const name of Object.keys(SCHEMA) as (keyof Tables)[]) zip.file(`tables/${name}.csv`, tableCsv(name, tables[name]));
  zip.file('数据字典_data_dictionary.csv', toCsv(
    [{ key: 'table', label: '表 table' }, { key: 'column', label: '列 column' }, { key: 'type', label: '类型 type' }, { key: 'zh', label: '说明' }, { key: 'en', label: 'description' }],
    columnDictionary() as unknown as ExportRow[],
  ));
  zip.file('代码表_codes.csv', toCsv(
    [{ key: 'table', label: '表 table' }, { key: 'column', label: '列 column' }, { key: 'code', label: '代码 code' }, { key: 'zh', label: '报表中的名称' }, { key: 'en', label: 'label' }],
    codeDictionary() as unknown as ExportRow[],
  ));
  return tables;
}

const jsonl = (xs: string[]) => (xs.length ? `${xs.join('\n')}\n` : '');
const zipBytes = (zip: JSZip) => zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });

/** CSV, one file per table, with the data dictionary (Chinese and English). */
export async function exportCsvZip(entries: readonly Entry[], corrections: readonly Correction[]): Promise<Uint8Array> {
  const zip = new JSZip();
  addTables(zip, entries, corrections);
  return zipBytes(zip);
}

/** The accepted reports as JSON lines per the contract (mingjing.report/1), corrections applied. */
export function exportJsonl(entries: readonly Entry[], corrections: readonly Correction[]): string {
  return jsonl(entries.filter((e) => e.decision === 'accepted' && e.record).map((e) => JSON.stringify(correctedRecord(e, corrections))));
}

/** The files as dropped, each under its own folder (two files may share a name). */
export async function exportOriginals(entries: readonly Entry[], original: (id: string) => Promise<Blob | Uint8Array | null>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const e of entries) {
    const bytes = await original(e.id);
    if (bytes) zip.file(`${e.id}/${safe(e.name)}`, bytes);
  }
  return zipBytes(zip);
}

/** Everything, to be imported by another Mingjing (see the layout above). */
export async function exportBundle(entries: readonly Entry[], corrections: readonly Correction[], original: (id: string) => Promise<Blob | Uint8Array | null>, now = new Date()): Promise<Uint8Array> {
  const zip = new JSZip();
  const tables = addTables(zip, entries, corrections);

  const records: string[] = [];
  const lines: string[] = [];
  for (const e of entries) {
    const { record, text, ...rest } = e;
    const line: EntryLine = { ...rest, record_line: null, text_file: null, original: `originals/${e.id}/${safe(e.name)}` };
    if (record) {
      line.record_line = records.length;
      records.push(JSON.stringify(record));
    }
    if (text !== null) {
      line.text_file = `texts/${e.id}.txt`;
      zip.file(line.text_file, text);
    }
    const bytes = await original(e.id);
    if (bytes) zip.file(line.original, bytes);
    lines.push(JSON.stringify(line));
  }
  zip.file('records.jsonl', jsonl(records));
  zip.file('workspace.jsonl', jsonl(lines));
  zip.file('corrections.jsonl', jsonl(corrections.map((c) => JSON.stringify(c))));
  const manifest: Manifest = { format: BUNDLE_FORMAT, exported_at: now.toISOString(), files: entries.length, reports: tables.reports.length, corrections: corrections.length };
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  return zipBytes(zip);
}

/** Whether a .zip is a Mingjing export (else it is a zip of report files). */
export async function isBundle(zip: JSZip): Promise<boolean> {
  const m = zip.file('manifest.json');
  if (!m) return false;
  try {
    return (JSON.parse(await m.async('string')) as Partial<Manifest>).format === BUNDLE_FORMAT;
  } catch {
    return false;
  }
}

export interface ImportedBundle {
  entries: Entry[];
  corrections: Correction[];
  originals: Map<string, Uint8Array>;
}

/** Read an export back: entries with their records and texts, corrections, original files. Throws with a Chinese reason. */
export async function importBundle(zip: JSZip): Promise<ImportedBundle> {
  if (!(await isBundle(zip))) throw new Error('这不是明镜导出的数据包（缺少 manifest.json）');
  const read = async (path: string) => {
    const f = zip.file(path);
    if (!f) throw new Error(`数据包不完整：缺少 ${path}`);
    return f.async('string');
  };
  const parseLines = (s: string) => s.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  const records = parseLines(await read('records.jsonl')) as ReportRecord[];
  const lines = parseLines(await read('workspace.jsonl')) as EntryLine[];
  const corrections = parseLines(await read('corrections.jsonl')) as Correction[];
  const entries: Entry[] = [];
  const originals = new Map<string, Uint8Array>();
  for (const { record_line, text_file, original, ...rest } of lines) {
    // A package exported before findings had an origin: settled here (./migrate.ts).
    entries.push(entryWithOrigins({ ...rest, record: record_line === null ? null : records[record_line], text: text_file ? await read(text_file) : null }));
    const f = zip.file(original);
    if (f) originals.set(rest.id, await f.async('uint8array'));
  }
  return { entries, corrections, originals };
}
