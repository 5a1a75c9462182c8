/**
 * Which way up a scanned page is (a landscape table scanned sideways, a phone
 * photo taken sideways, a page fed upside down), found from the page itself,
 * offline: the installed tesseract data has no OSD model, so
 *
 * 1. the direction of the text lines (across or down the page) comes from the
 *    ink with the rules taken off (./grid.ts erases them): characters closed
 *    into words by bridging small gaps make long runs along their line and
 *    short ones across it — tells 0/180 from 90/270, at no reading cost;
 * 2. which end is up comes from reading a line of Chinese of the page (a label
 *    cell, or a line of text) both ways round and keeping the way tesseract is
 *    sure of, or far surer of. An upright page is taken at the first reading
 *    when tesseract is sure of it and it reads as Chinese; only a doubtful one
 *    is read turned too. A page nothing decides is read as it came.
 *
 * Turns are clockwise, in degrees: the turn that makes the page upright.
 */
import { findGrid, type GridOptions, type PageGrid, type Raster } from './grid';
import { pgm, textLines, type Box, type OcrEngine } from './recognize';

export type Turn = 0 | 90 | 180 | 270;

/** The raster turned clockwise by `turn` (exact: pixels moved, none resampled). */
export function turnRaster(r: Raster, turn: Turn): Raster {
  if (turn === 0) return r;
  const { width: w, height: h, data } = r;
  if (turn === 180) {
    const out = new Uint8Array(data.length);
    for (let i = 0, n = data.length; i < n; i++) out[i] = data[n - 1 - i];
    return { data: out, width: w, height: h };
  }
  // 90: the new pixel (x, y) is the old (y, h − 1 − x); 270: the old (w − 1 − y, x).
  const out = new Uint8Array(data.length);
  for (let y = 0; y < w; y++) {
    const row = y * h;
    if (turn === 90) for (let x = 0; x < h; x++) out[row + x] = data[(h - 1 - x) * w + y];
    else for (let x = 0; x < h; x++) out[row + x] = data[x * w + (w - 1 - y)];
  }
  return { data: out, width: h, height: w };
}

/** A box of a raster of size (w, h) where it lies once the raster is turned clockwise by `turn`. */
export function turnBox(b: Box, w: number, h: number, turn: Turn): Box {
  if (turn === 90) return { x: h - (b.y + b.h), y: b.x, w: b.h, h: b.w };
  if (turn === 180) return { x: w - (b.x + b.w), y: h - (b.y + b.h), w: b.w, h: b.h };
  if (turn === 270) return { x: b.y, y: w - (b.x + b.w), w: b.h, h: b.w };
  return { ...b };
}

/**
 * Which way the text lines run: log of (Σ L² of the runs of ink along rows) ÷ (Σ L² along columns), gaps of up
 * to `gap` pixels bridged — characters become solid words, so along a line the runs are as long as its words,
 * across it as short as a character. Positive: lines run across the page (upright or upside down); negative:
 * down it (turned by a quarter). Its size says how sure.
 */
export function lineDirection(r: Raster, threshold: number, gap = bridgeOf(r)): number {
  const { width: w, height: h, data } = r;
  let across = 0;
  let down = 0;
  // Per column: the run open (its length, gaps bridged in it) and the paper since its last ink.
  const colRun = new Int32Array(w);
  const colGap = new Int32Array(w);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    let run = 0;
    let g = 0;
    for (let x = 0; x < w; x++) {
      if (data[base + x] <= threshold) {
        if (run > 0 && g <= gap) run += g + 1;
        else {
          across += run * run;
          run = 1;
        }
        g = 0;
        const cr = colRun[x];
        if (cr > 0 && colGap[x] <= gap) colRun[x] = cr + colGap[x] + 1;
        else {
          down += cr * cr;
          colRun[x] = 1;
        }
        colGap[x] = 0;
      } else {
        if (run > 0 && ++g > gap) {
          across += run * run;
          run = 0;
          g = 0;
        }
        if (colRun[x] > 0 && ++colGap[x] > gap) {
          down += colRun[x] * colRun[x];
          colRun[x] = 0;
          colGap[x] = 0;
        }
      }
    }
    across += run * run;
  }
  for (let x = 0; x < w; x++) down += colRun[x] * colRun[x];
  return Math.log((across + 1) / (down + 1));
}

/** The gap bridged between characters: a third of a body character at the page's scale (≈ 14 px at 200 dpi). */
const bridgeOf = (r: Raster) => Math.max(4, Math.min(20, Math.round(Math.max(r.width, r.height) / 170)));

/**
 * Confidence at which a reading of Chinese says the page is this way up: read right, tesseract gives 75–95 on
 * the fixtures; upside down or sideways, mostly below 25 but up to 56 on a line of body text.
 */
const SURE = 70;

/**
 * A line read both ways round (upright and upside down, or the two sideways turns) decides when one reading is
 * Chinese of at least this confidence and beats the other by DECISIVE: a doubtful scan's line read right may
 * stay under SURE, but read wrong it is garbage.
 */
const LIKELY = 50;
const DECISIVE = 25;

/** Lines of Chinese read per way up, at most, until one decides. */
const PROBES = 3;

export interface Orientation {
  turn: Turn;
  /** The grid of the page turned upright (the input's own when it was upright). */
  grid: PageGrid;
  /** lineDirection of the page as it came (NaN: not needed, the page read upright at once). */
  direction: number;
  /** The readings it was decided on: the turn tried, tesseract's confidence, and the image read (a PGM). */
  tried: { turn: Turn; confidence: number; text: string; image: Uint8Array }[];
}

const CJK = /[\u4e00-\u9fff]/g;
const chinese = (s: string) => (s.match(CJK) ?? []).length;

/** A crop of a raster as its own raster. */
function cut(r: Raster, b: Box): Raster {
  const x0 = Math.max(0, Math.round(b.x));
  const y0 = Math.max(0, Math.round(b.y));
  const w = Math.max(1, Math.min(r.width, Math.round(b.x + b.w)) - x0);
  const h = Math.max(1, Math.min(r.height, Math.round(b.y + b.h)) - y0);
  const data = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) data.set(r.data.subarray((y0 + j) * r.width + x0, (y0 + j) * r.width + x0 + w), j * w);
  return { data, width: w, height: h };
}

/**
 * How many glyphs of a line are as wide as 0.7 of its height — Chinese characters; digits and Latin letters are
 * narrower — counted as runs of columns holding ink. Upside down a character is as wide; sideways it is part of
 * a column of them, not a line.
 */
function wideGlyphs(r: Raster, threshold: number, b: Box): number {
  let run = 0;
  let n = 0;
  const x1 = Math.min(r.width, b.x + b.w);
  const y1 = Math.min(r.height, b.y + b.h);
  for (let x = b.x; x <= x1; x++) {
    let ink = false;
    for (let y = b.y; y < y1 && x < x1 && !ink; y++) ink = r.data[y * r.width + x] <= threshold;
    if (ink) run++;
    else {
      if (run >= 0.7 * b.h) n++;
      run = 0;
    }
  }
  return n;
}

/**
 * Lines of Chinese to read in a view of the page where lines run across: inside the table cells when there are
 * tables (the labels: a whole row of a table would run over many cells), else on the whole page; lines of the
 * usual height holding at least three wide glyphs (a number reads the same upside down: 0, 1, 8, 69), most
 * glyphs first. They are cut as the page's reading cuts its lines, so upright they are read once (./page.ts).
 */
export function probeLines(view: Raster, threshold: number, cells: readonly Box[]): Box[] {
  const whole = [{ x: 0, y: 0, w: view.width, h: view.height }];
  const inCells = cells.length ? chineseLines(view, threshold, cells) : [];
  // Cells of numbers and short labels only: the page's Chinese is outside its tables.
  return inCells.length ? inCells : chineseLines(view, threshold, whole);
}

function chineseLines(view: Raster, threshold: number, areas: readonly Box[]): Box[] {
  const lines = areas.flatMap((a) => (a.w >= 8 && a.h >= 8 ? textLines(view, threshold, a) : []));
  if (!lines.length) return [];
  const hs = lines.map((l) => l.h).sort((a, b) => a - b);
  const median = hs[hs.length >> 1];
  return lines
    .filter((l) => l.h >= 0.6 * median && l.h <= 1.6 * median && l.w >= 3 * l.h)
    .map((l) => ({ l, glyphs: wideGlyphs(view, threshold, l) }))
    .filter((x) => x.glyphs >= 3)
    .sort((p, q) => q.glyphs - p.glyphs || q.l.w - p.l.w)
    .map((x) => x.l);
}

/**
 * The page turned upright, with its grid. Upright first, as most pages are: one sure reading of a line of
 * Chinese settles it, and the page's own reading of that line is then answered from it (./page.ts), so an
 * upright page pays next to nothing. Otherwise each line is read both ways round — upright and upside down, then
 * the two sideways turns (those first when the lines' direction says they run down) — until one reading is sure,
 * or clearly beats its other way round. When nothing decides, the page is read as it came.
 */
export async function findOrientation(
  engine: OcrEngine,
  input: Raster,
  opts: { grid?: GridOptions; signal?: AbortSignal } = {},
): Promise<Orientation> {
  const grid = findGrid(input, opts.grid);
  const tried: Orientation['tried'] = [];
  const cells = grid.tables.flatMap((t) => t.cells);
  const views = new Map<Turn, { view: Raster; lines: Box[] }>();
  /** The page seen turned by 0 or 90, and its lines to read. */
  const viewOf = (base: Turn) => {
    if (!views.has(base)) {
      const view = turnRaster(grid.raster, base);
      const boxes = cells.map((c) => turnBox(c, grid.raster.width, grid.raster.height, base));
      views.set(base, { view, lines: probeLines(view, grid.threshold, boxes).slice(0, PROBES) });
    }
    return views.get(base)!;
  };
  /** The k-th line read with the page turned by `turn`: its confidence, and whether it reads as Chinese. */
  const score = async (turn: Turn, k: number) => {
    const base: Turn = turn % 180 === 0 ? 0 : 90;
    const { view, lines } = viewOf(base);
    if (k >= lines.length) return null;
    if (opts.signal?.aborted) throw new DOMException('OCR cancelled', 'AbortError');
    const crop = turnRaster(cut(view, lines[k]), turn === base ? 0 : 180);
    // Cut as the page's reading cuts its lines (./page.ts, ./recognize.ts): upright, the same image, read once.
    const image = pgm(crop, 0, 0, crop.width, crop.height, 10);
    const r = await engine.text(image, 'line');
    tried.push({ turn, confidence: r.confidence, text: r.text, image });
    // Chinese read right is Chinese; upside down or sideways it is rarer characters, Latin or marks.
    return { turn, confidence: chinese(r.text) >= 3 ? r.confidence : 0 };
  };
  const done = (turn: Turn, direction: number): Orientation =>
    turn === 0
      ? { turn, grid, direction, tried }
      : { turn, grid: findGrid(turnRaster(input, turn), opts.grid), direction, tried };
  const first = await score(0, 0);
  if (first && first.confidence >= SURE) return done(0, NaN);
  // Each line read both ways round, across first unless the lines plainly run down.
  const direction = lineDirection(grid.raster, grid.threshold);
  const pairs: [Turn, Turn][] =
    direction < -0.3
      ? [
          [90, 270],
          [0, 180],
        ]
      : [
          [0, 180],
          [90, 270],
        ];
  for (let k = 0; k < PROBES; k++)
    for (const [a, b] of pairs) {
      const one = a === 0 && k === 0 ? first : await score(a, k);
      if (!one) continue;
      if (one.confidence >= SURE) return done(a, direction);
      const other = await score(b, k);
      if (!other) continue;
      const [win, lose] = one.confidence >= other.confidence ? [one, other] : [other, one];
      if (win.confidence >= SURE || (win.confidence >= LIKELY && win.confidence - lose.confidence >= DECISIVE))
        return done(win.turn, direction);
    }
  // Nothing read says which way up: as it came (most pages are upright).
  return done(0, direction);
}
