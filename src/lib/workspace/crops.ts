/**
 * The crops of OCR'd numbers, in the page (issue 18): the stored original of a
 * workspace file drawn again as the reader drew it — a scanned PDF's page by
 * pdf.js at the record's dpi, a picture (or a web page's picture its tables
 * were read from) decoded as it is — turned upright as the reader turned it
 * (record.ocr.turned), then back by the same skew (findGrid is deterministic:
 * the same raster, the same boxes), and the box cut with its margin
 * (report/ocr/crop.ts's window), outlined in red.
 *
 * A page is decoded once while the report is open and kept as a bitmap
 * (./page-cache.ts); a crop is then one drawImage of it onto the canvas shown,
 * made only when that canvas scrolls into view (whenSeen) — a table of 180
 * numbers to check draws what is on the screen, not 180 crops at once.
 * releasePages frees the bitmaps when the report is left. Nothing leaves the browser.
 */
import { cropWindow, type Box } from '$lib/report/ocr/crop';
import type { Raster } from '$lib/report/ocr/grid';
import type { OcrBox } from '$lib/report/ocr/recognize';
import type { ReportRecord } from '$lib/report/types';
import { PageCache } from './page-cache';
import { getOriginal } from './store';

/** A page as the OCR read it (deskewed), ready to be cut: a bitmap where the browser has createImageBitmap. */
interface ScanPage {
  image: ImageBitmap | HTMLCanvasElement;
  width: number;
  height: number;
}

/** The record each page key was asked for (its dpi draws a PDF page as the reader drew it). */
const records = new Map<string, ReportRecord>();
const pages = new PageCache<ScanPage>(
  (key) => {
    const [entryId, page] = key.split('#');
    return drawPage(entryId, records.get(key)!, Number(page));
  },
  (p) => {
    if ('close' in p.image) p.image.close();
    else p.image.width = p.image.height = 0;
  },
);

const scanPage = (entryId: string, record: ReportRecord, page: number): Promise<ScanPage> => {
  const key = `${entryId}#${page}`;
  records.set(key, record);
  return pages.get(key);
};

/** Free every decoded page (the report view was left). */
export function releasePages(): void {
  pages.clear();
  records.clear();
}
/** How many decoded pages are kept now. */
export const keptPages = () => pages.size;

/** A canvas of this size: offscreen where the browser has it (no element in the page). */
const canvas = (w: number, h: number): OffscreenCanvas | HTMLCanvasElement =>
  typeof OffscreenCanvas === 'function'
    ? new OffscreenCanvas(w, h)
    : Object.assign(document.createElement('canvas'), { width: w, height: h });

async function drawPage(entryId: string, record: ReportRecord, page: number): Promise<ScanPage> {
  const blob = await getOriginal(entryId);
  if (!blob) throw new Error('原始文件不在浏览器中');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const [{ findGrid }, { grey, pdfRasters }, { turnRaster }] = await Promise.all([
    import('$lib/report/ocr/grid'),
    import('$lib/report/ocr/rasterize'),
    import('$lib/report/ocr/orient'),
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
    const c = canvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    raster = grey(ctx.getImageData(0, 0, c.width, c.height).data, c.width, c.height);
  }
  if (!raster) throw new Error(`原始文件没有第 ${page} 页`);
  // A page read turned upright (it lay sideways or upside down) is turned the same way: its boxes are in it.
  const turn = record.ocr?.turned?.find((t) => t.page === page)?.turn ?? 0;
  const turned = findGrid(turnRaster(raster, turn)).raster;
  // Grey to RGBA once per page; every crop after is a drawImage of this bitmap.
  const rgba = new Uint8ClampedArray(turned.width * turned.height * 4);
  for (let i = 0, o = 0; i < turned.data.length; i++, o += 4) {
    rgba[o] = rgba[o + 1] = rgba[o + 2] = turned.data[i];
    rgba[o + 3] = 255;
  }
  const pixels = new ImageData(rgba, turned.width, turned.height);
  if (typeof createImageBitmap === 'function')
    return { image: await createImageBitmap(pixels), width: turned.width, height: turned.height };
  const c = Object.assign(document.createElement('canvas'), { width: turned.width, height: turned.height });
  c.getContext('2d')!.putImageData(pixels, 0, 0);
  return { image: c, width: turned.width, height: turned.height };
}

/**
 * Draw the crop of one OCR'd box onto a canvas of the page: the box with its margin (the window of
 * report/ocr/crop.ts), the box outlined 2 px inside its edge. False when the box lies outside its page.
 */
export async function drawCrop(
  target: HTMLCanvasElement,
  entryId: string,
  record: ReportRecord,
  box: OcrBox,
): Promise<boolean> {
  const page = await scanPage(entryId, record, box.page);
  return paint(target, page, cropWindow(box, page.width, page.height), [box]);
}

/**
 * Draw a region of a page — a whole table's picture (report/table-check.ts's window) — with these boxes
 * outlined (the numbers needing a look). False when the region lies outside its page.
 */
export async function drawRegion(
  target: HTMLCanvasElement,
  entryId: string,
  record: ReportRecord,
  page: number,
  region: Box,
  marks: readonly Box[],
): Promise<boolean> {
  const p = await scanPage(entryId, record, page);
  const x0 = Math.max(0, Math.floor(region.x));
  const y0 = Math.max(0, Math.floor(region.y));
  const win = {
    x: x0,
    y: y0,
    w: Math.max(0, Math.min(p.width, Math.ceil(region.x + region.w)) - x0),
    h: Math.max(0, Math.min(p.height, Math.ceil(region.y + region.h)) - y0),
  };
  return paint(target, p, win, marks);
}

function paint(target: HTMLCanvasElement, page: ScanPage, win: Box, marks: readonly Box[]): boolean {
  if (win.w <= 0 || win.h <= 0) return false;
  target.width = win.w;
  target.height = win.h;
  const ctx = target.getContext('2d')!;
  ctx.drawImage(page.image, win.x, win.y, win.w, win.h, 0, 0, win.w, win.h);
  ctx.strokeStyle = 'rgb(220, 38, 38)';
  ctx.lineWidth = 2;
  for (const b of marks) ctx.strokeRect(Math.round(b.x) - win.x + 1, Math.round(b.y) - win.y + 1, b.w - 2, b.h - 2);
  return true;
}

/**
 * Run `draw` once, when the element comes near the screen (within a screen's height); at once where the
 * browser has no IntersectionObserver. Returns the stop (the element left the page first).
 */
export function whenSeen(node: Element, draw: () => void): () => void {
  if (typeof IntersectionObserver !== 'function') {
    draw();
    return () => {};
  }
  const io = new IntersectionObserver(
    (seen) => {
      if (!seen.some((e) => e.isIntersecting)) return;
      io.disconnect();
      draw();
    },
    { rootMargin: '50% 0px' },
  );
  io.observe(node);
  return () => io.disconnect();
}
