/**
 * A file's type from its first bytes and its name, and what can be said of a
 * file before reading it whole. Light on purpose (no parser, no libraries):
 * the import page asks it on the main thread about a dropped file before
 * reading the file into memory, the CLI before reading it from disk.
 */
import { MAX_BYTES, mb, SNIFF_BYTES } from '../../limits/files';
import { looksBinary, utf16Bom } from './decode';

export type FileType = 'text' | 'html' | 'docx' | 'pdf' | 'image' | 'unsupported';

/**
 * By content first (a .txt that is really a PDF is read as a PDF), then by
 * extension. Looks at the first SNIFF_BYTES bytes only (looksBinary reads the
 * first 4 KB, the rest the first 1 KB): the answer for a file's first
 * SNIFF_BYTES is the answer for the file.
 */
export function sniffType(bytes: Uint8Array, source: string): FileType {
  const ext = source.match(/\.([^./\\]+)$/)?.[1].toLowerCase() ?? '';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  // A table's picture (as web pages embed them), read by OCR. By bytes: a browser's 'latin1' decoder is
  // windows-1252, which reads PNG's first byte 0x89 as ‰.
  if (isPicture(bytes)) return 'image';
  if (head.startsWith('PK\u0003\u0004')) return ext === 'docx' || ext === 'doc' || ext === '' ? 'docx' : 'unsupported';
  const bom = utf16Bom(bytes);
  const start = bom ? new TextDecoder(bom).decode(bytes.subarray(0, 1024)) : head;
  if (
    ['html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml'].includes(ext) ||
    /^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)/i.test(start)
  )
    return 'html';
  if (['txt', 'text', 'md', 'csv', 'tsv', ''].includes(ext)) return 'text';
  if (ext === 'doc') return 'unsupported';
  return looksBinary(bytes.subarray(0, SNIFF_BYTES)) ? 'unsupported' : 'text';
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
/** A JPEG or PNG by its signature. */
export const isPicture = (b: Uint8Array) => startsWith(b, PNG) || startsWith(b, JPEG);

/** The reason for a file whose type we do not read. */
export function unsupportedReason(source: string): string {
  const ext = source.match(/\.[^./\\]+$/)?.[0].toLowerCase() ?? '';
  if (ext === '.doc') return '旧版Word（.doc）文件无法直接读取，请另存为 .docx 或 PDF';
  if (ext === '.pdf') return '文件扩展名是 .pdf，但内容不是PDF（开头没有“%PDF-”标记），无法读取';
  if (ext === '.docx') return '文件扩展名是 .docx，但内容不是Word文件（不是 zip 格式），无法读取';
  if (['.jpg', '.jpeg', '.png'].includes(ext)) return `文件扩展名是 ${ext}，但内容不是 JPEG 或 PNG 图片，无法读取`;
  return `不支持的文件类型${ext ? `（${ext}）` : ''}：请提供 .txt、.html、.docx、.pdf 文件，或表格的 JPEG/PNG 图片`;
}

/**
 * What can be said of a file from its size and its first bytes alone (`head`:
 * its first SNIFF_BYTES, or all of it): empty, of a type we do not read, or
 * over its type's size limit (MAX_BYTES). Callers that read from disk or from
 * a dropped File ask this before reading the rest, so a huge file is refused
 * for the cost of 4 KB. Null: read it.
 */
export function refusalBeforeReading(head: Uint8Array, size: number, source: string): string | null {
  if (size === 0) return '文件是空的（0字节）';
  const type = sniffType(head, source);
  if (type === 'unsupported') return unsupportedReason(source);
  if (size > MAX_BYTES[type]) {
    return `文件过大（${mb(size)}），超过此类文件的上限 ${mb(MAX_BYTES[type])}；年度报告的文字通常不到 1 MB，请检查是否选错了文件`;
  }
  return null;
}

/** The charset an HTML file declares, from its first bytes (meta charset or http-equiv). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

/** A page's bytes in its declared GBK family, else as UTF-8 (the reader's rule, read.ts decodeHtml). */
export const isGbk = (charset: string | null) => !!charset && /^(?:gb2312|gbk|gb18030|x-gbk)$/.test(charset);
