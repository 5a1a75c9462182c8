/**
 * Test support: a PDF page rasterized in Node with pdf.js and @napi-rs/canvas
 * (no poppler), as the grayscale the OCR module reads — a scan made from a
 * fixture whose right answers are known.
 */
import { createCanvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { nodeEnv } from '../../src/lib/report/io/node';
import type { Raster } from '../../src/lib/report/ocr/grid';

/** Every page of the PDF at `dpi`, as luminance rasters. */
export async function rasterizePdf(file: string, dpi = 200): Promise<Raster[]> {
  const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as typeof import('pdfjs-dist');
  const assets = nodeEnv.pdfAssets!();
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDataUrl,
    isEvalSupported: false,
  }).promise;
  const out: Raster[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const w = Math.round(viewport.width);
    const h = Math.round(viewport.height);
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await page.render({ canvasContext: ctx as any, canvas: canvas as any, viewport }).promise;
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const data = new Uint8Array(w * h);
    for (let i = 0; i < data.length; i++)
      data[i] = (rgba[4 * i] * 299 + rgba[4 * i + 1] * 587 + rgba[4 * i + 2] * 114) / 1000;
    out.push({ data, width: w, height: h });
    page.cleanup();
  }
  await doc.destroy();
  return out;
}
