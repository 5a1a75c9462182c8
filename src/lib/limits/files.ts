/**
 * Every limit on what one input file may cost us, in one place: its size on
 * disk, what its archives inflate to, how many pages and how much drawing a
 * PDF may hold, and how long reading it may take. Each is enforced while
 * reading — before a byte over it is held — never checked afterwards, and each
 * refusal is a reason in Chinese that names the file and the limit; the rest of
 * a batch always goes on.
 *
 * The numbers are generous for real reports (those in data/ and tests/fixtures/
 * are PDFs of 3–7 pages under 0.5 MB, DOCX whose document.xml is 120–140 KB,
 * texts under 30 KB; published ones run to some tens of pages and MB) and far
 * below what stalls a browser tab or a worker thread.
 */

export type SizedType = 'text' | 'html' | 'docx' | 'pdf' | 'image';

/**
 * The largest file of each type we read. A published report's text is well
 * under 1 MB and its PDF rarely above 50 MB (scanned pages and photos); a file
 * far larger is not a report, and reading it would stall the batch it came in.
 */
export const MAX_BYTES: Record<SizedType, number> = {
  text: 20e6,
  html: 20e6,
  docx: 100e6,
  pdf: 300e6,
  // A table's picture (JPEG, PNG) is read by OCR: a scanned A4 page at 300 dpi is a few MB.
  image: 30e6,
};

/**
 * The most pixels OCR draws or decodes for one page or picture: an A3 page at 300 dpi is 17.5 M. A PDF page
 * larger than this is drawn at a lower resolution; a picture larger is refused before it is decoded (its size
 * is in its header), so a picture that inflates to gigabytes costs nothing.
 */
export const OCR_MAX_PIXELS = 40e6;

/**
 * How much of a file we look at to tell its type (sniffType reads no further):
 * the CLI and the browser read this much first, and a file whose type cannot
 * be read, or whose size is over its type's limit, is refused without reading
 * the rest — a 1.5 GB zero-filled “.pdf” costs 4 KB.
 */
export const SNIFF_BYTES = 4096;

/* ------------------------------------------------------------ dropped zips */

/**
 * A dropped .zip's own size. An archive of a province's reports for a year
 * (a few hundred PDFs of 1–3 MB) is well under it; the browser has to hold the
 * archive in memory whole to open it.
 */
export const ZIP_MAX_BYTES = 1024 * 2 ** 20;

/**
 * What all the entries of one dropped .zip may inflate to together: as much as
 * a real archive of reports holds (its PDFs barely compress), and what a tab
 * can keep in memory and in IndexedDB without trouble.
 */
export const ZIP_TOTAL_BYTES = 1024 * 2 ** 20;

/**
 * How far one entry (and one whole archive) may expand relative to its
 * compressed size, above ZIP_RATIO_FREE bytes. Report files compress a little
 * (PDF, DOCX: 1–1.2×) or moderately (text, HTML: 3–10×); a zip bomb expands
 * about 1,000×. An entry that passes 20× and 16 MiB is refused as soon as it
 * does — so a 1 MB entry costs at most 20 MB of inflation, never a gibibyte,
 * and nothing of it is kept. Applied to the archive as a whole too, it stops
 * bombs whose entries overlap (each entry's stated size is the whole file).
 */
export const ZIP_MAX_RATIO = 20;
/** Below this much output an entry may expand any amount: small text files compress well, and 16 MiB is cheap. */
export const ZIP_RATIO_FREE = 16 * 2 ** 20;

/** Entries in one dropped .zip: a year's reports of a province are a few thousand; the list itself must stay cheap. */
export const ZIP_MAX_ENTRIES = 20_000;

/**
 * The most one entry of a dropped zip may inflate to: the limit of its type
 * (by its name; an unknown name gets the text limit, the smallest — it is read
 * as text if it is anything), and the ratio above.
 */
export function zipEntryLimit(name: string, compressedSize: number): number {
  const ext = name.match(/\.([^./\\]+)$/)?.[1].toLowerCase() ?? '';
  const byType =
    ext === 'pdf'
      ? MAX_BYTES.pdf
      : ext === 'docx'
        ? MAX_BYTES.docx
        : ['jpg', 'jpeg', 'png'].includes(ext)
          ? MAX_BYTES.image
          : ['html', 'htm', 'xhtml', 'shtml', 'mht'].includes(ext)
            ? MAX_BYTES.html
            : MAX_BYTES.text;
  return Math.min(byType, Math.max(ZIP_RATIO_FREE, compressedSize * ZIP_MAX_RATIO));
}

/* -------------------------------------------------------------------- DOCX */

/**
 * One XML part of a DOCX (word/document.xml above all) once inflated. A real
 * report's document.xml is 100–300 KB (a 300-page one would be about 10 MB);
 * mammoth holds a part as a DOM many times its size, so 32 MiB is where a
 * worker's memory, not the report, would give out.
 */
export const DOCX_PART_BYTES = 32 * 2 ** 20;
/** All the XML parts of one DOCX together (document, styles, numbering, notes …). */
export const DOCX_TOTAL_BYTES = 64 * 2 ** 20;

/* -------------------------------------------------------------------- HTML */

/**
 * How deep elements may nest in a web page (or the HTML mammoth makes of a
 * DOCX). Real pages, layout tables and all, nest 20–60 deep; Chromium's own
 * parser stops nesting at 512. htmlparser2 keeps its open elements in an
 * array it shifts at the front, so each level makes every later tag dearer: a
 * page nested 100,000 deep takes it seconds to minutes. Past the limit the
 * page is refused as soon as the parser gets there.
 */
export const HTML_MAX_DEPTH = 512;

/* --------------------------------------------------------------------- PDF */

/**
 * Pages of one PDF. An annual report has 5–60 pages; a volume of a whole
 * city's reports a few hundred. pdf.js finds page n by walking the page tree
 * from the start, so a crafted tree that lists one page 200,000 times costs
 * hours; 500 pages read in about 11 s on one core.
 */
export const PDF_MAX_PAGES = 500;
/**
 * Text items on one page (pdf.js's, spaces between runs included). The
 * busiest page of every PDF in data/ and tests/fixtures/ has 695; a dense A4
 * page of Chinese written glyph by glyph has a few thousand. The table reader
 * places every item: at 20,000 a page still reads in about a second.
 */
export const PDF_MAX_TEXT_ITEMS = 20_000;
/**
 * Drawing operators on one page. The busiest page of our PDFs (ruled tables)
 * has 4,934; a chart or a map some tens of thousands. Above 500,000 the page
 * is a crafted or broken stream, not a report.
 */
export const PDF_MAX_OPERATORS = 500_000;
/**
 * Ruling-line pieces on one page: a ruled table page has a few hundred (a
 * box per cell side at most, ~2,000). Grouping them into tables compares them
 * in pairs, so this bounds that work (10,000² is a fraction of a second).
 */
export const PDF_MAX_RULES = 10_000;
/**
 * Grid cells of one ruled table (rows × columns between its distinct rule
 * positions). A report table is 30–60 rows × 3–10 columns; each grid cell is
 * looked at for merges, so a grid of more than 100,000 is not a table.
 */
export const PDF_MAX_GRID_CELLS = 100_000;

/* -------------------------------------------------------------------- time */

/**
 * How long the CLI lets one file take (`--timeout SECONDS` changes it). A
 * 500-page PDF reads in about 11 s on one core of this machine, a text report
 * in a millisecond; 60 s leaves room for a slow or busy machine. At the limit
 * the worker thread reading it is stopped and replaced, and the file gets the
 * reason.
 */
export const CLI_TIMEOUT_SECONDS = 60;

/**
 * How long the browser lets one file take, counted from when the parse worker
 * starts on it. Lower than the CLI's because the import page keeps three files
 * handed over at a time and stops one that has waited 120 s in all: three
 * files of 30 s each still finish under it, so only the guilty file is ever
 * stopped, and named.
 */
export const BROWSER_TIMEOUT_MS = 30_000;

/**
 * The heap a CLI worker thread may use. Within the budgets above a file
 * needs a few hundred MB at most; a file that still runs away is stopped
 * with this reason instead of taking the process (and the batch) with it.
 */
export const CLI_WORKER_HEAP_MB = 2048;

/* --------------------------------------------------------------- messages */

/** A size in the unit people read it in: MB (10⁶) for files, like the file managers do. */
export const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
/** A budget that is a power of two: MiB. */
export const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
/** A file's own name, for reasons: the last part of a path or archive path. */
export const fileName = (source: string) => source.split(/[\\/]/).pop() || source;

/** One of our limits was reached while reading a file: `reason` names the file and the limit. */
export class LimitError extends Error {
  constructor(public readonly reason: string) {
    super(reason);
    this.name = 'LimitError';
  }
}
