/** The Node side of the file reader: pdfjs's legacy build and mammoth, loaded on first use. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReaderEnv, MammothLike } from './read';
import type { PdfjsLike } from './pdf';

const pdfjsDir = () => dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export const nodeEnv: ReaderEnv = {
  pdfjs: async () => (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfjsLike,
  mammoth: async () => ((await import('mammoth')).default ?? (await import('mammoth'))) as unknown as MammothLike,
  // pdfjs in Node reads these from the file system; the paths must end with a slash.
  pdfAssets: () => ({
    cMapUrl: join(pdfjsDir(), 'cmaps') + '/',
    standardFontDataUrl: join(pdfjsDir(), 'standard_fonts') + '/',
  }),
};
