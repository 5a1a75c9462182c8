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
 *    surer of. An upright page is taken at the first reading when tesseract is
 *    sure of it and it reads as Chinese; only a doubtful one is read turned too.
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

/** Below this best confidence nothing read says which way up: the page is left as it came. */
const SOME = 40;

/** Lines of Chinese read per way up, at most, until one reading is sure. */
const PROBES = 2;

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
 * Lines of text to read in a view of the page where they run across: inside the table cells when there are
 * tables (the labels: a whole row of a table would run over many cells), else on the whole page; lines of the
 * usual height, at least four times as wide, widest first.
 */
export function probeLines(view: Raster, threshold: number, cells: readonly Box[]): Box[] {
  const areas = cells.length ? cells : [{ x: 0, y: 0, w: view.width, h: view.height }];
  const lines = areas.flatMap((a) => (a.w >= 8 && a.h >= 8 ? textLines(view, threshold, a) : []));
  if (!lines.length) return [];
  const hs = lines.map((l) => l.h).sort((a, b) => a - b);
  const median = hs[hs.length >> 1];
  return lines.filter((l) => l.h >= 0.6 * median && l.h <= 1.6 * median && l.w >= 4 * l.h).sort((a, b) => b.w - a.w);
}

/**
 * The page turned upright, with its grid. Upright first, as most pages are: one sure reading of a line of
 * Chinese settles it (the grid found is the one the page is read with, so an upright page pays that one reading).
 * Otherwise the other turns, in the order the lines' direction suggests, until one reads sure; else the best
 * reading if it says anything, else as it came. A turned page has its grid found again, turned.
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
  /** How sure a reading of the k-th line, the page turned by `turn`, is: Chinese read right is Chinese. */
  const score = async (turn: Turn, k: number) => {
    const base: Turn = turn % 180 === 0 ? 0 : 90;
    const { view, lines } = viewOf(base);
    if (k >= lines.length) return -1;
    if (opts.signal?.aborted) throw new DOMException('OCR cancelled', 'AbortError');
    const crop = turnRaster(cut(view, lines[k]), turn === base ? 0 : 180);
    // Cut as the page's reading cuts its lines (./page.ts, ./recognize.ts): upright, the same image, read once.
    const image = pgm(crop, 0, 0, crop.width, crop.height, 10);
    const r = await engine.text(image, 'line');
    tried.push({ turn, confidence: r.confidence, text: r.text, image });
    return chinese(r.text) >= 2 ? r.confidence : r.confidence / 2;
  };
  const done = (turn: Turn, direction: number): Orientation =>
    turn === 0
      ? { turn, grid, direction, tried }
      : { turn, grid: findGrid(turnRaster(input, turn), opts.grid), direction, tried };
  const upright = await score(0, 0);
  if (upright >= SURE) return done(0, NaN);
  const direction = lineDirection(grid.raster, grid.threshold);
  const order: Turn[] = direction < 0 ? [90, 270, 180, 0] : [180, 90, 270, 0];
  let best = { turn: 0 as Turn, score: upright };
  for (let k = 0; k < PROBES; k++)
    for (const turn of order) {
      if (k === 0 && turn === 0) continue;
      const s = await score(turn, k);
      if (s >= SURE) return done(turn, direction);
      if (s > best.score) best = { turn, score: s };
    }
  return done(best.score >= SOME ? best.turn : 0, direction);
}
