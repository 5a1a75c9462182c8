/**
 * The scan fixtures (tests/fixtures/scans, made by `npm run scans`) are what
 * the manifest says they are: every file there and nothing else, image-only
 * PDFs with no text layer that pdf.js (the app's reader) could find, one
 * image per scanned page at the stated dpi and page size, mixed PDFs whose
 * other pages still carry text, table pictures of the stated pixel size, and
 * an expected JSON for each. Needs no poppler: pdf.js, pdf-lib and sharp only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  fromRepo,
  loadScanManifest,
  REPO,
  SCANS_DIR,
  TABLE_FIELDS,
  type ImageEntry,
  type PageEntry,
  type PdfEntry,
} from '../scripts/scans/manifest';
import JSZip from 'jszip';

const manifest = loadScanManifest();
const pdfs = manifest.entries.filter((e): e is PdfEntry => e.kind === 'pdf' || e.kind === 'mixed');
const images = manifest.entries.filter((e): e is ImageEntry => e.kind === 'image');
const pages = manifest.entries.filter((e): e is PageEntry => e.kind === 'page');

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
async function openPdf(path: string) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({
    data: new Uint8Array(readFileSync(path)),
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
    verbosity: 0,
  }).promise;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  );
}

describe('the manifest', () => {
  it('lists every kind of fixture and only files that are there, with their sizes', () => {
    expect(pdfs.some((e) => e.kind === 'pdf')).toBe(true);
    expect(pdfs.some((e) => e.kind === 'mixed')).toBe(true);
    expect(images.length).toBeGreaterThan(0);
    expect(new Set(pages.map((e) => e.form))).toEqual(new Set(['folder', 'zip', 'data']));
    for (const e of manifest.entries) {
      expect(e.file.startsWith(`${SCANS_DIR}/`), e.file).toBe(true);
      expect(existsSync(fromRepo(e.file)), e.file).toBe(true);
      expect(statSync(fromRepo(e.file)).size, e.file).toBe(e.bytes);
      expect(e.file, 'file named after its report and rendition').toContain(`${e.report}.`);
      expect(e.file).toContain(`.${e.rendition}.`);
    }
    // A saved page's folder of pictures is listed with its page.
    const listed = new Set(
      manifest.entries.flatMap((e) => [e.file, ...(e.kind === 'page' && e.form === 'folder' ? e.pictures : [])]),
    );
    const onDisk = filesUnder(fromRepo(SCANS_DIR))
      .map((f) => relative(REPO, f))
      .filter((f) => !f.endsWith('manifest.json'));
    expect(
      onDisk.filter((f) => !listed.has(f)),
      'files not in the manifest',
    ).toEqual([]);
  });

  it('keeps the folder small enough to commit (≤ 15 MB)', () => {
    const total = manifest.entries.reduce((s, e) => s + e.bytes, 0);
    expect(total).toBeLessThanOrEqual(15e6);
  });

  it('points every file at an expected JSON that exists and is that report’s', () => {
    for (const e of manifest.entries) {
      expect(e.expected.startsWith('../'), `${e.expected} should be the repo's copy`).toBe(false);
      const exp = JSON.parse(readFileSync(fromRepo(e.expected), 'utf8'));
      expect(exp.kind, e.expected).toBe('annual_report');
      expect(e.expected).toContain(e.report);
      // The fields a table picture is checked against are there to check.
      if (e.kind === 'image') for (const f of TABLE_FIELDS[e.table]) expect(exp[f], `${e.file}: ${f}`).toBeTruthy();
    }
  });

  it('names sources inside the repo that exist (../shared ones only when ../shared is beside it)', () => {
    for (const e of manifest.entries) {
      if (e.source.startsWith('../') && !existsSync(fromRepo('../shared'))) continue;
      expect(existsSync(fromRepo(e.source)), e.source).toBe(true);
    }
  });
});

describe.each(pdfs.map((e) => [e.file, e] as const))('%s', (_file, e) => {
  it('has no text layer on its image pages (pdf.js finds none) and text on the others', async () => {
    const doc = await openPdf(fromRepo(e.file));
    expect(doc.numPages).toBe(e.pages);
    if (e.kind === 'pdf') expect(e.imagePages).toEqual([...Array(e.pages).keys()].map((i) => i + 1));
    for (let p = 1; p <= e.pages; p++) {
      const page = await doc.getPage(p);
      const text = (await page.getTextContent()).items
        .map((i) => ('str' in i ? i.str : ''))
        .join('')
        .replace(/\s+/g, '');
      if (e.imagePages.includes(p)) expect(text, `page ${p}`).toBe('');
      else expect(text.length, `page ${p} keeps its text`).toBeGreaterThan(100);
      const [, , w, h] = page.view;
      expect([w, h]).toEqual(e.pageSizes[p - 1]);
    }
    await doc.destroy();
  });

  it('has one grey image per scanned page, filling the page at the stated dpi', async () => {
    const doc = await PDFDocument.load(readFileSync(fromRepo(e.file)), { updateMetadata: false });
    const pages = doc.getPages();
    for (const p of e.imagePages) {
      const page = pages[p - 1];
      const res = page.node.Resources()!;
      // pdf-lib writes an empty /Font dictionary on every page it makes; it must stay empty.
      const fonts = res.lookupMaybe(PDFName.of('Font'), PDFDict);
      expect(fonts?.keys().length ?? 0, `page ${p} has fonts`).toBe(0);
      const xo = res.lookup(PDFName.of('XObject'), PDFDict);
      const refs = xo.values();
      expect(refs.length, `page ${p}: one image`).toBe(1);
      const img = doc.context.lookup(refs[0] as PDFRef);
      if (!(img instanceof PDFRawStream)) throw new Error(`page ${p}: the XObject is not a stream`);
      const num = (k: string) => img.dict.lookup(PDFName.of(k), PDFNumber).asNumber();
      expect(img.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('Image'));
      expect(img.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceGray'));
      expect(img.dict.get(PDFName.of('Filter'))).toBe(
        PDFName.of(e.degradation.encoding === 'jpeg' ? 'DCTDecode' : 'FlateDecode'),
      );
      const { width, height } = page.getSize();
      expect([width, height]).toEqual(e.pageSizes[p - 1]);
      // pdftoppm rounds the pixel count, so within a pixel of size × dpi.
      expect(Math.abs(num('Width') - (width / 72) * e.dpi), `page ${p} width`).toBeLessThanOrEqual(1);
      expect(Math.abs(num('Height') - (height / 72) * e.dpi), `page ${p} height`).toBeLessThanOrEqual(1);
    }
  });

  it('says which pages hold each table, and those are images in a mixed PDF', () => {
    for (const [t, pages] of Object.entries(e.tablePages)) {
      expect(pages.length, t).toBeGreaterThan(0);
      for (const p of pages) expect(p >= 1 && p <= e.pages, `${t} page ${p}`).toBe(true);
      for (const p of pages) expect(e.imagePages, `${t} page ${p}`).toContain(p);
    }
    if (e.kind === 'mixed') expect(e.imagePages.length).toBeLessThan(e.pages);
  });
});

describe.each(images.map((e) => [e.file, e] as const))('%s', (_file, e) => {
  it('is a grey picture of the stated size, the crops at the stated dpi turned by the skew', async () => {
    const m = await sharp(fromRepo(e.file)).metadata();
    expect(m.format).toBe(e.degradation.encoding === 'jpeg' ? 'jpeg' : 'png');
    expect(m.channels).toBe(1);
    expect(m.density, 'the file states its resolution').toBe(e.dpi);
    expect([m.width, m.height]).toEqual([e.width, e.height]);
    const k = e.dpi / 72;
    const w = (Math.max(...e.crops.map((c) => c.box[2])) - Math.min(...e.crops.map((c) => c.box[0]))) * k;
    const h = e.crops.reduce((s, c) => s + (c.box[3] - c.box[1]) * k, 0);
    const a = (Math.abs(e.degradation.skew) * Math.PI) / 180;
    // Each crop rounds outwards (±1 px per piece), and rotation widens the canvas to w·cos + h·sin.
    const slack = 2 + e.crops.length;
    // A picture turned sideways (degradation.turns) has its width and height swapped.
    const [across, down] = (e.degradation.turns?.[0] ?? 0) % 180 ? [e.height, e.width] : [e.width, e.height];
    expect(Math.abs(across - (w * Math.cos(a) + h * Math.sin(a)))).toBeLessThanOrEqual(slack);
    expect(Math.abs(down - (w * Math.sin(a) + h * Math.cos(a)))).toBeLessThanOrEqual(slack);
  });
});

/** The <img> srcs of a page, in order. */
const srcsOf = (html: string) => [...html.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
/** The web-150 pictures of a report's three tables, as bytes, in table order. */
const webPictures = (report: string) =>
  (['active', 'requests', 'review'] as const).map((t) => {
    const e = images.find((i) => i.report === report && i.table === t && i.rendition === 'web-150')!;
    return readFileSync(fromRepo(e.file));
  });

describe.each(pages.map((e) => [e.file, e] as const))('%s', (_file, e) => {
  it('is the report as a web page with no table in its text, each table a picture of it where it stood', async () => {
    const want = webPictures(e.report);
    let html: string;
    let pictures: Buffer[];
    if (e.form === 'zip') {
      const zip = await JSZip.loadAsync(readFileSync(fromRepo(e.file)));
      const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
      const page = names.filter((n) => n.endsWith('.html'));
      expect(page, 'one page in the zip').toHaveLength(1);
      expect(names.filter((n) => !n.endsWith('.html')).sort()).toEqual([...e.pictures].sort());
      html = await zip.file(page[0])!.async('string');
      pictures = await Promise.all(e.pictures.map(async (n) => Buffer.from(await zip.file(n)!.async('uint8array'))));
    } else {
      html = readFileSync(fromRepo(e.file), 'utf8');
      pictures =
        e.form === 'folder'
          ? e.pictures.map((p) => readFileSync(fromRepo(p)))
          : srcsOf(html)
              .filter((s) => s.startsWith('data:'))
              .map((s) => Buffer.from(s.slice(s.indexOf(',') + 1), 'base64'));
    }
    expect(html).not.toMatch(/<table/i);
    expect(html).toContain('政府信息公开');
    // Three table pictures, the same bytes as the web-150 ones, and a site logo on the web (never fetched).
    expect(pictures.map((p, i) => p.equals(want[i]))).toEqual([true, true, true]);
    const srcs = srcsOf(html);
    expect(srcs.filter((s) => /^https?:/.test(s))).toHaveLength(1);
    if (e.form !== 'data') {
      expect(srcs.filter((s) => !/^https?:/.test(s))).toEqual(
        e.pictures.map((p) => (e.form === 'folder' ? relative(dirname(fromRepo(e.file)), fromRepo(p)) : p)),
      );
      for (const s of srcs.filter((x) => !/^https?:/.test(x))) expect(s).toMatch(/^[^/]+\.page-(folder|zip)_files\//);
    }
  });
});
