/**
 * What the file reader (../io/read.ts) needs to read a scan: an OCR engine, a canvas to draw a PDF's pages on,
 * and a picture decoder — given by each side (./node.ts for the CLI and the tests, the parse worker in the
 * browser), so the reading itself is the same code everywhere.
 */
import type { Raster } from './grid';
import type { PageOptions } from './page';
import type { MakeCanvas } from './rasterize';
import type { OcrEngine } from './recognize';

export interface OcrEnv {
  /** The engine, started on first use and kept for the next file. */
  engine(): Promise<OcrEngine>;
  canvas: MakeCanvas;
  /** A JPEG's or PNG's pixels, grey (its size was checked against the limit before). */
  picture(bytes: Uint8Array): Promise<Raster>;
  /** The time budget per page, cancellation, progress (pages done of pages). */
  options?: PageOptions & { onPage?: (done: number, total: number) => void };
}
