/**
 * OCR of table cells and text bands with tesseract.js, offline: the
 * language data, the wasm core and the worker script all come from paths the
 * caller gives (a file path in Node, a URL of our own origin in the browser)
 * — tesseract.js would otherwise fetch them from a CDN.
 *
 * Two workers: Chinese (`chi_sim`) for labels and running text, and one that
 * reads digits only (a whitelist of 0–9, one line per cell) for number
 * cells. A cell is read as a number first (fast, ~10 ms); it is a number
 * when that reading is confident and as wide as its ink says it should be —
 * otherwise it is read again as Chinese.
 */
import type { GridCell, GridTable, Raster } from './grid';

/** Where a reading was made: the page (1-based) and the box in that page's (deskewed) raster, in pixels. */
export interface OcrBox {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface CellReading {
  /** What was read ('' for a blank cell). */
  text: string;
  /** Tesseract's confidence, 0–100 (100 for a cell with no ink at all). */
  confidence: number;
  box: OcrBox;
  kind: 'number' | 'text' | 'blank';
  /** Not read: the page's time budget ran out first. */
  unread?: boolean;
}

/**
 * Where tesseract.js finds its files. `chi` and `eng`: a folder holding
 * chi_sim.traineddata.gz / eng.traineddata.gz (a file path in Node, a URL of
 * our origin in the browser), or the file's bytes themselves (gzipped or
 * not) — what a bundler that renames assets needs. `corePath`: tesseract.js-core's
 * folder, or one of its `*-lstm.wasm.js` builds; `workerPath`: tesseract.js's
 * worker script. In Node the worker script and core resolve from
 * node_modules by themselves; in the browser all must be of our own origin.
 */
export interface OcrAssets {
  chi: string | Uint8Array;
  eng: string | Uint8Array;
  corePath?: string;
  workerPath?: string;
}

/** Which digit engine and crop treatment number cells get (chosen by the measured accuracy). */
export interface NumberSettings {
  /** Data used for digits: 'eng' (default) or 'chi_sim'. */
  lang: 'eng' | 'chi_sim';
  /** Tesseract page segmentation mode for a number cell: 7 a line, 8 a word, 13 a raw line. */
  psm: '7' | '8' | '13';
  /** Crop scale (1 or 2). */
  scale: number;
  /** White margin around the ink, pixels (after scaling). */
  pad: number;
}

export const NUMBER_SETTINGS: NumberSettings = { lang: 'eng', psm: '7', scale: 2, pad: 16 };

interface TesseractWorker {
  recognize(image: Uint8Array): Promise<{ data: { text: string; confidence: number } }>;
  setParameters(p: Record<string, string>): Promise<unknown>;
  terminate(): Promise<unknown>;
}
interface TesseractModule {
  createWorker(
    lang: string | { code: string; data: Uint8Array }[],
    oem: number,
    options: Record<string, unknown>,
  ): Promise<TesseractWorker>;
}

export interface OcrEngine {
  /** Chinese text of a crop: `block` for several lines (PSM 6), `line` for one (PSM 7). */
  text(img: Uint8Array, mode: 'block' | 'line'): Promise<{ text: string; confidence: number }>;
  /** Digits of a crop. */
  digits(img: Uint8Array): Promise<{ text: string; confidence: number }>;
  readonly settings: NumberSettings;
  terminate(): Promise<void>;
}

/** The two workers, LSTM only (the 4.0.0_best_int data), nothing cached to disk or IndexedDB. */
export async function createOcrEngine(
  assets: OcrAssets,
  settings: NumberSettings = NUMBER_SETTINGS,
): Promise<OcrEngine> {
  // The CommonJS package comes as its default export in some bundlings, as named exports in others.
  const mod = (await import('tesseract.js')) as unknown as Partial<TesseractModule> & { default?: TesseractModule };
  const T = (mod.createWorker ? mod : mod.default) as TesseractModule;
  const common = {
    gzip: true,
    cacheMethod: 'none',
    // A blob: worker would need a looser CSP; the script's own URL is ours anyway.
    workerBlobURL: false,
    ...(assets.corePath ? { corePath: assets.corePath } : {}),
    ...(assets.workerPath ? { workerPath: assets.workerPath } : {}),
  };
  const LSTM_ONLY = 1;
  // A folder is the langPath; bytes go in as the language itself (tesseract.js gunzips them).
  const worker = (code: 'chi_sim' | 'eng', src: string | Uint8Array) =>
    typeof src === 'string'
      ? T.createWorker(code, LSTM_ONLY, { ...common, langPath: src })
      : T.createWorker([{ code, data: src }], LSTM_ONLY, common);
  const chi = await worker('chi_sim', assets.chi);
  const num = settings.lang === 'eng' ? await worker('eng', assets.eng) : await worker('chi_sim', assets.chi);
  // tesseract's diagnostics ("Estimating resolution as …", histograms) would fill the CLI's output.
  const quiet = { debug_file: '/dev/null' };
  await chi.setParameters(quiet);
  await num.setParameters({ ...quiet, tessedit_char_whitelist: '0123456789', tessedit_pageseg_mode: settings.psm });
  let chiMode = '';
  return {
    settings,
    async text(img, mode) {
      const psm = mode === 'block' ? '6' : '7';
      if (psm !== chiMode) {
        await chi.setParameters({ tessedit_pageseg_mode: psm });
        chiMode = psm;
      }
      const { data } = await chi.recognize(img);
      return { text: tidyChinese(data.text), confidence: data.confidence };
    },
    async digits(img) {
      const { data } = await num.recognize(img);
      return { text: data.text.replace(/\s+/g, ''), confidence: data.confidence };
    },
    async terminate() {
      await Promise.all([chi.terminate(), num.terminate()]);
    },
  };
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef';
const CJK_GAP = new RegExp(`([${CJK}])[ \\t]+(?=[${CJK}])`, 'g');

/** Tesseract's chi_sim output spaced out ("政 府 信息") back to how it is printed, one line per line. */
export function tidyChinese(s: string): string {
  return (
    s
      .split('\n')
      // (A bar at either end is the edge of a scan or of a box, not text.)
      .map((l) =>
        l
          .replace(CJK_GAP, '$1')
          .replace(/[ \t]+/g, ' ')
          .replace(/^[\s|｜]+|[\s|｜]+$/g, ''),
      )
      .filter(Boolean)
      .join('\n')
  );
}

/** A cell's text: its line's words run together, as cells print Chinese and numbers (a space only between Latin letters). */
export const cellWords = (s: string) =>
  s.replace(/\s+/g, (sp, at: number, all: string) =>
    /[A-Za-z]/.test(all[at - 1] ?? '') && /[A-Za-z]/.test(all[at + sp.length] ?? '') ? ' ' : '',
  );

/** A crop of the raster as a binary PGM (P5) image, which tesseract's Leptonica reads directly. */
export function pgm(r: Raster, x: number, y: number, w: number, h: number, pad = 0, scale = 1): Uint8Array {
  x = Math.round(x);
  y = Math.round(y);
  w = Math.round(w);
  h = Math.round(h);
  const sw = Math.round(w * scale);
  const sh = Math.round(h * scale);
  const W = sw + 2 * pad;
  const H = sh + 2 * pad;
  const head = new TextEncoder().encode(`P5\n${W} ${H}\n255\n`);
  const out = new Uint8Array(head.length + W * H).fill(255);
  out.set(head);
  for (let j = 0; j < sh; j++) {
    const sy = y + Math.min(h - 1, Math.floor(j / scale));
    const dst = head.length + (j + pad) * W + pad;
    if (scale === 1) out.set(r.data.subarray(sy * r.width + x, sy * r.width + x + w), dst);
    else for (let i = 0; i < sw; i++) out[dst + i] = r.data[sy * r.width + x + Math.min(w - 1, Math.floor(i / scale))];
  }
  return out;
}

/** Height (pixels) a line of digits is scaled to for the digit reader: small print is read far worse. */
const DIGIT_HEIGHT = 32;
// Midtones darkened (a power above 1): the faint arc of a small 0 becomes a stroke, not a gap.
const GAMMA = 2.5;

/**
 * The crop a number's digits are read from: the ink with a rim of the page
 * around it (a glyph's faint anti-aliased edge lies outside the thresholded
 * ink), kept inside the cell; scaled smoothly (bilinear — blocky pixels read
 * as other digits) to at least `settings.scale` and until a line is
 * DIGIT_HEIGHT tall; its contrast stretched so the darkest ink is black and
 * the paper white (a faint 0 printed at 150 dpi is otherwise read as nothing).
 */
export function digitImage(
  r: Raster,
  ink: Box,
  cell: Box,
  lineH: number,
  settings: NumberSettings,
  look: { height: number; gamma: number } = { height: DIGIT_HEIGHT, gamma: GAMMA },
): Uint8Array {
  const scale = Math.min(4, Math.max(settings.scale, look.height / Math.max(1, lineH)));
  const pad = settings.pad;
  const rim = Math.max(2, Math.round(0.15 * lineH));
  const x0 = Math.max(Math.round(cell.x), ink.x - rim);
  const y0 = Math.max(Math.round(cell.y), ink.y - rim);
  const x1 = Math.min(Math.round(cell.x + cell.w), ink.x + ink.w + rim);
  const y1 = Math.min(Math.round(cell.y + cell.h), ink.y + ink.h + rim);
  const w = x1 - x0;
  const h = y1 - y0;
  const sw = Math.round(w * scale);
  const sh = Math.round(h * scale);
  const W = sw + 2 * pad;
  const H = sh + 2 * pad;
  // Darkest ink and the paper's level (the crop's median: most of it is paper).
  const vals: number[] = [];
  for (let j = y0; j < y1; j++) for (let i = x0; i < x1; i++) vals.push(r.data[j * r.width + i]);
  vals.sort((a, b) => a - b);
  const lo = vals[0];
  const hi = Math.max(vals[vals.length >> 1], lo + 1);
  const head = new TextEncoder().encode(`P5\n${W} ${H}\n255\n`);
  const out = new Uint8Array(head.length + W * H).fill(255);
  out.set(head);
  const at = (i: number, j: number) => r.data[(y0 + j) * r.width + x0 + i];
  for (let j = 0; j < sh; j++) {
    const fy = Math.min(h - 1, Math.max(0, (j + 0.5) / scale - 0.5));
    const ja = Math.floor(fy);
    const jb = Math.min(h - 1, ja + 1);
    const ty = fy - ja;
    const row = head.length + (j + pad) * W + pad;
    for (let i = 0; i < sw; i++) {
      const fx = Math.min(w - 1, Math.max(0, (i + 0.5) / scale - 0.5));
      const ia = Math.floor(fx);
      const ib = Math.min(w - 1, ia + 1);
      const tx = fx - ia;
      const v = (at(ia, ja) * (1 - tx) + at(ib, ja) * tx) * (1 - ty) + (at(ia, jb) * (1 - tx) + at(ib, jb) * tx) * ty;
      out[row + i] = 255 * Math.max(0, Math.min(1, (v - lo) / (hi - lo))) ** look.gamma;
    }
  }
  return out;
}

/** No run of ink shorter than this (pixels) is taken for a rule: a character's stroke can fill a tight box. */
const RULE_MIN = 100;

/**
 * The ink of a cell: its bounding box, leaving out what is left of a ruling
 * line along the cell's edges (a row or column of the crop that is mostly
 * ink), and its pixel count. Null for a cell with no ink: a blank cell.
 */
export function inkBox(r: Raster, threshold: number, c: { x: number; y: number; w: number; h: number }) {
  const x = Math.round(c.x);
  const y = Math.round(c.y);
  const w = Math.round(c.w);
  const h = Math.round(c.h);
  if (w < 3 || h < 3) return null;
  // Longest run of ink along each row and column: a rule's remnant runs along most of the cell, text never does.
  const rowRun = new Int32Array(h);
  const colRun = new Int32Array(w);
  const colCur = new Int32Array(w);
  for (let j = 0; j < h; j++) {
    const base = (y + j) * r.width + x;
    let cur = 0;
    for (let i = 0; i < w; i++) {
      if (r.data[base + i] <= threshold) {
        cur++;
        colCur[i]++;
        if (cur > rowRun[j]) rowRun[j] = cur;
        if (colCur[i] > colRun[i]) colRun[i] = colCur[i];
      } else {
        cur = 0;
        colCur[i] = 0;
      }
    }
  }
  // (In a box narrower than RULE_MIN, only a run across nearly all of it.)
  const lineRow = (j: number) => rowRun[j] >= Math.min(Math.max(0.8 * w, RULE_MIN), 0.95 * w);
  const lineCol = (i: number) => colRun[i] >= Math.min(Math.max(0.8 * h, RULE_MIN), 0.95 * h);
  // The ink left once the rules' remnants are out, as connected specks and strokes.
  const ink = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) {
    if (lineRow(j)) continue;
    const base = (y + j) * r.width + x;
    for (let i = 0; i < w; i++) if (!lineCol(i) && r.data[base + i] <= threshold) ink[j * w + i] = 1;
  }
  const parts = components(ink, w, h);
  if (!parts.length) return null;
  // Scanner specks apart from the value are not part of it: the big strokes
  // (a quarter of the largest one or more) make the core, and a small part
  // counts only level with the core's lines and near them (the 一、 before a
  // label, a character's dot, a digit's broken-off piece) — a speck above or
  // below the value, or far beside it, does not.
  const big = Math.max(...parts.map((p) => p.n));
  const core = parts.filter((p) => p.n >= 0.25 * big);
  let x0 = Math.min(...core.map((p) => p.x0));
  let x1 = Math.max(...core.map((p) => p.x1));
  let y0 = Math.min(...core.map((p) => p.y0));
  let y1 = Math.max(...core.map((p) => p.y1));
  const reach = Math.max(3, Math.round(1.5 * (y1 - y0 + 1)));
  const [top, bottom] = [y0, y1];
  let n = 0;
  for (const p of parts) {
    const keep =
      p.n >= 0.25 * big || (p.y0 >= top - 1 && p.y1 <= bottom + 1 && p.x0 <= x1 + reach && p.x1 >= x0 - reach);
    if (!keep) continue;
    n += p.n;
    x0 = Math.min(x0, p.x0);
    x1 = Math.max(x1, p.x1);
    y0 = Math.min(y0, p.y0);
    y1 = Math.max(y1, p.y1);
  }
  // A speck of dust or JPEG noise is not a value.
  if (n < 6 || x1 - x0 < 1 || y1 - y0 < 3) return null;
  return { x: x + x0, y: y + y0, w: x1 - x0 + 1, h: y1 - y0 + 1, ink: n };
}

/** The 8-connected parts of a 0/1 mask: each one's pixel count and box. */
function components(mask: Uint8Array, w: number, h: number) {
  const seen = new Uint8Array(mask.length);
  const out: { n: number; x0: number; x1: number; y0: number; y1: number }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const p = { n: 0, x0: w, x1: -1, y0: h, y1: -1 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const k = stack.pop()!;
      const i = k % w;
      const j = (k - i) / w;
      p.n++;
      if (i < p.x0) p.x0 = i;
      if (i > p.x1) p.x1 = i;
      if (j < p.y0) p.y0 = j;
      if (j > p.y1) p.y1 = j;
      for (let dj = -1; dj <= 1; dj++)
        for (let di = -1; di <= 1; di++) {
          const ii = i + di;
          const jj = j + dj;
          if (ii < 0 || jj < 0 || ii >= w || jj >= h) continue;
          const q = jj * w + ii;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
    }
    out.push(p);
  }
  return out;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The lines of text in a band: runs of rows with ink, a sliver (a row of
 * "一" or of punctuation that has a gap of its own) joined to its nearer
 * neighbour; each trimmed to its ink left and right.
 */
export function textLines(r: Raster, threshold: number, area: Box): Box[] {
  const x0 = Math.max(0, Math.round(area.x));
  const x1 = Math.min(r.width, Math.round(area.x + area.w));
  const y0 = Math.max(0, Math.round(area.y));
  const y1 = Math.min(r.height, Math.round(area.y + area.h));
  const rows: [number, number][] = [];
  let start = -1;
  for (let y = y0; y <= y1; y++) {
    let ink = 0;
    let run = 0;
    let cur = 0;
    if (y < y1) {
      const base = y * r.width;
      for (let x = x0; x < x1; x++) {
        if (r.data[base + x] <= threshold) {
          ink++;
          if (++cur > run) run = cur;
        } else cur = 0;
      }
    }
    // A row with a run of ink along most of it is a rule, not text.
    const has = ink > 0 && run < Math.max(0.6 * (x1 - x0), RULE_MIN);
    if (has && start < 0) start = y;
    if (!has && start >= 0) {
      rows.push([start, y]);
      start = -1;
    }
  }
  if (!rows.length) return [];
  const hs = rows.map(([a, b]) => b - a).sort((a, b) => a - b);
  const median = hs[hs.length >> 1];
  // Slivers join their nearer neighbour when close enough to belong to it.
  for (let i = 0; i < rows.length; i++) {
    const [a, b] = rows[i];
    if (b - a >= 0.5 * median || rows.length === 1) continue;
    const up = i > 0 ? a - rows[i - 1][1] : Infinity;
    const down = i + 1 < rows.length ? rows[i + 1][0] - b : Infinity;
    if (Math.min(up, down) > 0.5 * median) continue;
    if (up <= down) {
      rows[i - 1][1] = b;
    } else {
      rows[i + 1][0] = a;
    }
    rows.splice(i, 1);
    i--;
  }
  const out: Box[] = [];
  for (const [a, b] of rows) {
    // Its ink left and right (every column counts: a tall stroke like "1" fills the line's height, unlike in a cell).
    let left = x1;
    let right = x0 - 1;
    for (let y = a; y < b; y++) {
      const base = y * r.width;
      for (let x = x0; x < left; x++)
        if (r.data[base + x] <= threshold) {
          left = x;
          break;
        }
      for (let x = x1 - 1; x > right; x--)
        if (r.data[base + x] <= threshold) {
          right = x;
          break;
        }
    }
    // Specks and lines thinner than a third of a text line are not text.
    if (right >= left && b - a >= Math.max(6, median / 3)) out.push({ x: left, y: a, w: right - left + 1, h: b - a });
  }
  return out;
}

export interface ReadOptions {
  /** 1-based page number, for the boxes. */
  page: number;
  signal?: AbortSignal;
  /** Stop reading (the rest is `unread`) at this time (Date.now() milliseconds). */
  deadline?: number;
  onProgress?: (done: number, total: number) => void;
}

const abortError = () => new DOMException('OCR cancelled', 'AbortError');

/**
 * Whether a digit reading fits the ink it came from: each digit is about
 * half as wide as it is tall, so a cell whose ink is far wider than the
 * digits read holds words (a label forced into digits by the whitelist).
 */
function fitsDigits(text: string, ink: { w: number; h: number }, lines: number): boolean {
  if (!/^\d+$/.test(text)) return false;
  const lineH = ink.h / lines;
  return ink.w <= (0.8 * (text.length / lines) + 0.6) * lineH;
}

/**
 * Whether an ink box holds a glyph as wide as its lines are tall: a
 * Chinese character (a digit is at most about 0.7 as wide as tall), so the
 * digit reading can be skipped. Glyphs are the runs of ink columns.
 */
function hasWideGlyph(
  r: Raster,
  threshold: number,
  b: { x: number; y: number; w: number; h: number },
  lineH: number,
): boolean {
  let run = 0;
  for (let i = 0; i < b.w; i++) {
    let ink = false;
    for (let j = 0; j < b.h && !ink; j++) ink = r.data[(b.y + j) * r.width + b.x + i] <= threshold;
    run = ink ? run + 1 : 0;
    if (run > 0.9 * lineH) return true;
  }
  return false;
}

/** Whether the ink is wider than the digits read can be: some digits were not read. */
function missesDigits(text: string, ink: { w: number; h: number }, lines: number): boolean {
  const lineH = ink.h / lines;
  return ink.w > (0.65 * (text.length / lines) + 0.4) * lineH;
}

/** The other looks a doubtful number's ink is read in: its plain contrast, larger, and bolder and smaller. */
const SECOND_LOOKS = [
  { height: 32, gamma: 1 },
  { height: 48, gamma: 2.5 },
  { height: 24, gamma: 4 },
];

/** The confidence given to a number whose reading does not account for all its ink. */
export const DOUBTFUL = 30;

/** Confidence a number reading needs to be taken as a number rather than tried as words. */
const NUMBER_CONFIDENCE = 60;

/**
 * Every cell of a table read: blank (no ink), a number, or Chinese text. The
 * readings come in the order of `table.cells`.
 */
export async function readTable(
  engine: OcrEngine,
  raster: Raster,
  threshold: number,
  table: GridTable,
  opts: ReadOptions,
): Promise<CellReading[]> {
  const out: CellReading[] = [];
  const total = table.cells.length;
  for (const cell of table.cells) {
    if (opts.signal?.aborted) throw abortError();
    out.push(await readCell(engine, raster, threshold, cell, opts));
    opts.onProgress?.(out.length, total);
  }
  return out;
}

export async function readCell(
  engine: OcrEngine,
  raster: Raster,
  threshold: number,
  cell: GridCell,
  opts: ReadOptions,
): Promise<CellReading> {
  const box: OcrBox = { page: opts.page, x: cell.x, y: cell.y, w: cell.w, h: cell.h };
  const ink = inkBox(raster, threshold, cell);
  if (!ink) return { text: '', confidence: 100, box, kind: 'blank' };
  if (opts.deadline !== undefined && Date.now() > opts.deadline)
    return { text: '', confidence: 0, box, kind: 'text', unread: true };
  const s = engine.settings;
  // Its lines (a blur's fringe or a speck is no line of its own).
  const found = textLines(raster, threshold, ink);
  const rows = found.length ? found : [ink];
  const lines = rows.length;
  // A glyph as wide as the line is tall is Chinese — or blurred digits run together (34):
  // a short such cell is still tried as digits, and then asked of the Chinese reader too.
  const wide = hasWideGlyph(raster, threshold, ink, ink.h / lines);
  if (!wide || (lines === 1 && ink.w <= 3 * ink.h)) {
    // Numbers are one line; a number wrapped in a narrow cell ("6" over "4") is read line by line.
    let digits =
      lines === 1
        ? await engine.digits(digitImage(raster, ink, cell, ink.h, s))
        : await digitsByLine(engine, raster, rows, cell);
    const sure = (d: { text: string; confidence: number }) =>
      d.confidence >= NUMBER_CONFIDENCE && fitsDigits(d.text, ink, lines) && !missesDigits(d.text, ink, lines);
    // Narrow glyphs the digit reader is unsure of: a second pass on other
    // looks of the same ink. A reading two looks agree on stands; one alone
    // is kept only as doubtful (a finding), never passed as sure.
    let fallback: { text: string; confidence: number } | null = null;
    if (lines === 1 && !wide && !sure(digits)) {
      const tries = [digits];
      const whole = (t: { text: string }) => fitsDigits(t.text, ink, lines) && !missesDigits(t.text, ink, lines);
      for (const look of SECOND_LOOKS) {
        const d = await engine.digits(digitImage(raster, ink, cell, ink.h, s, look));
        const agree = tries.find(
          (t) => t.text === d.text && whole(d) && Math.max(t.confidence, d.confidence) >= NUMBER_CONFIDENCE,
        );
        tries.push(d);
        if (agree) {
          fallback = null;
          digits = { text: d.text, confidence: Math.max(agree.confidence, d.confidence) };
          break;
        }
        const fit = tries.filter(whole);
        const pool = fit.length ? fit : tries.filter((t) => fitsDigits(t.text, ink, lines));
        if (pool.length) {
          const best = pool.reduce((p, q) => (q.confidence > p.confidence ? q : p));
          fallback = { text: best.text, confidence: Math.min(best.confidence, DOUBTFUL) };
        }
      }
      if (fallback) {
        // The words reader reads what the whitelist cannot (the point of 96171.6):
        // a number from it wins; only Chinese garbage leaves the doubtful digits.
        const c = await engine.text(pgm(raster, ink.x, ink.y, ink.w, ink.h, 16, 2), 'line');
        const ct = c.text.replace(/\s+/g, '');
        if (/^\d+(\.\d+)?$/.test(ct))
          return {
            text: ct,
            confidence: ct === fallback.text ? c.confidence : Math.min(c.confidence, DOUBTFUL),
            box,
            kind: 'number',
          };
        return { text: fallback.text, confidence: fallback.confidence, box, kind: 'number' };
      }
    }
    if (digits.confidence >= NUMBER_CONFIDENCE && fitsDigits(digits.text, ink, lines) && wide) {
      const c = await engine.text(pgm(raster, ink.x, ink.y, ink.w, ink.h, 16, 2), 'line');
      const ct = c.text.replace(/\s+/g, '');
      if (new RegExp(`[${CJK}]`).test(ct))
        return { text: cellWords(c.text), confidence: c.confidence, box, kind: 'text' };
      // The Chinese reader makes nothing of it: the digits stand, as doubtful.
      if (!/^\d+$/.test(ct))
        return { text: digits.text, confidence: Math.min(digits.confidence, DOUBTFUL), box, kind: 'number' };
      const best = ct.length > digits.text.length ? ct : digits.text;
      const sure = ct === digits.text && !missesDigits(best, ink, lines);
      const confidence = Math.min(c.confidence, digits.confidence);
      return { text: best, confidence: sure ? confidence : Math.min(confidence, DOUBTFUL), box, kind: 'number' };
    }
    if (digits.confidence >= NUMBER_CONFIDENCE && fitsDigits(digits.text, ink, lines)) {
      if (!missesDigits(digits.text, ink, lines))
        return { text: digits.text, confidence: digits.confidence, box, kind: 'number' };
      // More ink than the digits read explain (a blurred 3 dropped from 34): a
      // second opinion; whichever accounts for the ink wins, and a reading
      // that still does not is marked doubtful, never passed as sure.
      const again = await engine.text(pgm(raster, ink.x, ink.y, ink.w, ink.h, 16, 2), 'line');
      const t = again.text.replace(/\s+/g, '');
      if (/^\d+$/.test(t) && t.length > digits.text.length && !missesDigits(t, ink, lines))
        return { text: t, confidence: Math.min(again.confidence, digits.confidence), box, kind: 'number' };
      return { text: digits.text, confidence: Math.min(digits.confidence, DOUBTFUL), box, kind: 'number' };
    }
  }
  // Line by line: tesseract's own layout analysis loses or garbles lines in a small multi-line crop.
  let text = '';
  let confidence = 100;
  for (const l of rows) {
    const t = await engine.text(pgm(raster, l.x, l.y, l.w, l.h, 10), 'line');
    text += cellWords(t.text);
    confidence = Math.min(confidence, t.confidence);
  }
  return { text, confidence, box, kind: /^\d+$/.test(text) ? 'number' : 'text' };
}

/** A number wrapped over lines read as digits one line at a time, joined (the lowest confidence counts). */
async function digitsByLine(
  engine: OcrEngine,
  raster: Raster,
  rows: readonly Box[],
  cell: Box,
): Promise<{ text: string; confidence: number }> {
  // Only short stacks are wrapped numbers; a paragraph of a label is not worth reading as digits.
  if (rows.length > 3) return { text: '', confidence: 0 };
  let text = '';
  let confidence = 100;
  const s = engine.settings;
  for (const l of rows) {
    const r = await engine.digits(digitImage(raster, l, cell, l.h, s));
    text += r.text;
    confidence = Math.min(confidence, r.confidence);
  }
  return { text, confidence };
}
