/** One file from disk to a record: the unit of work of the CLI and of its worker threads. */
import { readFileSync } from 'node:fs';
import { nodeEnv } from '../lib/report/io/node';
import { readReportFile, unreadable } from '../lib/report/io/read';
import type { ReportRecord } from '../lib/report/types';

export interface FileResult {
  record: ReportRecord;
  /** Set when the file could not be opened at all (the CLI then exits non-zero). */
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
