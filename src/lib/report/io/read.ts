/**
 * One entry point for every file a user has: bytes and a file name in, a
 * contract record out — .txt (UTF-8, BOM, GBK), .html/.htm, .docx (mammoth
 * → HTML), .pdf (pdfjs-dist). The same code runs in Node and in the browser
 * worker; the side-specific modules (pdfjs build, mammoth) are handed in.
 * Nothing here throws on bad input: it returns `unreadable` with the reason.
 */
import { emptyRecord, parseReportText, type ParseOptions } from '../parse';
import type { ReportRecord } from '../types';
import { decodeText, looksBinary } from './decode';
import { slimDocx } from './docx-slim';
import { declaredCharset, htmlToText } from './html';
import { PdfReadError, pdfToText, type PdfAssets, type PdfjsLike } from './pdf';

export interface MammothLike {
  /** The browser build reads `arrayBuffer`, the Node build `buffer`; both are given. */
  convertToHtml(input: { arrayBuffer: ArrayBuffer; buffer: Uint8Array }, options?: Record<string, unknown>): Promise<{ value: string }>;
  images?: { imgElement(f: (image: unknown) => Promise<{ src: string }>): unknown };
}

/** The heavy libraries, loaded only when a file needs them. */
export interface ReaderEnv {
  pdfjs: () => Promise<PdfjsLike>;
  mammoth: () => Promise<MammothLike>;
  /** pdfjs's CMaps and standard fonts, served by our own side (a path in Node, our origin in the browser). */
  pdfAssets?: () => PdfAssets;
}

export type FileType = 'text' | 'html' | 'docx' | 'pdf' | 'unsupported';

export function unreadable(source: string, reason: string): ReportRecord {
  return emptyRecord(source, 'unreadable', reason);
}

/** By content first (a .txt that is really a PDF is read as a PDF), then by extension. */
export function sniffType(bytes: Uint8Array, source: string): FileType {
  const ext = source.match(/\.([^./\\]+)$/)?.[1].toLowerCase() ?? '';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.startsWith('%PDF-') || head.slice(0, 1024).includes('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return ext === 'docx' || ext === 'doc' || ext === '' ? 'docx' : 'unsupported';
  if (['html', 'htm', 'xhtml', 'shtml', 'mht'].includes(ext) || /^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)/i.test(head)) return 'html';
  if (['txt', 'text', 'md', 'csv', 'tsv', ''].includes(ext)) return 'text';
  if (ext === 'doc') return 'unsupported';
  return looksBinary(bytes) ? 'unsupported' : 'text';
}

/**
 * Provenance of text made from a file: each value's line tells where in the
 * file it was read — the PDF page, and for a table row (HTML, DOCX, or a
 * ruled PDF table) the table, the row and the column (the cell's place in
 * its TAB-separated line).
 */
function withOrigins(record: ReportRecord, text: string, origins: ReadonlyMap<number, { table?: number; row?: number; page?: number }>): ReportRecord {
  const lines = text.split('\n');
  for (const span of Object.values(record.cells ?? {})) {
    const origin = origins.get(span.line);
    if (!origin) continue;
    if (origin.page !== undefined) span.page = origin.page;
    if (origin.table === undefined) continue;
    const before = lines[span.line - 1].slice(0, span.col);
    Object.assign(span, { table: origin.table, row: origin.row, column: before.split('\t').length });
  }
  return record;
}

function decodeHtml(bytes: Uint8Array): string {
  const cs = declaredCharset(bytes);
  if (cs && /^(?:gb2312|gbk|gb18030|x-gbk)$/.test(cs)) return new TextDecoder('gb18030').decode(bytes);
  return decodeText(bytes).text;
}

export async function readReportFile(bytes: Uint8Array, source: string, env: ReaderEnv, opts: ParseOptions = {}): Promise<ReportRecord> {
  return (await readReportFileWithText(bytes, source, env, opts)).record;
}

/**
 * The record and the text the parser read (for HTML, DOCX and PDF input, the
 * text made of the file): provenance lines and columns point into this text,
 * which the report view shows beside the tables.
 */
export async function readReportFileWithText(bytes: Uint8Array, source: string, env: ReaderEnv, opts: ParseOptions = {}): Promise<{ record: ReportRecord; text: string | null }> {
  let text: string | null = null;
  const parse = (t: string) => {
    text = t;
    return parseReportText(t, source, opts);
  };
  const record = await readAny(bytes, source, env, parse);
  return { record, text };
}

/**
 * The largest file of each type we read. A published report's text is well
 * under 1 MB and its PDF rarely above 50 MB; anything far larger is not a
 * report, and reading it would stall the batch it came in.
 */
export const MAX_BYTES: Record<Exclude<FileType, 'unsupported'>, number> = { text: 20e6, html: 20e6, docx: 100e6, pdf: 300e6 };
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

async function readAny(bytes: Uint8Array, source: string, env: ReaderEnv, parseText: (text: string) => ReportRecord): Promise<ReportRecord> {
  if (bytes.length === 0) return unreadable(source, '文件是空的（0字节）');
  const type = sniffType(bytes, source);
  if (type !== 'unsupported' && bytes.length > MAX_BYTES[type]) {
    return unreadable(source, `文件过大（${mb(bytes.length)}），超过此类文件的上限 ${mb(MAX_BYTES[type])}；年度报告的文字通常不到 1 MB，请检查是否选错了文件`);
  }
  try {
    switch (type) {
      case 'text': {
        if (looksBinary(bytes)) return unreadable(source, '文件内容不是文字（可能是图片或其他二进制文件）');
        return parseText(decodeText(bytes).text);
      }
      case 'html': {
        const html = htmlToText(decodeHtml(bytes));
        return withOrigins(parseText(html.text), html.text, html.origins);
      }
      case 'docx': {
        const mammoth = await env.mammoth();
        let value: string;
        try {
          const slim = await slimDocx(bytes);
          const buf = slim.buffer.slice(slim.byteOffset, slim.byteOffset + slim.byteLength) as ArrayBuffer;
          // Only the text and tables matter: no style mapping, and images are not base64-encoded into the HTML.
          const options = {
            includeDefaultStyleMap: false,
            ignoreEmptyParagraphs: true,
            ...(mammoth.images ? { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) } : {}),
          };
          ({ value } = await mammoth.convertToHtml({ arrayBuffer: buf, buffer: slim }, options));
        } catch (e) {
          return unreadable(source, `Word文件已损坏或不完整，无法读取（${(e as Error).message.slice(0, 80)}）`);
        }
        const html = htmlToText(value);
        return withOrigins(parseText(html.text), html.text, html.origins);
      }
      case 'pdf': {
        const pdf = await pdfToText(await env.pdfjs(), bytes, env.pdfAssets?.());
        if (pdf.pagesWithText === 0) return unreadable(source, '扫描版PDF，没有文字层，无法读取');
        return withOrigins(parseText(pdf.text), pdf.text, pdf.origins);
      }
      default: {
        const ext = source.match(/\.[^./\\]+$/)?.[0] ?? '';
        return unreadable(source, ext.toLowerCase() === '.doc'
          ? '旧版Word（.doc）文件无法直接读取，请另存为 .docx 或 PDF'
          : `不支持的文件类型${ext ? `（${ext}）` : ''}：请提供 .txt、.html、.docx 或 .pdf 文件`);
      }
    }
  } catch (e) {
    if (e instanceof PdfReadError) return unreadable(source, e.reason);
    return unreadable(source, `读取文件时出错：${(e as Error).message}`);
  }
}
