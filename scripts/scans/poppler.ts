/**
 * poppler-utils, the only system tool the scan fixtures need (Debian/Ubuntu:
 * `apt-get install poppler-utils`): pdftoppm rasterizes a page, pdftotext
 * gives each text line with its box, which is how the tables are found.
 * The tests only read the committed outputs and never call these.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import sharp from 'sharp';

export function requirePoppler(): string {
  for (const tool of ['pdftoppm', 'pdftotext']) {
    const r = spawnSync(tool, ['-v'], { encoding: 'utf8' });
    if (r.error)
      throw new Error(
        `npm run scans needs ${tool} from poppler-utils, which is not installed here.\n` +
          `Install it (Debian/Ubuntu: sudo apt-get install poppler-utils; macOS: brew install poppler) and run again.`,
      );
  }
  const v = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
  return (v.stderr || v.stdout).split('\n')[0].trim();
}

/** A greyscale raster: one byte per pixel, row by row. */
export interface Gray {
  data: Buffer;
  width: number;
  height: number;
}

/** Page `page` (1-based) of `pdf` at `dpi`, greyscale, as pdftoppm draws it (anti-aliased). */
export async function renderPage(pdf: string, page: number, dpi: number): Promise<Gray> {
  const png = execFileSync(
    'pdftoppm',
    ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf],
    { maxBuffer: 1 << 28 },
  );
  const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel from pdftoppm -gray, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

/** One line of text with its box in points, origin top-left. */
export interface TextLine {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface TextPage {
  width: number;
  height: number;
  lines: TextLine[];
}

const num = (s: string, name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(s)![1]);
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every page of `pdf` with its text lines (pdftotext -bbox-layout); words of a line are joined without spaces. */
export function textPages(pdf: string): TextPage[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const pages: TextPage[] = [];
  for (const pm of xml.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)) {
    const lines: TextLine[] = [];
    for (const lm of pm[2].matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
      const words = [...lm[2].matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1]));
      lines.push({
        text: words.join(''),
        x0: num(lm[1], 'xMin'),
        y0: num(lm[1], 'yMin'),
        x1: num(lm[1], 'xMax'),
        y1: num(lm[1], 'yMax'),
      });
    }
    pages.push({ width: num(pm[1], 'width'), height: num(pm[1], 'height'), lines });
  }
  return pages;
}
