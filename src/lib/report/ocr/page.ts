/**
 * A scanned page → an HTML fragment the existing `html` path reads: the text
 * outside tables (OCR'd as Chinese, band by band between the tables: the
 * report's title, body, year and section headings are there) and each table
 * as a <table>, in reading order top to bottom. A whole scan → one HTML
 * document, its tables numbered through the document as html.ts numbers them.
 */
import type { OcrSummary } from '../types';
import { mendHeading } from './headings';
import type { GridOptions, Raster } from './grid';
import { findOrientation, type Turn } from './orient';
import { pgm, readTable, textLines, type OcrEngine } from './recognize';
import { tableHtml, type OcrCellNote } from './table-html';

export interface PageOptions {
  /**
   * Time budget per page, in milliseconds (default 3000). The title lines and
   * the headings above tables are always read, then the tables (cut off only
   * at four times the budget: their cells are then `unread`), then the rest
   * of the text while the budget lasts.
   */
  budgetMs?: number;
  signal?: AbortSignal;
  /** Progress within the page: cells read of all cells. */
  onProgress?: (done: number, total: number) => void;
  grid?: GridOptions;
}

export interface PageReading {
  page: number;
  /** The page as HTML blocks (<p> lines and <table>s). */
  html: string;
  notes: OcrCellNote[];
  tables: number;
  angle: number;
  /**
   * The quarter turn (clockwise degrees) the page was read at: a page scanned sideways or upside down is read
   * upright, and its boxes are in the turned page (the page as it came, turned by this, then deskewed).
   */
  turn: Turn;
  ms: number;
  /** Lines of text outside tables, and how many of them were read within the budget. */
  textLines: number;
  textRead: number;
  /** Some table cells were not read: the hard limit ran out. */
  overBudget: boolean;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const abortError = () => new DOMException('OCR cancelled', 'AbortError');

/** Vertical extents of the page not covered by a table, top to bottom. */
function textBands(height: number, tables: { y0: number; y1: number }[]): [number, number][] {
  const spans = [...tables].sort((a, b) => a.y0 - b.y0);
  const bands: [number, number][] = [];
  let y = 0;
  for (const t of spans) {
    if (t.y0 > y) bands.push([y, t.y0]);
    y = Math.max(y, t.y1);
  }
  if (y < height) bands.push([y, height]);
  return bands;
}

/**
 * One page. `firstTable` is the document number of this page's first table
 * (1-based), so the notes' keys match html.ts's numbering of the whole document.
 */
export async function readPage(
  engine: OcrEngine,
  input: Raster,
  page: number,
  firstTable: number,
  opts: PageOptions = {},
): Promise<PageReading> {
  const t0 = Date.now();
  const budget = opts.budgetMs ?? 3000;
  const found = await findOrientation(engine, input, { grid: opts.grid, signal: opts.signal });
  const { grid } = found;
  // A line read to find which way up is not read again when the page reads it.
  engine = remembering(engine, found.tried);
  const { raster, threshold } = grid;
  const blocks: { top: number; html: string }[] = [];
  // A little margin off each table, so the rules' edges are not read as text.
  const margin = 4;
  const bands = textBands(
    raster.height,
    grid.tables.map((t) => ({ y0: Math.floor(t.ys[0] - margin), y1: Math.ceil(t.ys[t.ys.length - 1] + margin) })),
  );
  const lines = bands.flatMap(([y0, y1]) =>
    textLines(raster, threshold, { x: 0, y: y0, w: raster.width, h: y1 - y0 }).map((box) => ({ box, y1 })),
  );
  // First: the title (the first lines of the first page) and the headings right above each table.
  const tops = new Set(grid.tables.map((t) => Math.floor(t.ys[0] - margin)));
  const first = new Set<number>();
  if (page === 1) lines.slice(0, 4).forEach((_, i) => first.add(i));
  lines.forEach((l, i) => {
    if (tops.has(l.y1) && (i + 1 === lines.length || lines[i + 1].y1 !== l.y1)) {
      first.add(i);
      if (i > 0 && lines[i - 1].y1 === l.y1) first.add(i - 1);
    }
  });
  const read = new Map<number, string>();
  const readLine = async (i: number) => {
    if (opts.signal?.aborted) throw abortError();
    const b = lines[i].box;
    const r = await engine.text(pgm(raster, b.x, b.y, b.w, b.h, 10), 'line');
    read.set(i, mendHeading(r.text.replace(/\n/g, '')));
  };
  for (const i of first) await readLine(i);

  const total = grid.tables.reduce((n, t) => n + t.cells.length, 0);
  let done = 0;
  const notes: OcrCellNote[] = [];
  let overBudget = false;
  for (const [i, table] of grid.tables.entries()) {
    const readings = await readTable(engine, raster, threshold, table, {
      page,
      signal: opts.signal,
      deadline: t0 + 4 * budget,
      onProgress: (d) => opts.onProgress?.(done + d, total),
    });
    done += table.cells.length;
    if (readings.some((r) => r.unread)) overBudget = true;
    const t = tableHtml(table, readings, firstTable + i);
    blocks.push({ top: table.ys[0], html: t.html });
    notes.push(...t.notes);
  }
  for (let i = 0; i < lines.length && Date.now() - t0 < budget; i++) if (!read.has(i)) await readLine(i);
  for (const [i, text] of read)
    if (text.trim()) blocks.push({ top: lines[i].box.y, html: `<p>${escapeHtml(text)}</p>` });
  blocks.sort((a, b) => a.top - b.top);
  return {
    page,
    html: `<div class="page" data-page="${page}">\n${blocks.map((b) => b.html).join('\n')}\n</div>`,
    notes,
    tables: grid.tables.length,
    angle: grid.angle,
    turn: found.turn,
    ms: Date.now() - t0,
    textLines: lines.length,
    textRead: read.size,
    overBudget,
  };
}

/** The pages read turned upright, as OcrSummary.turned has them (nothing when every page was upright). */
export function turnedPages(pages: readonly Pick<PageReading, 'page' | 'turn'>[]): Pick<OcrSummary, 'turned'> {
  const turned = pages.flatMap((p) => (p.turn ? [{ page: p.page, turn: p.turn }] : []));
  return turned.length ? { turned } : {};
}

/** The engine, answering a line it has already read (the same image) from what it read, once each. */
function remembering(engine: OcrEngine, read: readonly { image: Uint8Array; text: string; confidence: number }[]) {
  const left = [...read];
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
  const mem: OcrEngine = {
    settings: engine.settings,
    async text(img, mode) {
      const i = mode === 'line' ? left.findIndex((r) => same(r.image, img)) : -1;
      if (i < 0) return engine.text(img, mode);
      const [r] = left.splice(i, 1);
      return { text: r.text, confidence: r.confidence };
    },
    digits: (img) => engine.digits(img),
    terminate: () => engine.terminate(),
  };
  return mem;
}

export interface ScanReading {
  /** The whole scan as one HTML document for the `html` path. */
  html: string;
  notes: OcrCellNote[];
  pages: PageReading[];
}

/** Every page of a scan, in order; `onProgress` gets (page, pages) as each page finishes. */
export async function readScan(
  engine: OcrEngine,
  pages: readonly Raster[] | (() => AsyncIterable<Raster>),
  opts: PageOptions & { onPage?: (done: number, total: number) => void } = {},
): Promise<ScanReading> {
  const out: PageReading[] = [];
  let table = 1;
  const list = Array.isArray(pages) ? pages : null;
  const iter = list ?? (pages as () => AsyncIterable<Raster>)();
  for await (const raster of iter) {
    const p = await readPage(engine, raster, out.length + 1, table, opts);
    table += p.tables;
    out.push(p);
    opts.onPage?.(out.length, list?.length ?? 0);
  }
  const html = `<!doctype html>\n<html><body>\n${out.map((p) => p.html).join('\n')}\n</body></html>\n`;
  return { html, notes: out.flatMap((p) => p.notes), pages: out };
}
