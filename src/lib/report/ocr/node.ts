/** The Node side of OCR: tesseract's language data from the installed @tesseract.js-data packages (nothing fetched). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcrEnv } from './env';
import { grey } from './rasterize';
import { createOcrEngine, type OcrAssets, type OcrEngine } from './recognize';

const dataDir = (lang: 'chi_sim' | 'eng') =>
  // The LSTM-only ("best_int") models: what the LSTM-only core reads, a tenth of the size of the legacy ones.
  join(dirname(createRequire(import.meta.url).resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');

/** In Node, tesseract.js finds its worker script and wasm core in node_modules by itself; only the data is named. */
export const nodeOcrAssets = (): OcrAssets & { chi: string; eng: string } => ({
  chi: dataDir('chi_sim'),
  eng: dataDir('eng'),
});

let started: Promise<OcrEngine> | null = null;

/** OCR in Node (the CLI, the tests): one engine per process, drawn with @napi-rs/canvas. Call `stopNodeOcr` at the end. */
export const nodeOcr = (options?: OcrEnv['options']): OcrEnv => ({
  engine: () => (started ??= createOcrEngine(nodeOcrAssets())),
  canvas: (w, h) => napi().createCanvas(w, h) as unknown as ReturnType<OcrEnv['canvas']>,
  async picture(bytes) {
    const { createCanvas, loadImage } = napi();
    const img = await loadImage(Buffer.from(bytes));
    const c = createCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, img.width, img.height);
    ctx.drawImage(img, 0, 0);
    return grey(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
  },
  ...(options ? { options } : {}),
});

/** Ends the OCR engine if one was started (its workers would keep the process alive). */
export async function stopNodeOcr(): Promise<void> {
  const e = started;
  started = null;
  if (e) await (await e).terminate();
}

const napi = () => createRequire(import.meta.url)('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
