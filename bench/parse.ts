/**
 * npm run bench:parse — on one core (this thread, no workers):
 *   text reports parsed per second (the real reports in data/reports/),
 *   ms per PDF page (the real PDFs and the fixture PDFs, pdfjs-dist included),
 *   ms per DOCX report (the fixture DOCX files, mammoth included).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReportText } from '../src/lib/report';
import { nodeEnv } from '../src/lib/report/io/node';
import { pdfToText } from '../src/lib/report/io/pdf';
import { readReportFile } from '../src/lib/report/io/read';

const dir = resolve(import.meta.dirname, '../data/reports');
const reports = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

function round() {
  for (const r of reports) parseReportText(r.text, r.name);
}
for (let i = 0; i < 50; i++) round(); // warm-up: let the JIT settle

const times: number[] = [];
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < seconds * 1000) {
  for (const r of reports) {
    const a = performance.now();
    parseReportText(r.text, r.name);
    times.push(performance.now() - a);
    n++;
  }
}
const elapsed = (performance.now() - t0) / 1000;
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
const bytes = reports.reduce((a, r) => a + Buffer.byteLength(r.text), 0) / reports.length;
const text = {
  reports_per_second: Math.round(n / elapsed),
  ms_per_report_p50: +q(0.5).toFixed(3),
  ms_per_report_p95: +q(0.95).toFixed(3),
  corpus: `${reports.length} real report texts in data/reports (mean ${Math.round(bytes / 1024)} KiB)`,
  parsed: n,
  seconds: +elapsed.toFixed(2),
};
console.log(`text reports parsed per second (one core): ${text.reports_per_second}  ` +
  `[p50 ${text.ms_per_report_p50} ms, p95 ${text.ms_per_report_p95} ms per report; ${text.corpus}; ${n} parses in ${text.seconds} s]`);

/** Read every file of a kind `rounds` times through the same entry point as the CLI. */
async function files(paths: string[], rounds: number) {
  const bytes = paths.map((p) => new Uint8Array(readFileSync(p)));
  for (const [i, b] of bytes.entries()) await readReportFile(b, paths[i], nodeEnv); // warm-up, loads the library
  const t = performance.now();
  for (let r = 0; r < rounds; r++) for (const [i, b] of bytes.entries()) await readReportFile(b, paths[i], nodeEnv);
  return (performance.now() - t) / rounds;
}
const fixtures = resolve(import.meta.dirname, '../tests/fixtures');
const pdfs = [
  ...readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => join(dir, f)),
  ...readdirSync(join(fixtures, 'pdf')).filter((f) => f.endsWith('.pdf')).map((f) => join(fixtures, 'pdf', f)),
];
let pages = 0;
for (const p of pdfs) pages += (await pdfToText(await nodeEnv.pdfjs(), new Uint8Array(readFileSync(p)))).pages;
const pdfMs = await files(pdfs, 3);
const pdf = { ms_per_page: +(pdfMs / pages).toFixed(1), pages_per_second: +((pages * 1000) / pdfMs).toFixed(1), corpus: `${pdfs.length} PDFs, ${pages} pages (3 real reports + the fixture PDFs)` };
console.log(`PDF pages per second (one core): ${pdf.pages_per_second}  [${pdf.ms_per_page} ms per page; ${pdf.corpus}]`);

const docxs = readdirSync(join(fixtures, 'docx')).filter((f) => f.endsWith('.docx')).map((f) => join(fixtures, 'docx', f));
const docxMs = await files(docxs, 5);
const docx = { ms_per_report: +(docxMs / docxs.length).toFixed(1), reports_per_second: +((docxs.length * 1000) / docxMs).toFixed(1), corpus: `${docxs.length} DOCX reports (tests/fixtures/docx)` };
console.log(`DOCX reports per second (one core): ${docx.reports_per_second}  [${docx.ms_per_report} ms per report; ${docx.corpus}]`);

const result = { benchmark: 'parse', text, pdf, docx, node: process.version, date: new Date().toISOString() };
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/parse.json'), JSON.stringify(result, null, 2) + '\n');
