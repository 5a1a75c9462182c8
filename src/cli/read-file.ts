/**
 * One file from disk to a record and to its printed output: the unit of work
 * of the CLI's worker threads.
 *
 * Only regular files are read. The file is opened without blocking (a FIFO
 * with no writer would block an ordinary open for ever) and asked what it is
 * (fstat, on the descriptor: no race with a rename): a FIFO, a device such as
 * /dev/zero (endless), a folder or a socket each get a one-line reason. Then
 * its size and its first 4 KB decide whether it is worth reading
 * (refusalBeforeReading: a 1.5 GB zero-filled “.pdf” is refused for 4 KB),
 * and only then is it read — no further than the size it had.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { SNIFF_BYTES } from '../lib/limits/files';
import { nodeEnv } from '../lib/report/io/node';
import { nodeOcr } from '../lib/report/ocr/node';
import { readReportFile, unreadable } from '../lib/report/io/read';
import { refusalBeforeReading } from '../lib/report/io/sniff';
import type { ReportRecord } from '../lib/report/types';
import { renderCheck } from './check';
import { diskResources } from './page-resources';
import { safeJson, visible } from './terminal';

export interface FileResult {
  record: ReportRecord;
  /** Set when the file could not be opened at all (the CLI then exits non-zero). */
  openError?: string;
}

/** How a record is printed: a JSON line, pretty JSON, or `mingjing check`'s table. */
export type OutputMode = 'json' | 'pretty' | 'check';

/**
 * A file's printed output: what the worker threads send back. It comes as
 * UTF-8 bytes with its line end, encoded on the worker and handed over whole
 * (the buffer is transferred, not copied): the main thread then only writes
 * it, with no string to copy across, encode or collect.
 */
export interface FileOutput {
  bytes: Uint8Array;
  openError?: string;
}

const utf8 = new TextEncoder();
/** The output as written: the text and its line end, as UTF-8 (in a buffer of its own, which can be transferred). */
export function outputBytes(text: string): Uint8Array {
  return utf8.encode(text + '\n');
}

/** What a path is when it is not a regular file, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return '这是一个文件夹，不是文件';
  if (st.isFIFO()) return '这是一个命名管道（FIFO），不是普通文件，未读取';
  if (st.isCharacterDevice()) return '这是一个字符设备（如 /dev/zero、终端），不是普通文件，未读取';
  if (st.isBlockDevice()) return '这是一个块设备（磁盘），不是普通文件，未读取';
  if (st.isSocket()) return '这是一个套接字（socket），不是普通文件，未读取';
  return '这不是普通文件，未读取';
}

function openReason(err: NodeJS.ErrnoException, path: string | Buffer): string {
  switch (err.code) {
    case 'ENOENT':
      return '文件不存在';
    case 'EISDIR':
      return '这是一个文件夹，不是文件';
    case 'EACCES':
    case 'EPERM':
      return '没有读取权限';
    case 'ELOOP':
      return '符号链接循环，无法打开';
    case 'ENXIO': {
      // A socket cannot be opened at all.
      try {
        return kindOf(lstatSync(path));
      } catch {
        return '这不是普通文件，无法打开';
      }
    }
    default:
      return err.message;
  }
}

/** Fill `buf` from the descriptor at `pos`; the count read (less at end of file). */
function readFull(fd: number, buf: Uint8Array, pos: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** A regular file's bytes, or why it was not read (`open`: it could not be opened as a file at all). */
export function readRegular(
  path: string | Uint8Array,
  source: string,
): { bytes: Uint8Array } | { reason: string; open: boolean } {
  const p = typeof path === 'string' ? path : Buffer.from(path);
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer; it changes nothing for a regular file.
    fd = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return { reason: openReason(e as NodeJS.ErrnoException, p), open: true };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: kindOf(st), open: true };
    const size = st.size;
    const head = new Uint8Array(Math.min(size, SNIFF_BYTES));
    const got = readFull(fd, head, 0);
    if (got < head.length) return { bytes: head.subarray(0, got) }; // shrank meanwhile: what is there
    if (size > head.length) {
      const refused = refusalBeforeReading(head, size, source);
      if (refused) return { reason: refused, open: false };
    }
    const bytes = new Uint8Array(size);
    bytes.set(head);
    const rest = size > head.length ? readFull(fd, bytes.subarray(head.length), head.length) : 0;
    return { bytes: bytes.subarray(0, head.length + rest) };
  } catch (e) {
    return { reason: openReason(e as NodeJS.ErrnoException, p), open: true };
  } finally {
    closeSync(fd);
  }
}

/** Told of each page a scan's OCR finishes (the worker restarts the file's clock: ./jobs.ts). */
let pageRead: (() => void) | null = null;
export const onOcrPage = (f: (() => void) | null) => void (pageRead = f);

/** The reader's libraries, and OCR for scans and pictures (one engine per thread, started by the first scan). */
const CLI_ENV = { ...nodeEnv, ocr: nodeOcr({ onPage: () => pageRead?.() }) };

/** `refusal`: known before opening (see ./inputs.ts) — the file is reported as one that cannot be opened. */
export async function readOne(
  path: string | Uint8Array,
  source: string,
  withCells: boolean,
  refusal?: string,
): Promise<FileResult> {
  const read = refusal ? { reason: refusal, open: true } : readRegular(path, source);
  if ('reason' in read) {
    const record = unreadable(source, read.open ? `无法打开文件：${read.reason}` : read.reason);
    return read.open ? { record, openError: `${source}: ${read.reason}` } : { record };
  }
  // A web page's pictures are looked for beside it on disk, inside its folder only (./page-resources.ts).
  const resources = diskResources(path);
  return { record: await readReportFile(read.bytes, source, CLI_ENV, { provenance: withCells, resources }) };
}

/** The record as printed: JSON (with every control character escaped) or the `check` table (controls shown as escapes). */
export function formatRecord(record: ReportRecord, mode: OutputMode): string {
  return mode === 'json'
    ? safeJson(JSON.stringify(record))
    : mode === 'pretty'
      ? safeJson(JSON.stringify(record, null, 2))
      : renderCheck({ ...record, source: basename(record.source) });
}

/** Read one file and print it: what a worker thread does for each file it is given. */
export async function readAndFormat(
  path: string | Uint8Array,
  source: string,
  withCells: boolean,
  mode: OutputMode,
  refusal?: string,
): Promise<FileOutput> {
  const { record, openError } = await readOne(path, source, withCells, refusal);
  return { bytes: outputBytes(formatRecord(record, mode)), openError: openError && visible(openError) };
}
