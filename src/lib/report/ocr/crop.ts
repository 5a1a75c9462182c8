/**
 * The crop the report view shows beside an OCR'd number (issue 18): the box
 * the engine read, cut from the page as it was read (the same raster, turned
 * back by the same skew), with a margin of the page around it and the box
 * outlined — so the user compares the number with the ink it came from.
 * Plain functions on grey rasters; the browser draws the result.
 */
import type { Raster } from './grid';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The window cut for a box: the box and a margin (a quarter of its height, at least 8 px), kept inside the page. */
export function cropWindow(box: Box, width: number, height: number): Box {
  const m = Math.max(8, Math.round(box.h / 4));
  const x0 = Math.max(0, Math.floor(box.x - m));
  const y0 = Math.max(0, Math.floor(box.y - m));
  const x1 = Math.min(width, Math.ceil(box.x + box.w + m));
  const y1 = Math.min(height, Math.ceil(box.y + box.h + m));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/**
 * The window of the page as RGBA (what an ImageData takes), the box outlined
 * in red, 2 px inside its edge; null when the box lies outside the page.
 */
export function cropPixels(
  page: Raster,
  box: Box,
): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } | null {
  const win = cropWindow(box, page.width, page.height);
  if (win.w === 0 || win.h === 0) return null;
  const data = new Uint8ClampedArray(win.w * win.h * 4);
  const bx0 = Math.round(box.x) - win.x;
  const by0 = Math.round(box.y) - win.y;
  const bx1 = bx0 + Math.round(box.w) - 1;
  const by1 = by0 + Math.round(box.h) - 1;
  const edge = (v: number, lo: number, hi: number) => (v >= lo && v < lo + 2) || (v <= hi && v > hi - 2);
  for (let y = 0; y < win.h; y++) {
    for (let x = 0; x < win.w; x++) {
      const o = 4 * (y * win.w + x);
      const inside = x >= bx0 && x <= bx1 && y >= by0 && y <= by1;
      if (inside && (edge(x, bx0, bx1) || edge(y, by0, by1))) {
        data[o] = 220;
        data[o + 1] = 38;
        data[o + 2] = 38;
      } else {
        const g = page.data[(win.y + y) * page.width + win.x + x];
        data[o] = data[o + 1] = data[o + 2] = g;
      }
      data[o + 3] = 255;
    }
  }
  return { data, width: win.w, height: win.h };
}
