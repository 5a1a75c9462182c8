/**
 * The shape of tests/fixtures/scans/manifest.json: every scan fixture made by
 * scripts/scans/make.ts, with where it came from and its right answer. The OCR
 * tests and the benchmark iterate over `entries`; import the types and
 * `loadScanManifest` from here rather than reading the JSON by hand.
 *
 * Paths (`file`, `source`, `expected`) are relative to the repository root;
 * `source` may start with `../shared/` (the read-only fixtures beside the
 * checkout), `expected` never does (the repo keeps a byte-identical copy of
 * every expected JSON in tests/fixtures/expected/).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is scripts/scans/manifest.ts). */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SCANS_DIR = 'tests/fixtures/scans';
export const MANIFEST_PATH = `${SCANS_DIR}/manifest.json`;

/** The three tables of a report: 二 主动公开, 三 依申请, 四 复议诉讼. */
export type TableId = 'active' | 'requests' | 'review';

/** The fields of the expected JSON that each table fills: a table image is checked against these only. */
export const TABLE_FIELDS: Record<TableId, readonly string[]> = {
  active: ['active'],
  requests: ['requests'],
  review: ['review', 'litigation_direct', 'litigation_after_review'],
};

/**
 * How the pixels are stored, always 8-bit grey: JPEG (baseline DCTDecode in a PDF, progressive as a file),
 * or lossless (FlateDecode in a PDF, PNG as a file).
 */
export type Encoding = 'jpeg' | 'flate' | 'png';

/** What was done to the clean raster, in this order: rotate, tone + noise + specks, blur, turn, encode. */
export interface Degradation {
  /** Degrees; positive turns the content clockwise as seen on screen. 0 = straight. */
  skew: number;
  /** Gaussian blur sigma in pixels; 0 = none. */
  blur: number;
  /** Gaussian noise standard deviation in grey levels (0–255); 0 = none. */
  noise: number;
  /** Dark dust specks per million pixels; 0 = none. */
  specks: number;
  /** Paper tone: white maps to this grey level (255 = pure white) and black is lifted a little. */
  white: number;
  encoding: Encoding;
  /** JPEG quality (1–100, mozjpeg), or null for lossless. */
  quality: number | null;
  /**
   * The sheet as it lay on the glass or before the camera: turned clockwise by a quarter turn (90, 180 or 270
   * degrees), the page's size turned with it. Per page, cyclically (page p has turns[(p − 1) % length]); a
   * picture has one. Absent: upright.
   */
  turns?: (0 | 90 | 180 | 270)[];
}

/** The quarter turn of page `p` (1-based) of a rendition. */
export const turnOf = (d: Degradation, p = 1) => (d.turns?.length ? d.turns[(p - 1) % d.turns.length] : 0);

/** Where a table lies on a source page: its ruling lines plus a white margin (stopping at the headings around it); points, origin top-left (as pdftotext reports). */
export interface Crop {
  /** 1-based page of the source PDF. */
  page: number;
  box: [x0: number, y0: number, x1: number, y1: number];
}

interface Common {
  /** The file, relative to the repo root (tests/fixtures/scans/…). */
  file: string;
  /** The fixture name (tests/fixtures/expected/NAME.expected.json). */
  report: string;
  /** The PDF it was rasterized from, relative to the repo root. */
  source: string;
  /** The hand-checked expected JSON of the whole report, relative to the repo root. */
  expected: string;
  /** Name of the rendition (the same degradations across reports), e.g. "skew-150". */
  rendition: string;
  /** Pixels per inch of the page as printed. */
  dpi: number;
  degradation: Degradation;
  /** File size in bytes. */
  bytes: number;
}

/** An image-only PDF (every page one image, no text layer) or a mixed one (only the table pages are images). */
export interface PdfEntry extends Common {
  kind: 'pdf' | 'mixed';
  pages: number;
  /** 1-based pages of this file that are a single image with no text; all of them for kind "pdf". */
  imagePages: number[];
  /** 1-based pages of this file on which each table lies (a table can span two pages). */
  tablePages: Record<TableId, number[]>;
  /** Page size in points, per page (the source page's size; width and height swapped on a page turned by 90 or 270). */
  pageSizes: [width: number, height: number][];
}

/** A standalone table picture, as web pages embed them: a crop around one table, stitched when it spans pages. */
export interface ImageEntry extends Common {
  kind: 'image';
  table: TableId;
  /** The pieces of the source pages it was cut from, top to bottom. */
  crops: Crop[];
  /** Pixel size of the file (after skew, which widens the canvas, and turn, which may swap the two). */
  width: number;
  height: number;
}

/**
 * A saved web page whose three tables are pictures (the web-150 ones), where the tables stood in its text: as a
 * page with its `X_files/` folder, the same in one .zip, or with the pictures as data: URIs inside it.
 */
export interface PageEntry extends Common {
  kind: 'page';
  form: 'folder' | 'zip' | 'data';
  /** The page's pictures in page order: files beside it (relative to the repo root), or a zip's entry names. */
  pictures: string[];
}

export type ScanEntry = PdfEntry | ImageEntry | PageEntry;

export interface ScanManifest {
  /** What the folder is and how to remake it. */
  about: string;
  /** poppler's version string the rasters were made with (pdftoppm output can differ a little between versions). */
  poppler: string;
  entries: ScanEntry[];
}

export function loadScanManifest(): ScanManifest {
  return JSON.parse(readFileSync(resolve(REPO, MANIFEST_PATH), 'utf8')) as ScanManifest;
}

/** A manifest path (relative to the repo root, maybe ../shared/…) as an absolute path. */
export const fromRepo = (p: string) => resolve(REPO, p);
