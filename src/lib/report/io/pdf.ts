/**
 * PDF → report text with pdfjs-dist 5. The caller hands in the pdfjs module
 * (the legacy build in Node, the standard build in the browser worker), so
 * this file is the same on both sides.
 */
import { documentText, type PdfOrigin, type PdfPage } from './pdf-document';
import { rulesFromOperators, type OperatorListLike, type OpsTable } from './pdf-grid';
import type { PdfItem } from './pdf-layout';

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
}

export async function pdfToText(pdfjs: PdfjsLike, bytes: Uint8Array, assets?: PdfAssets): Promise<PdfText> {
  let doc: PdfDocLike;
  try {
    // pdfjs takes ownership of the buffer it is given: hand it a copy.
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes), disableFontFace: true, isEvalSupported: false, verbosity: 0, stopAtErrors: false,
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
    const pages: PdfPage[] = [];
    let withText = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const raw of content.items as { str?: string; transform?: number[]; width?: number; height?: number }[]) {
        if (typeof raw.str !== 'string' || !raw.transform) continue;
        const [a, b, , d, x, y] = raw.transform;
        const size = Math.hypot(a, b) || Math.abs(d) || raw.height || 0;
        items.push({ str: raw.str, x, y, width: raw.width ?? 0, height: raw.height || size });
      }
      if (items.some((i) => i.str.trim() !== '')) withText++;
      // Tables hold numbers: a page without a digit has none worth its ruling lines.
      const rules = items.some((i) => /\d/.test(i.str)) ? rulesFromOperators(await page.getOperatorList(), pdfjs.OPS) : { v: [], h: [] };
      pages.push({ items, rules });
      page.cleanup?.();
    }
    const { text, origins } = documentText(pages);
    return { text, origins, pages: doc.numPages, pagesWithText: withText };
  } finally {
    await doc.destroy();
  }
}
