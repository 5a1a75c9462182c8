/** The Node side of OCR: tesseract's language data from the installed @tesseract.js-data packages (nothing fetched). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcrAssets } from './recognize';

const dataDir = (lang: 'chi_sim' | 'eng') =>
  // The LSTM-only ("best_int") models: what the LSTM-only core reads, a tenth of the size of the legacy ones.
  join(dirname(createRequire(import.meta.url).resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');

/** In Node, tesseract.js finds its worker script and wasm core in node_modules by itself; only the data is named. */
export const nodeOcrAssets = (): OcrAssets & { chi: string; eng: string } => ({
  chi: dataDir('chi_sim'),
  eng: dataDir('eng'),
});
