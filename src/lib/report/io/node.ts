/** The Node side of the file reader: pdfjs's legacy build and mammoth, loaded on first use. */
import type { ReaderEnv, MammothLike } from './read';
import type { PdfjsLike } from './pdf';

export const nodeEnv: ReaderEnv = {
  pdfjs: async () => (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfjsLike,
  mammoth: async () => ((await import('mammoth')).default ?? (await import('mammoth'))) as unknown as MammothLike,
};
