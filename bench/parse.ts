/**
 * npm run bench:parse — text reports parsed per second on one core.
 * Parses the real reports in data/reports/ round after round for a fixed
 * time on this one thread (no workers), after a warm-up.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReportText } from '../src/lib/report';

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
const result = {
  benchmark: 'parse_text',
  reports_per_second: Math.round(n / elapsed),
  ms_per_report_p50: +q(0.5).toFixed(3),
  ms_per_report_p95: +q(0.95).toFixed(3),
  corpus: `${reports.length} real report texts in data/reports (mean ${Math.round(bytes / 1024)} KiB)`,
  parsed: n,
  seconds: +elapsed.toFixed(2),
  node: process.version,
  date: new Date().toISOString(),
};
console.log(`text reports parsed per second (one core): ${result.reports_per_second}  ` +
  `[p50 ${result.ms_per_report_p50} ms, p95 ${result.ms_per_report_p95} ms per report; ${result.corpus}; ${n} parses in ${result.seconds} s]`);
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/parse.json'), JSON.stringify(result, null, 2) + '\n');
