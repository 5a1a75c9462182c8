// Copy tesseract's language data (chi_sim, eng: the LSTM-only "best_int" models) into static/ocr/lang/ so the
// site serves them from its own origin under their own names: tesseract.js's browser worker takes a language
// folder (`langPath`), and given the bytes instead it fails to start (tesseract.js 7 then names the language by
// its data). Run by `npm ci`/`npm install` (prepare), as copy-pdfjs-assets.mjs; static/ocr/ is not committed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const out = join(import.meta.dirname, '..', 'static', 'ocr', 'lang');
mkdirSync(out, { recursive: true });
for (const lang of ['chi_sim', 'eng']) {
  const dir = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');
  copyFileSync(join(dir, `${lang}.traineddata.gz`), join(out, `${lang}.traineddata.gz`));
}
