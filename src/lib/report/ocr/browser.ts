/**
 * The browser side of OCR (the counterpart of ./node.ts), for the parse
 * worker. Every file is of our own origin, never a CDN: tesseract.js's worker
 * script and one wasm core (the SIMD LSTM build: every browser we support has
 * wasm SIMD) as static assets of our build (`?url`), and the two languages'
 * data at /ocr/lang/ under their own names (scripts/copy-ocr-assets.mjs):
 * tesseract.js fetches `<langPath>/chi_sim.traineddata.gz` itself. (Handed
 * the bytes instead, tesseract.js 7 loads them but names the language by its
 * data when it starts the engine, and the start fails.)
 */
import type { OcrAssets } from './recognize';
import workerUrl from 'tesseract.js/dist/worker.min.js?url';
import coreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';

const here = (u: string) => new URL(u, self.location.href).href;

export async function browserOcrAssets(): Promise<OcrAssets> {
  const lang = new URL('/ocr/lang', self.location.origin).href;
  return { chi: lang, eng: lang, corePath: here(coreUrl), workerPath: here(workerUrl) };
}
