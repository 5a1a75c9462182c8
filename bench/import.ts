/**
 * npm run bench:import — the browser import, against the production build in
 * Debian's Chromium: 100 text reports, then 20 PDFs, dropped on /import in
 * one go each. Timed inside the page from the files handed over until the
 * last one is parsed (in the worker) and stored (IndexedDB): the
 * `mingjing:import` measure. Each run starts with an empty workspace.
 * The inputs are the real reports of data/reports and their PDF renditions
 * (tests/fixtures/pdf), repeated under distinct names.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, serveBuild } from '../tests/support/browser';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');
if (!existsSync(join(BUILD, 'import.html'))) throw new Error('build/ missing: run `npm run build` first');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const pick = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.startsWith('002_'))
    .sort()
    .map((f) => readFileSync(join(dir, f)));
const texts = pick(join(ROOT, 'data/reports'), '.txt');
const pdfs = [...pick(join(ROOT, 'data/reports'), '.pdf'), ...pick(join(ROOT, 'tests/fixtures/pdf'), '.pdf')];
const batch = (sources: Buffer[], n: number, ext: string, mimeType: string) =>
  Array.from({ length: n }, (_, i) => ({
    name: `r${String(i).padStart(3, '0')}${ext}`,
    buffer: sources[i % sources.length],
    mimeType,
  }));

const { server, origin } = await serveBuild(BUILD);
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeImport(files: ReturnType<typeof batch>): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/import`);
  await page.waitForSelector('input[data-pick="files"][data-hydrated="true"]');
  await page.waitForFunction(() => !document.body.innerText.includes('正在打开工作区'));
  await page.setInputFiles('input[data-pick="files"]', files);
  const ms = await page
    .waitForFunction(() => performance.getEntriesByName('mingjing:import')[0]?.duration, undefined, {
      timeout: 300_000,
    })
    .then((h) => h.jsonValue() as Promise<number>);
  const parsed = await page
    .locator('[data-review-list] tbody tr:not([data-status="pending"]):not([data-status="unreadable"])')
    .count();
  if (parsed !== files.length) throw new Error(`only ${parsed} of ${files.length} files were read`);
  await context.close();
  return ms;
}

const text: number[] = [];
const pdf: number[] = [];
for (let i = 0; i < RUNS; i++) {
  text.push(await timeImport(batch(texts, 100, '.txt', 'text/plain')));
  pdf.push(await timeImport(batch(pdfs, 20, '.pdf', 'application/pdf')));
}
await browser.close();
server.close();

const result = {
  benchmark: 'import',
  text_100_ms: Math.round(median(text)),
  pdf_20_ms: Math.round(median(pdf)),
  text_reports_per_s: +(100 / (median(text) / 1000)).toFixed(0),
  pdf_files_per_s: +(20 / (median(pdf) / 1000)).toFixed(1),
  runs: RUNS,
  inputs: `${texts.length} real text reports and ${pdfs.length} PDFs (data/reports, tests/fixtures/pdf), repeated`,
  chromium: '/usr/bin/chromium',
  date: new Date().toISOString(),
};
console.log(
  `Browser import (Chromium, production build, median of ${RUNS}; parse in the worker + store in IndexedDB):`,
);
console.log(`  100 text reports   ${result.text_100_ms} ms   (goal ≤ 2,000)`);
console.log(`  20 PDFs            ${result.pdf_20_ms} ms   (goal ≤ 10,000)`);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/import.json'), JSON.stringify(result, null, 2) + '\n');
