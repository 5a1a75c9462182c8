/** The crop beside an OCR'd number: the box and its margin cut from the page, outlined, kept inside the page. */
import { describe, expect, it } from 'vitest';
import { cropPixels, cropWindow } from '../../src/lib/report/ocr/crop';

/** A page with a grey level that says where each pixel came from: 10·(x mod 10) + (y mod 10). */
function page(width: number, height: number) {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = 10 * (x % 10) + (y % 10);
  return { data, width, height };
}

describe('the crop of an OCR box', () => {
  it('takes the box with a margin of a quarter of its height (at least 8 px)', () => {
    expect(cropWindow({ x: 100, y: 200, w: 60, h: 40 }, 1000, 1000)).toEqual({ x: 90, y: 190, w: 80, h: 60 });
    expect(cropWindow({ x: 100, y: 200, w: 60, h: 20 }, 1000, 1000)).toEqual({ x: 92, y: 192, w: 76, h: 36 });
  });

  it('stays inside the page, and is empty for a box outside it', () => {
    expect(cropWindow({ x: 2, y: 3, w: 20, h: 20 }, 25, 24)).toEqual({ x: 0, y: 0, w: 25, h: 24 });
    expect(cropPixels(page(50, 50), { x: 80, y: 80, w: 10, h: 10 })).toBeNull();
  });

  it('copies the page pixels of the window and outlines the box in red', () => {
    const p = page(200, 200);
    const box = { x: 50, y: 60, w: 40, h: 40 };
    const c = cropPixels(p, box)!;
    const win = cropWindow(box, 200, 200);
    expect([c.width, c.height]).toEqual([win.w, win.h]);
    const at = (x: number, y: number) => Array.from(c.data.slice(4 * (y * c.width + x), 4 * (y * c.width + x) + 4));
    // A pixel of the margin and one inside the box: the page's own grey.
    const grey = (x: number, y: number) => p.data[(win.y + y) * 200 + win.x + x];
    expect(at(1, 1)).toEqual([grey(1, 1), grey(1, 1), grey(1, 1), 255]);
    expect(at(20, 20)).toEqual([grey(20, 20), grey(20, 20), grey(20, 20), 255]);
    // The box's edge (its top-left corner in the window): red.
    expect(at(box.x - win.x, box.y - win.y)).toEqual([220, 38, 38, 255]);
    expect(at(box.x - win.x + box.w - 1, box.y - win.y + 5)).toEqual([220, 38, 38, 255]);
  });
});
