/**
 * Pixels for OCR, the same in Node and in the browser's worker: a PDF's pages
 * drawn by pdf.js onto a canvas the side provides (@napi-rs/canvas in Node, an
 * OffscreenCanvas in the worker), and a picture's size read from its header
 * before anything is decoded. Grey, one byte a pixel, as ./grid.ts reads.
 */
import { OCR_MAX_PIXELS } from '../../limits/files';
import type { PdfAssets } from '../io/pdf';
import type { Raster } from './grid';

/** The resolution scans are read at: the measured sweet spot (issue 18: ≤ 3 s per page at 200 dpi). */
export const OCR_DPI = 200;

/** A 2D canvas of the side (only what pdf.js and we use). */
export interface CanvasLike {
  getContext(kind: '2d'): {
    fillStyle: unknown;
    fillRect(x: number, y: number, w: number, h: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray | Uint8Array };
  } | null;
}
export type MakeCanvas = (w: number, h: number) => CanvasLike;

interface PdfjsRender {
  getDocument(src: Record<string, unknown>): { promise: Promise<RenderDoc> };
}
interface RenderDoc {
  numPages: number;
  getPage(n: number): Promise<{
    getViewport(o: { scale: number }): { width: number; height: number };
    render(o: Record<string, unknown>): { promise: Promise<void> };
    cleanup?: () => void;
  }>;
  destroy(): Promise<void>;
}

/** RGBA → grey (ITU-R 601 luma). */
export function grey(rgba: ArrayLike<number>, width: number, height: number): Raster {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++)
    data[i] = (rgba[4 * i] * 299 + rgba[4 * i + 1] * 587 + rgba[4 * i + 2] * 114) / 1000;
  return { data, width, height };
}

/**
 * The pages `pages` (1-based) of a PDF as grey rasters at `dpi` — lower for a page so large that it would pass
 * OCR_MAX_PIXELS — one at a time (a 300-page scan is never all in memory).
 */
export async function* pdfRasters(
  pdfjs: unknown,
  bytes: Uint8Array,
  pages: readonly number[],
  make: MakeCanvas,
  opts: { dpi?: number; assets?: PdfAssets } = {},
): AsyncGenerator<{ page: number; raster: Raster; dpi: number }> {
  const dpi = opts.dpi ?? OCR_DPI;
  const doc = await (pdfjs as PdfjsRender).getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    verbosity: 0,
    ...(opts.assets
      ? { cMapUrl: opts.assets.cMapUrl, cMapPacked: true, standardFontDataUrl: opts.assets.standardFontDataUrl }
      : {}),
    ...(opts.assets?.fetchInWorker ? { useWorkerFetch: true } : {}),
  }).promise;
  try {
    for (const n of pages) {
      const page = await doc.getPage(n);
      const unit = page.getViewport({ scale: 1 });
      const fit = Math.sqrt(OCR_MAX_PIXELS / Math.max(1, unit.width * unit.height)) * 72;
      const at = Math.min(dpi, fit);
      const viewport = page.getViewport({ scale: at / 72 });
      const w = Math.max(1, Math.round(viewport.width));
      const h = Math.max(1, Math.round(viewport.height));
      const canvas = make(w, h);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      await page.render({ canvasContext: ctx, canvas, viewport }).promise;
      const raster = grey(ctx.getImageData(0, 0, w, h).data, w, h);
      page.cleanup?.();
      yield { page: n, raster, dpi: Math.round(at) };
    }
  } finally {
    await doc.destroy();
  }
}

/** A JPEG's or PNG's pixel size from its header (null when the header cannot be read). */
export function pictureSize(b: Uint8Array): { width: number; height: number } | null {
  const be16 = (i: number) => (b[i] << 8) | b[i + 1];
  if (b[0] === 0x89 && b[1] === 0x50) {
    if (b.length < 24) return null;
    const be32 = (i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
    return { width: be32(16), height: be32(20) };
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    // Walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const m = b[i + 1];
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
        return { height: be16(i + 5), width: be16(i + 7) };
      i += 2 + be16(i + 2);
    }
  }
  return null;
}

/** Why a picture is not decoded (its header says no size, or one past OCR_MAX_PIXELS), or null. */
export function pictureRefusal(b: Uint8Array): string | null {
  const size = pictureSize(b);
  if (!size || size.width === 0 || size.height === 0) return '图片文件已损坏或不完整（读不出尺寸），无法识别';
  if (size.width * size.height > OCR_MAX_PIXELS)
    return `图片有 ${size.width} × ${size.height} 像素，超过识别上限 ${Math.round(OCR_MAX_PIXELS / 1e6)} 百万像素，未读取`;
  return null;
}
