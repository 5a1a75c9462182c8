/** One file from disk to a record and to its printed output: the unit of work of the CLI and of its worker threads. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { nodeEnv } from '../lib/report/io/node';
import { readReportFile, unreadable } from '../lib/report/io/read';
import type { ReportRecord } from '../lib/report/types';
import { renderCheck } from './check';

export interface FileResult {
  record: ReportRecord;
  /** Set when the file could not be opened at all (the CLI then exits non-zero). */
  openError?: string;
}

/** How a record is printed: a JSON line, pretty JSON, or `mingjing check`'s table. */
export type OutputMode = 'json' | 'pretty' | 'check';

/** A file's printed output: what the worker threads send back (a string is cheap to pass between threads, a record is not). */
export interface FileOutput {
  text: string;
  openError?: string;
}

export async function readOne(path: string, withCells: boolean): Promise<FileResult> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? '文件不存在' : err.code === 'EISDIR' ? '这是一个文件夹，不是文件' : err.code === 'EACCES' ? '没有读取权限' : err.message;
    return { record: unreadable(path, `无法打开文件：${why}`), openError: `${path}: ${why} (${err.code ?? 'error'})` };
  }
  return { record: await readReportFile(bytes, path, nodeEnv, { provenance: withCells }) };
}

export function formatRecord(record: ReportRecord, mode: OutputMode): string {
  return mode === 'json' ? JSON.stringify(record)
    : mode === 'pretty' ? JSON.stringify(record, null, 2)
      : renderCheck({ ...record, source: basename(record.source) });
}

/** Read one file and print it: the same on the main thread (`--jobs 1`) and on a worker. */
export async function readAndFormat(path: string, withCells: boolean, mode: OutputMode): Promise<FileOutput> {
  const { record, openError } = await readOne(path, withCells);
  return { text: formatRecord(record, mode), openError };
}
