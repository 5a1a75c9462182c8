/**
 * The browser side of OCR (the counterpart of ./node.ts), for the parse
 * worker. Every file is a static asset of our own build (`?url`), never a CDN:
 * tesseract.js's worker script, one wasm core (the SIMD LSTM build: every
 * browser we support has wasm SIMD), and the two languages' data, fetched
 * here from our origin and handed to tesseract.js as bytes (Vite renames
 * assets, so a `langPath` folder would not find them by their names).
 *
 * Not wired yet: the importer decides when a file needs OCR and calls
 * createOcrEngine(await browserOcrAssets()).
 */
import type { OcrAssets } from './recognize';
import workerUrl from 'tesseract.js/dist/worker.min.js?url';
import coreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import chiUrl from '@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz?url';
import engUrl from '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz?url';

const here = (u: string) => new URL(u, self.location.href).href;

async function bytes(url: string): Promise<Uint8Array> {
  const res = await fetch(here(url));
  if (!res.ok) throw new Error(`OCR data ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function browserOcrAssets(): Promise<OcrAssets> {
  const [chi, eng] = await Promise.all([bytes(chiUrl), bytes(engUrl)]);
  return { chi, eng, corePath: here(coreUrl), workerPath: here(workerUrl) };
}
