/**
 * Wrap rasters as PDF pages with pdf-lib: each page one image at the page's
 * physical size and nothing else (no text layer, no invisible OCR text), the
 * way a scanner without OCR saves them. JPEG pages go in as DCTDecode, the
 * lossless ones as 8-bit DeviceGray FlateDecode (pdf-lib's own embedPng would
 * triple a grey page into RGB). No dates and no producer, so the bytes only
 * depend on the pixels.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import type { Encoding } from './manifest';
import type { Gray } from './poppler';

/** A page to write: its size in points and either the image file bytes (JPEG) or the raw grey pixels (flate). */
export interface RasterPage {
  size: [number, number];
  encoding: Exclude<Encoding, 'png'>;
  jpeg?: Buffer;
  gray?: Gray;
}

async function addRaster(doc: PDFDocument, p: RasterPage, at?: number) {
  const page = at === undefined ? doc.addPage(p.size) : doc.insertPage(at, p.size);
  const [w, h] = p.size;
  if (p.encoding === 'jpeg') {
    const img = await doc.embedJpg(p.jpeg!);
    page.drawImage(img, { x: 0, y: 0, width: w, height: h });
    return;
  }
  const g = p.gray!;
  // Compressed here at level 9 (pdf-lib's own flateStream uses a lower level).
  const stream = doc.context.stream(deflateSync(g.data, { level: 9 }), {
    Filter: 'FlateDecode',
    Type: 'XObject',
    Subtype: 'Image',
    Width: g.width,
    Height: g.height,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 8,
  });
  const name = page.node.newXObject('Scan', doc.context.register(stream));
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(w, 0, 0, h, 0, 0),
    drawObject(name),
    popGraphicsState(),
  );
}

const save = (doc: PDFDocument) => doc.save({ useObjectStreams: false });

/** An image-only PDF. */
export async function imagePdf(pages: RasterPage[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const p of pages) await addRaster(doc, p);
  return save(doc);
}

/** The source PDF with the pages in `rasters` (1-based page → raster) replaced; every other page keeps its text. */
export async function mixedPdf(source: Uint8Array, rasters: Map<number, RasterPage>): Promise<Uint8Array> {
  const src = await PDFDocument.load(source, { updateMetadata: false });
  const doc = await PDFDocument.create({ updateMetadata: false });
  const n = src.getPageCount();
  const keep = [...Array(n).keys()].filter((i) => !rasters.has(i + 1));
  const copied = await doc.copyPages(src, keep);
  for (let i = 0, k = 0; i < n; i++) {
    const r = rasters.get(i + 1);
    if (r) await addRaster(doc, r);
    else doc.addPage(copied[k++]);
  }
  return save(doc);
}
