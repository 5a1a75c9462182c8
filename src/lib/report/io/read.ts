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
import { isGbk, refusalBeforeReading, sniffType, unsupportedReason, type FileType } from './sniff';
import { slimDocx } from './docx-slim';
import { declaredCharset, htmlToText } from './html';
import { PdfReadError, pdfToText, type PdfAssets, type PdfjsLike, type PdfText } from './pdf';
import type { OcrEnv } from '../ocr/env';
import { applyOcr, OCR_ENGINE } from '../ocr/apply';
import { readPage, readScan, turnedPages, type PageReading } from '../ocr/page';
import type { OcrCellNote } from '../ocr/table-html';
import { OCR_DPI, pdfRasters, pictureRefusal, pictureSize } from '../ocr/rasterize';
import { PAGE_MAX_PICTURES, PICTURE_MIN_SIDE, resolvePicture, type PageResources } from './resources';
import type { HtmlText } from './html';
import { isMhtml, mhtmlResources, readMhtml } from './mhtml';

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
  if (isGbk(cs)) return new TextDecoder('gb18030').decode(bytes);
  return decodeText(bytes).text;
}

export interface ReadOptions extends ParseOptions {
  /**
   * The files a web page's relative `<img src>` may name (a saved page's `X_files/` folder, the files beside it
   * on disk): see ./resources.ts. Nothing is ever fetched; without it only the page's data: pictures are read.
   */
  resources?: PageResources;
}

export async function readReportFile(
  bytes: Uint8Array,
  source: string,
  env: ReaderEnv,
  opts: ReadOptions = {},
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
  opts: ReadOptions = {},
): Promise<{ record: ReportRecord; text: string | null }> {
  let text: string | null = null;
  const { resources, ...parseOpts } = opts;
  // A scan is always parsed with provenance: each OCR'd number is proven or shown through it (../ocr/apply.ts).
  const parse = (t: string, scan = false) => {
    text = t;
    return parseReportText(t, source, scan ? { ...parseOpts, provenance: true } : parseOpts);
  };
  const record = await readAny(bytes, source, env, parse, opts.provenance !== false, resources);
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
  resources?: PageResources,
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
        const got = pageOf(bytes, source, resources);
        if ('reason' in got) return unreadable(source, got.reason);
        const { html } = got;
        const record = withOrigins(parseText(html.text), html.text, html.origins);
        if (html.pictures.length === 0 || !lacksTables(record)) return record;
        return await fromPage(html, record, env, source, parseText, cells, got.resources);
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
  applyOcr(
    record,
    scan.notes,
    {
      pages: scan.pages.length,
      ms: Date.now() - started,
      engine: OCR_ENGINE,
      ...(dpi ? { dpi: dpi() } : {}),
      ...turnedPages(scan.pages),
    },
    html.text,
  );
  if (!cells) delete record.cells;
  return record;
}

/** OCR'd tables are numbered from here in a PDF with text elsewhere, apart from its own ruled tables. */
const SCANNED_TABLES = 1000;

/**
 * A page read by OCR (a PDF's scanned page, a web page's picture) as lines of text to put among the document's,
 * its tables numbered from `next` on — in its lines' origins and its cells' notes alike.
 */
function numbered(page: PageReading, next: number, whose: string) {
  const html = htmlOf(`<html><body>${page.html}</body></html>`, whose);
  const shift = next - 1;
  return {
    lines: html.text.split('\n'),
    origins: new Map([...html.origins].map(([line, o]) => [line, { ...o, table: o.table + shift }])),
    notes: page.notes.map((n) => ({ ...n, table: n.table + shift })),
  };
}

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
  const scanned = new Map<number, ReturnType<typeof numbered>>();
  const notes: OcrCellNote[] = [];
  let next = SCANNED_TABLES;
  let dpi = OCR_DPI;
  const read: PageReading[] = [];
  for await (const p of pdfRasters(pdfjs, bytes, pdf.textless, ocr.canvas, { assets: env.pdfAssets?.() })) {
    dpi = Math.min(dpi, p.dpi);
    const page = await readPage(engine, p.raster, p.page, 1, ocr.options);
    read.push(page);
    const got = numbered(page, next, `PDF“${fileName(source)}”第 ${p.page} 页识别后`);
    notes.push(...got.notes);
    scanned.set(p.page, got);
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
    { pages: pdf.textless.length, ms: Date.now() - started, engine: OCR_ENGINE, dpi, ...turnedPages(read) },
    text,
    (span) => span.page !== undefined && ocrPages.has(span.page),
  );
  if (!cells) delete record.cells;
  return record;
}

/** Where a line of the text came from: a table's row, and the page (of a web page: the picture) it is on. */
type HtmlOriginAt = { table?: number; row?: number; page?: number };

/** The tables of a report with no value read (a record's top-level fields), all of them for a non-report. */
function missingTables(r: ReportRecord): string[] {
  const blank = (cells: readonly unknown[]) => cells.every((c) => c === null);
  const review = ['review', 'litigation_direct', 'litigation_after_review'];
  if (r.kind !== 'annual_report') return ['active', 'requests', ...review];
  return [
    ...(blank(Object.values(r.active)) ? ['active'] : []),
    ...(blank(Object.values(r.requests).flatMap((c) => c ?? [])) ? ['requests'] : []),
    ...(r.review === null ? review : []),
  ];
}

/** A record missing one of the three tables (or not a report at all): its page's pictures may hold them. */
const lacksTables = (r: ReportRecord) => missingTables(r).length > 0;

/** The pictures of a page to read by OCR, in document order, and why the others were not. */
export async function pagePictures(
  pictures: HtmlText['pictures'],
  resources?: PageResources,
): Promise<{ read: { bytes: Uint8Array; at: number }[]; skipped: string[] }> {
  const read: { bytes: Uint8Array; at: number }[] = [];
  const skipped: string[] = [];
  for (const p of pictures) {
    const got = await resolvePicture(p.src, resources);
    if ('reason' in got) {
      skipped.push(got.reason);
      continue;
    }
    const size = pictureSize(got.bytes);
    if (size && (size.width < PICTURE_MIN_SIDE || size.height < PICTURE_MIN_SIDE)) continue; // an icon
    const refused = pictureRefusal(got.bytes);
    if (refused) skipped.push(`图片“${got.src.slice(0, 60)}”：${refused}`);
    else if (read.length >= PAGE_MAX_PICTURES)
      skipped.push(`网页中的图片超过 ${PAGE_MAX_PICTURES} 张（每个网页识别的上限），其后的图片未识别`);
    else read.push({ bytes: got.bytes, at: p.at });
  }
  return { read, skipped: [...new Set(skipped)] };
}

/**
 * The `n`th picture (1-based) a web page's tables were read from — the "page" of its OCR boxes — found again in
 * the stored page (its pictures are inside it as data: URIs), for the crops (workspace/crops.ts). Null: none.
 */
export async function pictureOfPage(bytes: Uint8Array, n: number): Promise<Uint8Array | null> {
  const got = pageOf(bytes, '');
  if ('reason' in got) return null;
  const { read } = await pagePictures(got.html.pictures, got.resources);
  return read[n - 1]?.bytes ?? null;
}

/** A web page's text and where its pictures are: an .mht's from its own parts, else from `resources`. */
function pageOf(
  bytes: Uint8Array,
  source: string,
  resources?: PageResources,
): { html: HtmlText; resources?: PageResources } | { reason: string } {
  if (!isMhtml(bytes)) return { html: htmlOf(decodeHtml(bytes), `网页“${fileName(source)}”的`), resources };
  const mht = readMhtml(bytes);
  if (!mht) return { reason: '单文件网页（.mht）已损坏或不完整：找不到其中的网页部分，无法读取' };
  return { html: htmlOf(mht.html, `单文件网页“${fileName(source)}”的`), resources: mhtmlResources(mht, resources) };
}

/**
 * A web page whose tables are pictures: each picture read by OCR (numbered as the "pages" of the page, in
 * document order) and its tables put in the text where its <img> stands; only those values are proven or
 * shown as OCR'd. A page none of whose pictures holds a table keeps its text-only record, with the reason.
 */
async function fromPage(
  html: HtmlText,
  textRecord: ReportRecord,
  env: ReaderEnv,
  source: string,
  parseText: (text: string, scan: boolean) => ReportRecord,
  cells: boolean,
  resources?: PageResources,
): Promise<ReportRecord> {
  const { read, skipped } = await pagePictures(html.pictures, resources);
  const say = (record: ReportRecord, why: string[]) => {
    if (why.length === 0) return record;
    if (record.kind !== 'annual_report') {
      record.reason = `${record.reason ?? ''}（网页中的表格图片未能读取：${why.join('；')}）`;
      return record;
    }
    // Said on the tables still missing (a site logo that was not in the file matters to no one when all are read).
    const cells = missingTables(record);
    if (cells.length)
      for (const message of why)
        record.findings.push({ rule: 'ocr.picture_missing', severity: 'warning', origin: 'reading', message, cells });
    return record;
  };
  if (read.length === 0) return say(textRecord, skipped);
  if (!env.ocr) return say(textRecord, ['表格图片需要文字识别（OCR），此处未启用']);
  const ocr = env.ocr;
  const engine = await ocr.engine();
  const started = Date.now();
  const notes: OcrCellNote[] = [];
  const inserts: ({ at: number; picture: number } & ReturnType<typeof numbered>)[] = [];
  let next = SCANNED_TABLES;
  const pages: PageReading[] = [];
  for (const [i, p] of read.entries()) {
    const picture = i + 1;
    const page = await readPage(engine, await ocr.picture(p.bytes), picture, 1, ocr.options);
    pages.push(page);
    ocr.options?.onPage?.(picture, read.length);
    if (page.tables === 0) continue; // a photo or a banner: its words are not put in the report's text
    const got = numbered(page, next, `网页“${fileName(source)}”第 ${picture} 张图片识别后`);
    notes.push(...got.notes);
    inserts.push({ at: p.at, picture, ...got });
    next += page.tables;
  }
  if (inserts.length === 0) return say(textRecord, [...skipped, '网页中的图片里没有识别出表格']);
  // The page's own lines, and each picture's where its <img> stands.
  const lines: string[] = [];
  const origins = new Map<number, HtmlOriginAt>();
  const own = html.text.split('\n');
  const put = (k: number) => {
    for (const ins of inserts.filter((x) => x.at === k))
      ins.lines.forEach((l, j) => {
        lines.push(l);
        origins.set(lines.length, { ...ins.origins.get(j + 1), page: ins.picture });
      });
  };
  own.forEach((l, i) => {
    put(i);
    lines.push(l);
    const o = html.origins.get(i + 1);
    if (o) origins.set(lines.length, o);
  });
  for (let k = own.length; k <= Math.max(own.length, ...inserts.map((x) => x.at)); k++) put(k);
  const text = lines.join('\n');
  const pics = new Set(inserts.map((x) => x.picture));
  const record = say(withOrigins(parseText(text, true), text, origins), skipped);
  applyOcr(
    record,
    notes,
    {
      pages: read.length,
      ms: Date.now() - started,
      engine: OCR_ENGINE,
      ...turnedPages(pages.filter((p) => p.tables > 0)),
    },
    text,
    (span) => span.page !== undefined && pics.has(span.page),
    (n) => `网页第 ${n} 张图片`,
  );
  if (!cells) delete record.cells;
  return record;
}
