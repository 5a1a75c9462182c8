/**
 * The crops of OCR'd numbers, in the page (issue 18): the stored original of a
 * workspace file drawn again as the reader drew it — a scanned PDF's page by
 * pdf.js at the record's dpi, a picture (or a web page's picture its tables
 * were read from) decoded as it is — turned back by the same skew (findGrid is
 * deterministic: the same raster, the same boxes), and the box cut with its margin (report/ocr/crop.ts). A page is drawn once and
 * kept while the report is open; nothing leaves the browser.
 */
import type { ReportRecord } from '$lib/report/types';
import type { Raster } from '$lib/report/ocr/grid';
import type { OcrBox } from '$lib/report/ocr/recognize';
import { getOriginal } from './store';

const pages = new Map<string, Promise<Raster>>();

/** A page of the stored original, as the OCR read it (deskewed). */
function scanPage(entryId: string, record: ReportRecord, page: number): Promise<Raster> {
  const key = `${entryId}#${page}`;
  let p = pages.get(key);
  if (!p) {
    p = drawPage(entryId, record, page);
    p.catch(() => pages.delete(key)); // drawn again on the next look
    // A few pages only (each is a few MB): the oldest goes first.
    if (pages.size >= 6) pages.delete(pages.keys().next().value!);
    pages.set(key, p);
  }
  return p;
}

async function drawPage(entryId: string, record: ReportRecord, page: number): Promise<Raster> {
  const blob = await getOriginal(entryId);
  if (!blob) throw new Error('原始文件不在浏览器中');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const [{ findGrid }, { grey, pdfRasters }] = await Promise.all([
    import('$lib/report/ocr/grid'),
    import('$lib/report/ocr/rasterize'),
  ]);
  let raster: Raster | null = null;
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    const { browserEnv } = await import('$lib/report/io/browser');
    const make = (w: number, h: number) => Object.assign(document.createElement('canvas'), { width: w, height: h });
    for await (const p of pdfRasters(await browserEnv.pdfjs(), bytes, [page], make, {
      ...(record.ocr?.dpi ? { dpi: record.ocr.dpi } : {}),
      ...(browserEnv.pdfAssets ? { assets: browserEnv.pdfAssets() } : {}),
    }))
      raster = p.raster;
  } else {
    // A web page: its tables' pictures are the "pages" of the boxes (report/io/read.ts fromPage).
    const { isPicture } = await import('$lib/report/io/sniff');
    let picture: Blob = blob;
    if (!isPicture(bytes)) {
      const found = await (await import('$lib/report/io/read')).pictureOfPage(bytes, page);
      if (!found) throw new Error(`网页中没有第 ${page} 张图片`);
      picture = new Blob([found as BlobPart]);
    }
    const bitmap = await createImageBitmap(picture);
    const c = Object.assign(document.createElement('canvas'), { width: bitmap.width, height: bitmap.height });
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    raster = grey(ctx.getImageData(0, 0, c.width, c.height).data, c.width, c.height);
  }
  if (!raster) throw new Error(`原始文件没有第 ${page} 页`);
  return findGrid(raster).raster;
}

/** The crop of one OCR'd box as an image URL (data:, drawn here), or null when the box is off its page. */
export async function cropUrl(entryId: string, record: ReportRecord, box: OcrBox): Promise<string | null> {
  const [raster, { cropPixels }] = await Promise.all([
    scanPage(entryId, record, box.page),
    import('$lib/report/ocr/crop'),
  ]);
  const px = cropPixels(raster, box);
  if (!px) return null;
  const c = Object.assign(document.createElement('canvas'), { width: px.width, height: px.height });
  c.getContext('2d')!.putImageData(new ImageData(px.data, px.width, px.height), 0, 0);
  return c.toDataURL('image/png');
}
