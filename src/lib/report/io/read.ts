/**
 * One entry point for every file a user has: bytes and a file name in, a
 * contract record out — .txt (UTF-8, BOM, GBK), .html/.htm, .docx (mammoth
 * → HTML), .pdf (pdfjs-dist). The same code runs in Node and in the browser
 * worker; the side-specific modules (pdfjs build, mammoth) are handed in.
 * Nothing here throws on bad input: it returns `unreadable` with the reason.
 */
import { emptyRecord, parseReportText, type ParseOptions } from '../parse';
import type { ReportRecord } from '../types';
import { fileName, LimitError, MAX_BYTES } from '../../limits/files';
import { decodeText, looksBinary } from './decode';
import { refusalBeforeReading, sniffType, unsupportedReason, type FileType } from './sniff';
import { slimDocx } from './docx-slim';
import { declaredCharset, htmlToText } from './html';
import { PdfReadError, pdfToText, type PdfAssets, type PdfjsLike, type PdfText } from './pdf';
import type { OcrEnv } from '../ocr/env';
import { applyOcr, OCR_ENGINE } from '../ocr/apply';
import { readPage, readScan } from '../ocr/page';
import type { OcrCellNote } from '../ocr/table-html';
import { OCR_DPI, pdfRasters, pictureRefusal } from '../ocr/rasterize';

export interface MammothLike {
  /** The browser build reads `arrayBuffer`, the Node build `buffer`; both are given. */
  convertToHtml(
    input: { arrayBuffer: ArrayBuffer; buffer: Uint8Array },
    options?: Record<string, unknown>,
  ): Promise<{ value: string }>;
  images?: { imgElement(f: (image: unknown) => Promise<{ src: string }>): unknown };
}

/** The heavy libraries, loaded only when a file needs them. */
export interface ReaderEnv {
  pdfjs: () => Promise<PdfjsLike>;
  mammoth: () => Promise<MammothLike>;
  /** pdfjs's CMaps and standard fonts, served by our own side (a path in Node, our origin in the browser). */
  pdfAssets?: () => PdfAssets;
  /** OCR for scans and pictures (../ocr); without it they are refused with the reason. */
  ocr?: OcrEnv;
}

export function unreadable(source: string, reason: string): ReportRecord {
  return emptyRecord(source, 'unreadable', reason);
}

/**
 * Provenance of text made from a file: each value's line tells where in the
 * file it was read — the PDF page, and for a table row (HTML, DOCX, or a
 * ruled PDF table) the table, the row and the column (the cell's place in
 * its TAB-separated line).
 */
function withOrigins(
  record: ReportRecord,
  text: string,
  origins: ReadonlyMap<number, { table?: number; row?: number; page?: number }>,
): ReportRecord {
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

export async function readReportFile(
  bytes: Uint8Array,
  source: string,
  env: ReaderEnv,
  opts: ParseOptions = {},
): Promise<ReportRecord> {
  return (await readReportFileWithText(bytes, source, env, opts)).record;
}

/**
 * The record and the text the parser read (for HTML, DOCX and PDF input, the
 * text made of the file): provenance lines and columns point into this text,
 * which the report view shows beside the tables.
 */
export async function readReportFileWithText(
  bytes: Uint8Array,
  source: string,
  env: ReaderEnv,
  opts: ParseOptions = {},
): Promise<{ record: ReportRecord; text: string | null }> {
  let text: string | null = null;
  // A scan is always parsed with provenance: each OCR'd number is proven or shown through it (../ocr/apply.ts).
  const parse = (t: string, scan = false) => {
    text = t;
    return parseReportText(t, source, scan ? { ...opts, provenance: true } : opts);
  };
  const record = await readAny(bytes, source, env, parse, opts.provenance !== false);
  return { record, text };
}

export { MAX_BYTES, sniffType, type FileType };

/**
 * What can be said of a file from its size and its first bytes alone (see
 * refusalBeforeReading): the record of a file refused unread, or null: read it.
 */
export function checkBeforeReading(head: Uint8Array, size: number, source: string): ReportRecord | null {
  const reason = refusalBeforeReading(head, size, source);
  return reason === null ? null : unreadable(source, reason);
}

/** htmlToText, its limits' reasons saying whose page (`whose`). */
function htmlOf(html: string, whose: string) {
  try {
    return htmlToText(html);
  } catch (e) {
    throw e instanceof LimitError ? new LimitError(whose + e.reason) : e;
  }
}

async function readAny(
  bytes: Uint8Array,
  source: string,
  env: ReaderEnv,
  parseText: (text: string, scan?: boolean) => ReportRecord,
  cells: boolean,
): Promise<ReportRecord> {
  const refused = checkBeforeReading(bytes, bytes.length, source);
  if (refused) return refused;
  const type = sniffType(bytes, source);
  try {
    switch (type) {
      case 'text': {
        if (looksBinary(bytes)) return unreadable(source, '文件内容不是文字（可能是图片或其他二进制文件）');
        return parseText(decodeText(bytes).text);
      }
      case 'html': {
        const html = htmlOf(decodeHtml(bytes), `网页“${fileName(source)}”的`);
        return withOrigins(parseText(html.text), html.text, html.origins);
      }
      case 'docx': {
        const mammoth = await env.mammoth();
        let value: string;
        try {
          const slim = await slimDocx(bytes, source);
          const buf = slim.buffer.slice(slim.byteOffset, slim.byteOffset + slim.byteLength) as ArrayBuffer;
          // Only the text and tables matter: no style mapping, and images are not base64-encoded into the HTML.
          const options = {
            includeDefaultStyleMap: false,
            ignoreEmptyParagraphs: true,
            ...(mammoth.images ? { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) } : {}),
          };
          ({ value } = await mammoth.convertToHtml({ arrayBuffer: buf, buffer: slim }, options));
        } catch (e) {
          if (e instanceof LimitError) throw e;
          return unreadable(source, `Word文件已损坏或不完整，无法读取（${(e as Error).message.slice(0, 80)}）`);
        }
        const html = htmlOf(value, `Word文件“${fileName(source)}”转成网页后`);
        return withOrigins(parseText(html.text), html.text, html.origins);
      }
      case 'pdf': {
        const pdfjs = await env.pdfjs();
        const pdf = await pdfToText(pdfjs, bytes, env.pdfAssets?.(), source);
        if (pdf.pagesWithText > 0 && (pdf.textless.length === 0 || !env.ocr))
          return withOrigins(parseText(pdf.text), pdf.text, pdf.origins);
        if (pdf.pagesWithText > 0) return await fromMixed(env.ocr!, pdfjs, bytes, pdf, env, source, parseText, cells);
        if (!env.ocr) return unreadable(source, '扫描版PDF，没有文字层；此处未启用文字识别（OCR），无法读取');
        // A scan: every page read by OCR, drawn one at a time.
        const pages = Array.from({ length: pdf.pages }, (_, i) => i + 1);
        let dpi = OCR_DPI;
        const rasters = async function* (ocr: OcrEnv) {
          for await (const p of pdfRasters(pdfjs, bytes, pages, ocr.canvas, { assets: env.pdfAssets?.() })) {
            dpi = Math.min(dpi, p.dpi);
            yield p.raster;
          }
        };
        return await fromScan(
          env.ocr,
          () => rasters(env.ocr!),
          pdf.pages,
          source,
          parseText,
          cells,
          () => dpi,
        );
      }
      case 'image': {
        if (!env.ocr) return unreadable(source, '表格图片需要文字识别（OCR），此处未启用，无法读取');
        const refused = pictureRefusal(bytes);
        if (refused) return unreadable(source, refused);
        const ocr = env.ocr;
        return await fromScan(
          ocr,
          async function* () {
            yield await ocr.picture(bytes);
          },
          1,
          source,
          parseText,
          cells,
        );
      }
      default:
        return unreadable(source, unsupportedReason(source));
    }
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e; // cancelled by the user: no result, not a broken file
    if (e instanceof PdfReadError || e instanceof LimitError) return unreadable(source, e.reason);
    return unreadable(source, `读取文件时出错：${(e as Error).message}`);
  }
}

/**
 * A scan's pages read by OCR (../ocr/page.ts) into HTML, read by the same path as a web page, and every OCR'd
 * number noted and proven or shown (../ocr/apply.ts).
 */
async function fromScan(
  ocr: OcrEnv,
  rasters: () => AsyncIterable<import('../ocr/grid').Raster>,
  pages: number,
  source: string,
  parseText: (text: string, scan: boolean) => ReportRecord,
  cells: boolean,
  dpi?: () => number,
): Promise<ReportRecord> {
  const engine = await ocr.engine();
  const started = Date.now();
  const scan = await readScan(engine, rasters, {
    ...ocr.options,
    onPage: (done) => ocr.options?.onPage?.(done, pages),
  });
  const html = htmlOf(scan.html, `扫描件“${fileName(source)}”识别后`);
  const record = withOrigins(parseText(html.text, true), html.text, html.origins);
  applyOcr(record, scan.notes, {
    pages: scan.pages.length,
    ms: Date.now() - started,
    engine: OCR_ENGINE,
    ...(dpi ? { dpi: dpi() } : {}),
  });
  if (!cells) delete record.cells;
  return record;
}

/** OCR'd tables are numbered from here in a PDF with text elsewhere, apart from its own ruled tables. */
const SCANNED_TABLES = 1000;

/**
 * A PDF with text on some pages and scans on others (a report whose tables were printed, stamped and scanned):
 * the scanned pages read by OCR, each as its own HTML, put in the text in page order; only their values are
 * proven or shown as OCR'd.
 */
async function fromMixed(
  ocr: OcrEnv,
  pdfjs: PdfjsLike,
  bytes: Uint8Array,
  pdf: PdfText,
  env: ReaderEnv,
  source: string,
  parseText: (text: string, scan: boolean) => ReportRecord,
  cells: boolean,
): Promise<ReportRecord> {
  const engine = await ocr.engine();
  const started = Date.now();
  const scanned = new Map<number, { lines: string[]; origins: Map<number, { table?: number; row?: number }> }>();
  const notes: OcrCellNote[] = [];
  let next = SCANNED_TABLES;
  let dpi = OCR_DPI;
  for await (const p of pdfRasters(pdfjs, bytes, pdf.textless, ocr.canvas, { assets: env.pdfAssets?.() })) {
    dpi = Math.min(dpi, p.dpi);
    const page = await readPage(engine, p.raster, p.page, 1, ocr.options);
    const html = htmlOf(`<html><body>${page.html}</body></html>`, `PDF“${fileName(source)}”第 ${p.page} 页识别后`);
    const origins = new Map(
      [...html.origins].map(([line, o]) => [line, o.table === undefined ? o : { ...o, table: o.table + next - 1 }]),
    );
    notes.push(...page.notes.map((n) => ({ ...n, table: n.table + next - 1 })));
    scanned.set(p.page, { lines: html.text.split('\n'), origins });
    next += page.tables;
    ocr.options?.onPage?.(scanned.size, pdf.textless.length);
  }
  // The text in page order: the PDF's own lines, and each scanned page's where its page comes.
  const lines: string[] = [];
  const origins = new Map<number, { table?: number; row?: number; page?: number }>();
  const put = (p: number) => {
    const s = scanned.get(p)!;
    s.lines.forEach((l, i) => {
      lines.push(l);
      origins.set(lines.length, { ...s.origins.get(i + 1), page: p });
    });
    scanned.delete(p);
  };
  let page = 1;
  pdf.text.split('\n').forEach((l, i) => {
    const o = pdf.origins.get(i + 1);
    page = o?.page ?? page;
    for (const p of [...scanned.keys()].sort((a, b) => a - b)) if (p < page) put(p);
    lines.push(l);
    if (o) origins.set(lines.length, o);
  });
  for (const p of [...scanned.keys()].sort((a, b) => a - b)) put(p);
  const text = lines.join('\n');
  const ocrPages = new Set(pdf.textless);
  const record = withOrigins(parseText(text, true), text, origins);
  applyOcr(
    record,
    notes,
    { pages: pdf.textless.length, ms: Date.now() - started, engine: OCR_ENGINE, dpi },
    (span) => span.page !== undefined && ocrPages.has(span.page),
  );
  if (!cells) delete record.cells;
  return record;
}
