/**
 * The browser side of the file reader (the counterpart of ./node.ts), meant
 * to run inside a module Web Worker (src/lib/workers/parse.worker.ts).
 *
 * - pdfjs: the standard build, bundled by Vite. Its own worker script is
 *   emitted as a static asset of our build (`?url`) and started as a nested
 *   worker from our origin, never from a CDN. Its CMaps and standard fonts
 *   are copied into the site at /pdfjs/ (scripts/copy-pdfjs-assets.mjs), as
 *   the Node side reads them from node_modules, so both read PDFs alike.
 * - mammoth: its prebuilt browser bundle. The package's `lib/` needs Node
 *   built-ins (fs, path, os, url); the browser bundle carries its own shims.
 *
 * Both are loaded on first use, so reading a .txt never downloads them.
 */
import type { ReaderEnv, MammothLike } from './read';
import type { PdfjsLike } from './pdf';
import type { OcrEnv } from '../ocr/env';
import type { MakeCanvas } from '../ocr/rasterize';
import type { OcrEngine } from '../ocr/recognize';
// Emitted as-is into the build (already minified); the URL is on our own origin.
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let pdfjsModule: Promise<PdfjsLike> | undefined;

async function loadPdfjs(): Promise<PdfjsLike> {
  const pdfjs = await import('pdfjs-dist/build/pdf.mjs');
  const workerUrl = new URL(pdfWorkerUrl, self.location.href).href;
  // Used only by pdfjs's fallback, which imports the worker script into this thread.
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  // Start pdfjs's worker ourselves and hand over the port: when pdfjs does it
  // from workerSrc it reads `window.location`, which does not exist inside a
  // Web Worker, and silently falls back to running on this thread. Chromium
  // (and current Firefox/Safari) allow a worker to start a nested worker.
  if (typeof Worker !== 'undefined' && !pdfjs.GlobalWorkerOptions.workerPort) {
    pdfjs.GlobalWorkerOptions.workerPort = new Worker(workerUrl, { type: 'module' });
  }
  return pdfjs as unknown as PdfjsLike;
}

let engine: Promise<OcrEngine> | undefined;

/**
 * OCR in the worker (issue 18): one engine per worker, its files all from our origin (../ocr/browser.ts), loaded
 * on the first scan only. pdf.js draws a scan's pages into an OffscreenCanvas: in a worker it has no `document`
 * to make one itself, and it needs none when the canvas is handed in with `render({ canvasContext, canvas })`.
 */
export function browserOcr(options?: OcrEnv['options']): OcrEnv {
  return {
    engine: () =>
      (engine ??= (async () => {
        const [{ createOcrEngine }, { browserOcrAssets }] = await Promise.all([
          import('../ocr/recognize'),
          import('../ocr/browser'),
        ]);
        return createOcrEngine(await browserOcrAssets());
      })().catch((e: unknown) => {
        engine = undefined; // a failed start (data not loaded) is tried again with the next file
        throw e;
      })),
    canvas: ((w: number, h: number) => new OffscreenCanvas(w, h)) as unknown as MakeCanvas,
    async picture(bytes) {
      const { grey } = await import('../ocr/rasterize');
      const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
      try {
        const { width, height } = bitmap;
        const ctx = new OffscreenCanvas(width, height).getContext('2d')!;
        // A transparent PNG is read as on white paper.
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, width, height);
        ctx.drawImage(bitmap, 0, 0);
        return grey(ctx.getImageData(0, 0, width, height).data, width, height);
      } finally {
        bitmap.close();
      }
    },
    ...(options ? { options } : {}),
  };
}

export const browserEnv: ReaderEnv = {
  // Load once (one pdfjs worker for all files); a failed load is retried next time.
  pdfjs: () =>
    (pdfjsModule ??= loadPdfjs().catch((e: unknown) => {
      pdfjsModule = undefined;
      throw e;
    })),
  pdfAssets: () => ({
    cMapUrl: new URL('/pdfjs/cmaps/', self.location.origin).href,
    standardFontDataUrl: new URL('/pdfjs/standard_fonts/', self.location.origin).href,
    fetchInWorker: true,
  }),
  mammoth: async () => {
    const mod = await import('mammoth/mammoth.browser.js');
    return (mod.default ?? mod) as unknown as MammothLike;
  },
};
