/**
 * Make the scan fixtures (issue 18): fixture reports that have a hand-checked
 * expected JSON, rasterized and degraded like real scans, written under
 * tests/fixtures/scans/ with manifest.json (shape: scripts/scans/manifest.ts).
 *
 *   pdf/NAME.RENDITION.pdf       image-only PDF, every page one image, no text layer
 *   mixed/NAME.mixed-200.pdf     the source PDF with only its table pages replaced by scans
 *   tables/NAME.TABLE.RENDITION.{png,jpg}   one table cut out of the page (stitched
 *                                when it runs over a page break), as web pages embed them
 *   pages/NAME.page-FORM.{html,zip}   saved web pages showing those pictures (./pages.ts)
 *
 * `npm run scans -- --pages` remakes only pages/ from the committed pictures (the rest is kept).
 *
 * Run: npm run scans   (needs poppler-utils for pdftoppm and pdftotext; the
 * tests only read the committed files). Deterministic: the noise is seeded by
 * each file's name, pdf-lib writes no dates, so a re-run with the same poppler
 * and sharp gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { crop, degrade, encode, seedOf, stack } from './degrade';
import {
  fromRepo,
  loadScanManifest,
  MANIFEST_PATH,
  SCANS_DIR,
  type Crop,
  type Degradation,
  type ImageEntry,
  type PdfEntry,
  type ScanEntry,
  type ScanManifest,
  type TableId,
  turnOf,
} from './manifest';
import { renderPage, requirePoppler, textPages, type Gray } from './poppler';
import { locateTables } from './tables';
import { imagePdf, mixedPdf, type RasterPage } from './wrap';
import { makePages } from './pages';

/** Three reports that differ where OCR can go wrong. */
const SOURCES = [
  // Real, WPS-made, A4, 6 pages: 7-digit numbers and 96171.6, 表二 and 表三 run over page breaks, a blue header row.
  { report: 'huaian-city-2024', source: '../shared/fixtures/real/huaian-city-2024.pdf' },
  // Real, A4: blue header fills, 表三's vertical label 三、本年度办理结果, dense 0 cells, a one-row （六）.
  { report: 'huaian-hongze-2024', source: '../shared/fixtures/real/huaian-hongze-2024.pdf' },
  // Chromium print of the web page, Letter, hairline rules, small type, 126 blank cells in 表三 (blank ≠ 0).
  { report: 'shanghai-office-2019', source: 'tests/fixtures/pdf/shanghai-office-2019.pdf' },
] as const;

const CLEAN: Degradation = {
  skew: 0,
  blur: 0,
  noise: 0,
  specks: 0,
  white: 255,
  encoding: 'flate',
  quality: null,
};

type Report = (typeof SOURCES)[number]['report'];
interface Rendition {
  id: string;
  dpi: number;
  d: Degradation;
  /** Which reports get it: not every report in every rendition, to keep the folder near 15 MB. */
  reports: Report[];
  /** Which tables get it (pictures; default all three). */
  tables?: TableId[];
}
const ALL: Report[] = SOURCES.map((s) => s.report);

/** Whole-report scans, image-only PDFs. */
const PAGE_RENDITIONS: Rendition[] = [
  { id: 'clean-200', dpi: 200, d: CLEAN, reports: ALL },
  { id: 'skew-150', dpi: 150, d: { ...CLEAN, skew: 1.5, encoding: 'jpeg', quality: 75 }, reports: ALL },
  {
    id: 'noisy-300',
    dpi: 300,
    d: { ...CLEAN, blur: 1, noise: 6, specks: 20, white: 238, encoding: 'jpeg', quality: 65 },
    reports: ['huaian-city-2024'],
  },
  {
    id: 'jpeg-200',
    dpi: 200,
    d: { ...CLEAN, skew: -2, encoding: 'jpeg', quality: 60 },
    reports: ['huaian-hongze-2024', 'shanghai-office-2019'],
  },
  // Sideways on the glass, as a landscape table or a sheet fed the wrong way: odd pages turned clockwise, even ones back.
  {
    id: 'rotated-200',
    dpi: 200,
    d: { ...CLEAN, skew: 0.5, encoding: 'jpeg', quality: 75, turns: [90, 270] },
    reports: ['huaian-hongze-2024'],
  },
];

/** A report whose tables were printed, scanned and pasted back between its text pages. */
const MIXED: Rendition = {
  id: 'mixed-200',
  dpi: 200,
  d: { ...CLEAN, skew: 0.8, blur: 0.5, noise: 5, specks: 5, white: 245, encoding: 'jpeg', quality: 75 },
  reports: ['huaian-city-2024'],
};

/** Table pictures: a clean one as saved from Word for a web page, and a skewed JPEG like a phone scan. */
const IMAGE_RENDITIONS: Rendition[] = [
  { id: 'web-150', dpi: 150, d: { ...CLEAN, encoding: 'png' }, reports: ALL },
  {
    id: 'photo-200',
    dpi: 200,
    d: { ...CLEAN, skew: -2, blur: 0.6, noise: 4, white: 250, encoding: 'jpeg', quality: 60 },
    reports: ALL,
  },
  // 表三 upside down, as saved the wrong way up, and sideways, as a phone photo of a landscape sheet.
  {
    id: 'upside-150',
    dpi: 150,
    d: { ...CLEAN, encoding: 'png', turns: [180] },
    reports: ['shanghai-office-2019'],
    tables: ['requests'],
  },
  {
    id: 'sideways-200',
    dpi: 200,
    d: { ...CLEAN, skew: -2, blur: 0.6, noise: 4, white: 250, encoding: 'jpeg', quality: 60, turns: [90] },
    reports: ['huaian-city-2024'],
    tables: ['requests'],
  },
];

const TABLES: TableId[] = ['active', 'requests', 'review'];

const rasters = new Map<string, Promise<Gray>>();
const page = (pdf: string, p: number, dpi: number) => {
  const key = `${pdf}#${p}@${dpi}`;
  if (!rasters.has(key)) rasters.set(key, renderPage(pdf, p, dpi));
  return rasters.get(key)!;
};

/** The repo's copy of the expected JSON, checked byte-identical to ../shared's when that exists. */
function expectedFor(report: string): string {
  const mine = `tests/fixtures/expected/${report}.expected.json`;
  if (!existsSync(fromRepo(mine))) throw new Error(`no expected JSON for ${report}: ${mine}`);
  for (const dir of ['real', 'seeds']) {
    const theirs = fromRepo(`../shared/fixtures/${dir}/${report}.expected.json`);
    if (existsSync(theirs) && !readFileSync(theirs).equals(readFileSync(fromRepo(mine))))
      throw new Error(`${mine} differs from ${theirs}: remake tests/fixtures/expected first`);
  }
  return mine;
}

function write(rel: string, bytes: Uint8Array): number {
  const abs = fromRepo(rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, bytes);
  return statSync(abs).size;
}

const ext = (d: Degradation) => (d.encoding === 'jpeg' ? 'jpg' : 'png');

async function rasterPage(
  pdf: string,
  p: number,
  size: [number, number],
  dpi: number,
  d: Degradation,
  seedKey: string,
): Promise<RasterPage> {
  const turn = turnOf(d, p);
  const g = await degrade(await page(pdf, p, dpi), d, seedOf(`${seedKey}#${p}`), true, turn);
  // A sheet turned sideways makes a landscape page.
  if (turn % 180) size = [size[1], size[0]];
  if (d.encoding === 'jpeg') return { size, encoding: 'jpeg', jpeg: await encode(g, d, dpi, false) };
  return { size, encoding: 'flate', gray: g };
}

async function main() {
  const t0 = performance.now();
  const poppler = requirePoppler();
  const onlyPages = process.argv.includes('--pages');
  const kept = onlyPages ? loadScanManifest().entries.filter((e) => e.kind !== 'page') : [];
  for (const sub of onlyPages ? ['pages'] : ['pdf', 'mixed', 'tables', 'pages'])
    rmSync(fromRepo(`${SCANS_DIR}/${sub}`), { recursive: true, force: true });
  const entries: ScanEntry[] = [...kept];

  for (const { report, source } of SOURCES) {
    const pdf = fromRepo(source);
    if (!existsSync(pdf)) throw new Error(`source PDF missing: ${source}`);
    const expected = expectedFor(report);
    const text = textPages(pdf);
    const sizes = text.map((t) => [t.width, t.height] as [number, number]);
    const crops = await locateTables(pdf, text);
    const tablePages = Object.fromEntries(TABLES.map((t) => [t, [...new Set(crops[t].map((c) => c.page))]])) as Record<
      TableId,
      number[]
    >;
    const common = { report, source, expected };
    const pictures = () => entries.filter((e): e is ImageEntry => e.kind === 'image' && e.report === report);
    if (onlyPages) {
      entries.push(...(await makePages(report, { source, expected }, text, crops, pictures(), write)));
      continue;
    }

    for (const r of PAGE_RENDITIONS) {
      if (!r.reports.includes(report)) continue;
      const file = `${SCANS_DIR}/pdf/${report}.${r.id}.pdf`;
      const pages: RasterPage[] = [];
      for (let p = 1; p <= text.length; p++) pages.push(await rasterPage(pdf, p, sizes[p - 1], r.dpi, r.d, file));
      const pageSizes = pages.map((pg) => pg.size);
      const bytes = write(file, await imagePdf(pages));
      const all = [...Array(text.length).keys()].map((i) => i + 1);
      entries.push({
        kind: 'pdf',
        file,
        ...common,
        rendition: r.id,
        dpi: r.dpi,
        degradation: r.d,
        bytes,
        pages: text.length,
        imagePages: all,
        tablePages,
        pageSizes,
      } satisfies PdfEntry);
      console.log(`${file}  ${(bytes / 1e6).toFixed(2)} MB`);
    }

    if (MIXED.reports.includes(report)) {
      const file = `${SCANS_DIR}/mixed/${report}.${MIXED.id}.pdf`;
      const imagePages = [...new Set(TABLES.flatMap((t) => tablePages[t]))].sort((a, b) => a - b);
      const swap = new Map<number, RasterPage>();
      for (const p of imagePages) swap.set(p, await rasterPage(pdf, p, sizes[p - 1], MIXED.dpi, MIXED.d, file));
      const bytes = write(file, await mixedPdf(readFileSync(pdf), swap));
      entries.push({
        kind: 'mixed',
        file,
        ...common,
        rendition: MIXED.id,
        dpi: MIXED.dpi,
        degradation: MIXED.d,
        bytes,
        pages: text.length,
        imagePages,
        tablePages,
        pageSizes: sizes,
      } satisfies PdfEntry);
      console.log(`${file}  ${(bytes / 1e6).toFixed(2)} MB  (image pages ${imagePages.join(',')})`);
    }

    for (const table of TABLES) {
      for (const r of IMAGE_RENDITIONS) {
        if (!r.reports.includes(report) || (r.tables && !r.tables.includes(table))) continue;
        const file = `${SCANS_DIR}/tables/${report}.${table}.${r.id}.${ext(r.d)}`;
        const g = await tableImage(pdf, crops[table], r.dpi);
        const out = await degrade(g, r.d, seedOf(file), false, turnOf(r.d));
        const bytes = write(file, await encode(out, r.d, r.dpi, true));
        entries.push({
          kind: 'image',
          file,
          ...common,
          rendition: r.id,
          dpi: r.dpi,
          degradation: r.d,
          bytes,
          table,
          crops: crops[table],
          width: out.width,
          height: out.height,
        } satisfies ImageEntry);
        console.log(`${file}  ${out.width}×${out.height}  ${(bytes / 1e3).toFixed(0)} kB`);
      }
    }
    entries.push(...(await makePages(report, { source, expected }, text, crops, pictures(), write)));
    rasters.clear();
  }

  const manifest: ScanManifest = {
    about:
      'Scan fixtures for OCR (issue 18), made by `npm run scans` (scripts/scans/make.ts) from fixture PDFs with a ' +
      'hand-checked expected JSON. Types: scripts/scans/manifest.ts. kind "pdf": image-only PDF; "mixed": only ' +
      'the table pages are images; "image": one table as a PNG/JPEG, checked against TABLE_FIELDS[table] of the ' +
      'expected JSON; "page": a saved web page whose tables are those pictures (with its _files folder, in a ' +
      '.zip, or as data: URIs). Paths are relative to the repository root.',
    poppler,
    entries,
  };
  write(MANIFEST_PATH, new TextEncoder().encode(JSON.stringify(manifest, null, 1) + '\n'));
  const total = entries.reduce((s, e) => s + e.bytes, 0);
  const digest = createHash('sha256');
  for (const e of entries) digest.update(readFileSync(fromRepo(e.file)));
  console.log(
    `${entries.length} files, ${(total / 1e6).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(0)} s` +
      `, sha256 of all files ${digest.digest('hex').slice(0, 16)}`,
  );
}

/** One table cut out of its page(s) at `dpi`, pieces stacked and sharing one column range. */
async function tableImage(pdf: string, crops: Crop[], dpi: number): Promise<Gray> {
  const k = dpi / 72;
  const x0 = Math.floor(Math.min(...crops.map((c) => c.box[0])) * k);
  const x1 = Math.ceil(Math.max(...crops.map((c) => c.box[2])) * k);
  const pieces: Gray[] = [];
  for (const c of crops) {
    const y0 = Math.floor(c.box[1] * k);
    const y1 = Math.ceil(c.box[3] * k);
    pieces.push(await crop(await page(pdf, c.page, dpi), x0, y0, x1 - x0, y1 - y0));
  }
  return pieces.length === 1 ? pieces[0] : stack(pieces, 0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
