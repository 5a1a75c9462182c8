/**
 * PDF → report text with pdfjs-dist 5. The caller hands in the pdfjs module
 * (the legacy build in Node, the standard build in the browser worker), so
 * this file is the same on both sides.
 */
import { documentText, type PdfOrigin, type PdfPage } from './pdf-document';
import { rulesFromOperators, type OperatorListLike, type OpsTable } from './pdf-grid';
import type { PdfItem } from './pdf-layout';
import {
  fileName,
  LimitError,
  PDF_MAX_OPERATORS,
  PDF_MAX_PAGES,
  PDF_MAX_RULES,
  PDF_MAX_TEXT_ITEMS,
} from '../../limits/files';

/** The part of the pdfjs API we use. */
export interface PdfjsLike {
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDocLike>; destroy?: () => Promise<void> };
  OPS: OpsTable;
}

/**
 * Where pdfjs finds its character maps and standard fonts, on our own side:
 * Chinese PDFs that do not embed their fonts (STSong-Light with UniGB-UCS2-H)
 * lose all their text without the CMaps.
 */
export interface PdfAssets {
  cMapUrl: string;
  standardFontDataUrl: string;
  /** Let pdfjs's own worker fetch them (in the browser: our parse worker has no `document` to fetch with). */
  fetchInWorker?: boolean;
}
interface PdfDocLike {
  numPages: number;
  getPage(n: number): Promise<{
    getTextContent(): Promise<{ items: unknown[] }>;
    getOperatorList(): Promise<OperatorListLike>;
    cleanup?: () => void;
  }>;
  destroy(): Promise<void>;
}

export class PdfReadError extends Error {
  constructor(public readonly reason: string) {
    super(reason);
  }
}

export interface PdfText {
  text: string;
  /** Line number (1-based) of `text` → the page, and for table rows the table and row, it was read from. */
  origins: Map<number, PdfOrigin>;
  pages: number;
  /** Pages that had any text at all. */
  pagesWithText: number;
  /** The pages (1-based) with no text at all: scanned pages in a PDF that has text elsewhere, read by OCR. */
  textless: number[];
}

/**
 * The PDF's text, read page by page under the limits of limits/files.ts (pages,
 * and per page text items, drawing operators and ruling lines): past one, a
 * PdfReadError that names the file (`source`), the page and the limit.
 */
export async function pdfToText(
  pdfjs: PdfjsLike,
  bytes: Uint8Array,
  assets?: PdfAssets,
  source = '',
): Promise<PdfText> {
  const name = source ? `PDF“${fileName(source)}”` : '此PDF';
  let doc: PdfDocLike;
  try {
    // pdfjs takes ownership of the buffer it is given: hand it a copy.
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      disableFontFace: true,
      isEvalSupported: false,
      verbosity: 0,
      stopAtErrors: false,
      ...(assets ? { cMapUrl: assets.cMapUrl, cMapPacked: true, standardFontDataUrl: assets.standardFontDataUrl } : {}),
      ...(assets?.fetchInWorker ? { useWorkerFetch: true } : {}),
    }).promise;
  } catch (e) {
    const name = (e as Error)?.name ?? '';
    if (name === 'PasswordException') throw new PdfReadError('PDF文件已加密（需要密码），无法读取；请提供未加密的版本');
    if (name === 'InvalidPDFException') throw new PdfReadError('PDF文件已损坏或不是有效的PDF，无法读取');
    throw new PdfReadError(`PDF文件无法打开：${(e as Error)?.message ?? e}`);
  }
  try {
    if (doc.numPages > PDF_MAX_PAGES) {
      throw new PdfReadError(
        `${name}有 ${doc.numPages} 页，超过上限 ${PDF_MAX_PAGES} 页，未读取；年度报告通常不到 100 页（也可能是页面目录被构造成反复引用同一页）`,
      );
    }
    const pages: PdfPage[] = [];
    let withText = 0;
    const textless: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      if (content.items.length > PDF_MAX_TEXT_ITEMS) {
        throw new PdfReadError(
          `${name}第 ${n} 页有 ${content.items.length} 个文字块，超过每页上限 ${PDF_MAX_TEXT_ITEMS} 个，未读取`,
        );
      }
      const items: PdfItem[] = [];
      for (const raw of content.items as { str?: string; transform?: number[]; width?: number; height?: number }[]) {
        if (typeof raw.str !== 'string' || !raw.transform) continue;
        const [a, b, , d, x, y] = raw.transform;
        const size = Math.hypot(a, b) || Math.abs(d) || raw.height || 0;
        items.push({ str: raw.str, x, y, width: raw.width ?? 0, height: raw.height || size });
      }
      if (items.some((i) => i.str.trim() !== '')) withText++;
      else textless.push(n);
      // Tables hold numbers: a page without a digit has none worth its ruling lines.
      let rules: PdfPage['rules'] = { v: [], h: [] };
      if (items.some((i) => /\d/.test(i.str))) {
        const ops = await page.getOperatorList();
        if (ops.fnArray.length > PDF_MAX_OPERATORS) {
          throw new PdfReadError(
            `${name}第 ${n} 页有 ${ops.fnArray.length} 个绘图操作，超过每页上限 ${PDF_MAX_OPERATORS} 个，未读取`,
          );
        }
        rules = rulesFromOperators(ops, pdfjs.OPS);
        if (rules.v.length + rules.h.length > PDF_MAX_RULES) {
          throw new PdfReadError(
            `${name}第 ${n} 页有 ${rules.v.length + rules.h.length} 段表格线，超过每页上限 ${PDF_MAX_RULES} 段，未读取`,
          );
        }
      }
      pages.push({ items, rules });
      page.cleanup?.();
    }
    let read: ReturnType<typeof documentText>;
    try {
      read = documentText(pages);
    } catch (e) {
      if (e instanceof LimitError) throw new PdfReadError(`${name}${e.reason}，未读取`);
      throw e;
    }
    const { text, origins } = read;
    return { text, origins, pages: doc.numPages, pagesWithText: withText, textless };
  } finally {
    await doc.destroy();
  }
}
