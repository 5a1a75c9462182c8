/**
 * Test support: a PDF page rasterized in Node with pdf.js and @napi-rs/canvas
 * (no poppler), as the grayscale the OCR module reads — a scan made from a
 * fixture whose right answers are known — with the page's tables as the PDF
 * reader finds them from the drawn rules: the grid the pixels must give.
 */
import { createCanvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { nodeEnv } from '../../src/lib/report/io/node';
import { rulesFromOperators, type OpsTable } from '../../src/lib/report/io/pdf-grid';
import type { PdfItem } from '../../src/lib/report/io/pdf-layout';
import { latticeTables, type LatticeTable } from '../../src/lib/report/io/pdf-table';
import type { Raster } from '../../src/lib/report/ocr/grid';

export interface RenderedPage {
  raster: Raster;
  /** The page's ruled tables read from the PDF's vector rules (PDF units, y up). */
  vectorTables: LatticeTable[];
  /** Pixels per PDF unit. */
  scale: number;
}

/** Every page of the PDF at `dpi`. */
export async function renderPdf(file: string, dpi = 200): Promise<RenderedPage[]> {
  const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as typeof import('pdfjs-dist');
  const assets = nodeEnv.pdfAssets!();
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDataUrl,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const out: RenderedPage[] = [];
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
    const items: PdfItem[] = (await page.getTextContent()).items.flatMap((raw) =>
      'str' in raw
        ? [{ str: raw.str, x: raw.transform[4], y: raw.transform[5], width: raw.width, height: raw.height }]
        : [],
    );
    const rules = rulesFromOperators(await page.getOperatorList(), pdfjs.OPS as unknown as OpsTable);
    out.push({
      raster: { data, width: w, height: h },
      vectorTables: latticeTables(items, rules).tables,
      scale: dpi / 72,
    });
    page.cleanup();
  }
  await doc.destroy();
  return out;
}

/** Just the rasters. */
export const rasterizePdf = async (file: string, dpi = 200): Promise<Raster[]> =>
  (await renderPdf(file, dpi)).map((p) => p.raster);
