/**
 * npm run bench:ocr — OCR seconds per page on one core (issue 18's goal: ≤ 3 s per page at 200 dpi): every
 * upright image-only PDF of the scan fixtures at 200 dpi (tests/fixtures/scans, npm run scans; those whose pages
 * lie turned are timed apart, after) read by the same entry point as the CLI (readReportFile with OCR: draw,
 * find the grid, read the cells, parse, prove), one engine, one file at a time. Writes bench/results/ocr.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromRepo, loadScanManifest } from '../scripts/scans/manifest';
import { nodeEnv } from '../src/lib/report/io/node';
import { readReportFile } from '../src/lib/report/io/read';
import { nodeOcr, stopNodeOcr } from '../src/lib/report/ocr/node';

const env = { ...nodeEnv, ocr: nodeOcr() };
const scans = loadScanManifest().entries.filter((e) => e.kind === 'pdf' && e.dpi === 200);
// Upright pages are the figure (the way-up check must cost them next to nothing); turned ones are timed apart.
const files = scans.filter((e) => !e.degradation.turns?.some(Boolean));
const turnedFiles = scans.filter((e) => e.degradation.turns?.some(Boolean));
// The engine's start (its wasm and language data) once, outside the figure: a batch pays it once.
const t0 = performance.now();
await env.ocr.engine();
const startMs = performance.now() - t0;
const per: { file: string; pages: number; s_per_page: number; turned?: boolean }[] = [];
/** Each file read whole and timed; its pages and time added up, each file listed. */
async function timeFiles(entries: typeof scans, turned: boolean): Promise<{ pages: number; ms: number }> {
  let [pages, ms] = [0, 0];
  for (const e of entries) {
    const t = performance.now();
    const rec = await readReportFile(new Uint8Array(readFileSync(fromRepo(e.file))), e.file, env);
    const took = performance.now() - t;
    const n = rec.ocr?.pages ?? 0;
    pages += n;
    ms += took;
    per.push({
      file: e.file,
      pages: n,
      s_per_page: +(took / Math.max(1, n) / 1000).toFixed(2),
      ...(turned ? { turned } : {}),
    });
  }
  return { pages, ms };
}
const { pages, ms } = await timeFiles(files, false);
const { pages: turnedPages, ms: turnedMs } = await timeFiles(turnedFiles, true);
await stopNodeOcr();
const result = {
  benchmark: 'ocr',
  s_per_page: +(ms / pages / 1000).toFixed(2),
  ...(turnedPages ? { s_per_turned_page: +(turnedMs / turnedPages / 1000).toFixed(2), turned_pages: turnedPages } : {}),
  engine_start_ms: Math.round(startMs),
  pages,
  files: per,
  corpus:
    `${files.length} upright image-only PDFs at 200 dpi from tests/fixtures/scans (clean and JPEG q60 −2°)` +
    (turnedFiles.length ? `; apart, ${turnedFiles.length} with its pages turned a quarter (rotated-200)` : ''),
  date: new Date().toISOString(),
};
const DIR = resolve(import.meta.dirname, 'results');
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, 'ocr.json'), JSON.stringify(result, null, 2) + '\n');
console.log(
  `OCR, one core: ${result.s_per_page} s per page over ${pages} pages at 200 dpi (engine start ${result.engine_start_ms} ms, once)` +
    (turnedPages ? `; pages lying turned: ${result.s_per_turned_page} s per page over ${turnedPages}` : ''),
);
