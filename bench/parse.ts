/**
 * npm run bench:parse — on one core (this thread, no workers):
 *   text reports parsed per second (the real reports in data/reports/),
 *   text reports parsed per second on a sample of the synthetic data set
 *     (scripts/data/synthetic.ts --texts: whole report texts in the seed
 *     layouts), every parsed number checked against the numbers printed,
 *   ms per PDF page (the real PDFs and the fixture PDFs, pdfjs-dist included),
 *   ms per DOCX report (the fixture DOCX files, mammoth included);
 * and on 1 … os.availableParallelism() cores:
 *   `mingjing parse --jobs N` (bin/mingjing.mjs, a fresh process per run) on
 *     the synthetic texts repeated into a corpus that takes it several seconds,
 *     its output checked too; and, as the ceiling the machine allows, the bare
 *     parser on N worker threads (no CLI, no files, no output).
 *   With each run: the cores the CLI used and the cores other processes used
 *     meanwhile (Linux), and reports per CPU-second — equal for every N when
 *     the work spreads without waste. On a shared or virtual machine the wall
 *     speedup says as much about the neighbours as about the CLI.
 *
 * BENCH_SECONDS (default 5) per one-core timing; BENCH_JOBS_SECONDS (default
 * 8): the size of the --jobs corpus, in seconds of `--jobs 1`; BENCH_ROUNDS
 * (default 2): --jobs runs per N, the best kept (the machine is shared).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseReportText } from '../src/lib/report';
import { nodeEnv } from '../src/lib/report/io/node';
import { pdfToText } from '../src/lib/report/io/pdf';
import { readReportFile } from '../src/lib/report/io/read';
import type { ReportRecord } from '../src/lib/report/types';
import type { ReportNumbers } from '../src/lib/synthetic/render';
import { numberDiffs } from '../src/lib/synthetic/sample-texts';

const ROOT = resolve(import.meta.dirname, '..');
const dir = resolve(import.meta.dirname, '../data/reports');
const reports = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

interface Text {
  name: string;
  text: string;
}

/** parseReportText on `texts` over and over for `seconds`, after a warm-up of `warm` rounds: rate and per-report quantiles. */
function timeParses(texts: readonly Text[], corpus: string, warm: number) {
  for (let i = 0; i < warm; i++) for (const r of texts) parseReportText(r.text, r.name); // warm-up: let the JIT settle
  const times: number[] = [];
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    for (const r of texts) {
      const a = performance.now();
      parseReportText(r.text, r.name);
      times.push(performance.now() - a);
      n++;
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return {
    reports_per_second: Math.round(n / elapsed),
    ms_per_report_p50: +q(0.5).toFixed(3),
    ms_per_report_p95: +q(0.95).toFixed(3),
    corpus,
    parsed: n,
    seconds: +elapsed.toFixed(2),
  };
}
const meanKiB = (texts: readonly Text[]) =>
  Math.round(texts.reduce((a, r) => a + Buffer.byteLength(r.text), 0) / texts.length / 1024);

const text = timeParses(
  reports,
  `${reports.length} real report texts in data/reports (mean ${meanKiB(reports)} KiB)`,
  50,
);
console.log(
  `text reports parsed per second (one core): ${text.reports_per_second}  ` +
    `[p50 ${text.ms_per_report_p50} ms, p95 ${text.ms_per_report_p95} ms per report; ${text.corpus}; ${text.parsed} parses in ${text.seconds} s]`,
);

/* ----------------------------------------------- synthetic report texts */

// A synthetic set with its sample of report texts, made by the script that ships it.
const tmp = mkdtempSync(join(tmpdir(), 'mingjing-bench-parse-'));
const SYNTHETIC_ARGS = ['--reports', '2000', '--years', '1', '--seed', '1', '--texts', '500'];
execFileSync('npx', ['tsx', join(ROOT, 'scripts/data/synthetic.ts'), ...SYNTHETIC_ARGS, '--out', join(tmp, 'set')], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const textDir = join(tmp, 'set', 'texts');
const expected: Record<string, ReportNumbers> = JSON.parse(readFileSync(join(textDir, 'expected.json'), 'utf8'));
const sample: Text[] = Object.keys(expected)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(textDir, name), 'utf8') }));
if (sample.length === 0) throw new Error(`no synthetic report texts in ${textDir}`);

/**
 * Every number of a parse against what the text prints. The sample holds no
 * report with an injected error, so each must also parse quietly: no error
 * or warning.
 */
function check(got: ReportRecord, name: string): { diffs: string[]; loud: string[] } {
  const want = expected[name.replace(/^c\d+-/, '')];
  if (!want) return { diffs: [`${name}: not in expected.json`], loud: [] };
  return {
    diffs: numberDiffs(got, want).map((d) => `${name} ${d}`),
    loud: got.findings.filter((f) => f.severity !== 'info').map((f) => `${name} ${f.severity} ${f.rule}: ${f.message}`),
  };
}
function tally(results: { diffs: string[]; loud: string[] }[]) {
  const diffs = results.flatMap((r) => r.diffs);
  const loud = results.flatMap((r) => r.loud);
  return {
    mismatched_reports: results.filter((r) => r.diffs.length).length,
    mismatched_cells: diffs.length,
    reports_with_error_or_warning: results.filter((r) => r.loud.length).length,
    mismatches: diffs.slice(0, 20),
    errors_or_warnings: loud.slice(0, 20),
  };
}
const syntheticCheck = tally(sample.map((t) => check(parseReportText(t.text, t.name), t.name)));
const synthetic_text = {
  ...timeParses(
    sample,
    `${sample.length} synthetic report texts in the seed layouts (scripts/data/synthetic.ts ${SYNTHETIC_ARGS.join(' ')}; mean ${meanKiB(sample)} KiB)`,
    3,
  ),
  checked: sample.length,
  ...syntheticCheck,
};
console.log(
  `synthetic text reports parsed per second (one core): ${synthetic_text.reports_per_second}  ` +
    `[p50 ${synthetic_text.ms_per_report_p50} ms, p95 ${synthetic_text.ms_per_report_p95} ms per report; ${synthetic_text.corpus}; ` +
    `${synthetic_text.parsed} parses in ${synthetic_text.seconds} s; MISMATCHES: ${syntheticCheck.mismatched_reports} of ${sample.length} reports ` +
    `(${syntheticCheck.mismatched_cells} values), ${syntheticCheck.reports_with_error_or_warning} with an error or warning]`,
);
for (const m of [...syntheticCheck.mismatches, ...syntheticCheck.errors_or_warnings]) console.log(`  ${m}`);

/** Read every file of a kind `rounds` times through the same entry point as the CLI. */
async function files(paths: string[], rounds: number) {
  const bytes = paths.map((p) => new Uint8Array(readFileSync(p)));
  for (const [i, b] of bytes.entries()) await readReportFile(b, paths[i], nodeEnv); // warm-up, loads the library
  const t = performance.now();
  for (let r = 0; r < rounds; r++) for (const [i, b] of bytes.entries()) await readReportFile(b, paths[i], nodeEnv);
  return (performance.now() - t) / rounds;
}
const fixtures = resolve(import.meta.dirname, '../tests/fixtures');
// The real PDFs and every PDF rendition (Chromium, LibreOffice, narrow columns, A5, landscape, page breaks).
const pdfDirs = readdirSync(fixtures)
  .filter((d) => /^pdf(?:-|$)/.test(d))
  .sort();
const pdfs = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => join(dir, f)),
  ...pdfDirs.flatMap((d) =>
    readdirSync(join(fixtures, d))
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => join(fixtures, d, f)),
  ),
];

/**
 * The floor: what pdf.js itself takes to hand us the same pages — open the
 * document, getTextContent and getOperatorList of every page, nothing else.
 * Our reader does both (the operator list only on pages with a digit) plus
 * the tables; its ms per page is measured against this, in the same run.
 */
async function pdfjsFloor(paths: string[], rounds: number) {
  const pdfjs = (await nodeEnv.pdfjs()) as unknown as {
    getDocument(o: Record<string, unknown>): {
      promise: Promise<{
        numPages: number;
        getPage(
          n: number,
        ): Promise<{ getTextContent(): Promise<unknown>; getOperatorList(): Promise<unknown>; cleanup(): void }>;
        destroy(): Promise<void>;
      }>;
    };
  };
  const assets = nodeEnv.pdfAssets!();
  const bytes = paths.map((p) => new Uint8Array(readFileSync(p)));
  const once = async () => {
    for (const b of bytes) {
      const doc = await pdfjs.getDocument({
        data: new Uint8Array(b),
        disableFontFace: true,
        isEvalSupported: false,
        verbosity: 0,
        cMapUrl: assets.cMapUrl,
        cMapPacked: true,
        standardFontDataUrl: assets.standardFontDataUrl,
      }).promise;
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        await page.getTextContent();
        await page.getOperatorList();
        page.cleanup();
      }
      await doc.destroy();
    }
  };
  await once(); // warm-up
  const t = performance.now();
  for (let r = 0; r < rounds; r++) await once();
  return (performance.now() - t) / rounds;
}

let pages = 0;
for (const p of pdfs)
  pages += (await pdfToText(await nodeEnv.pdfjs(), new Uint8Array(readFileSync(p)), nodeEnv.pdfAssets!())).pages;
// Alternate the two, twice, and keep each one's best: the machine is shared.
const pdfRuns: number[] = [];
const floorRuns: number[] = [];
for (let i = 0; i < 2; i++) {
  pdfRuns.push(await files(pdfs, 2));
  floorRuns.push(await pdfjsFloor(pdfs, 2));
}
const pdfMs = Math.min(...pdfRuns);
const floorMs = Math.min(...floorRuns);
const pdf = {
  ms_per_page: +(pdfMs / pages).toFixed(1),
  pages_per_second: +((pages * 1000) / pdfMs).toFixed(1),
  floor_ms_per_page: +(floorMs / pages).toFixed(1),
  x_floor: +(pdfMs / floorMs).toFixed(2),
  corpus: `${pdfs.length} PDFs, ${pages} pages (3 real reports + tests/fixtures/${pdfDirs.join(', ')})`,
};
console.log(
  `PDF pages per second (one core): ${pdf.pages_per_second}  [${pdf.ms_per_page} ms per page = ${pdf.x_floor} × the pdf.js floor of ${pdf.floor_ms_per_page} ms (getTextContent + getOperatorList); ${pdf.corpus}]`,
);

const docxs = readdirSync(join(fixtures, 'docx'))
  .filter((f) => f.endsWith('.docx'))
  .map((f) => join(fixtures, 'docx', f));
const docxMs = await files(docxs, 5);
const docx = {
  ms_per_report: +(docxMs / docxs.length).toFixed(1),
  reports_per_second: +((docxs.length * 1000) / docxMs).toFixed(1),
  corpus: `${docxs.length} DOCX reports (tests/fixtures/docx)`,
};
console.log(
  `DOCX reports per second (one core): ${docx.reports_per_second}  [${docx.ms_per_report} ms per report; ${docx.corpus}]`,
);

/* ------------------------------------------------------ --jobs N */

const maxJobs = availableParallelism();
const jobCounts = Array.from({ length: maxJobs }, (_, i) => i + 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const BIN = join(ROOT, 'bin/mingjing.mjs');

// The sample repeated (hard links: c0-…, c1-…) until `--jobs 1` takes about BENCH_JOBS_SECONDS.
const corpusDir = join(tmp, 'corpus');
mkdirSync(corpusDir);
const copies = Math.max(
  2,
  Math.ceil((Number(process.env.BENCH_JOBS_SECONDS ?? 8) * synthetic_text.reports_per_second * 0.8) / sample.length),
);
const corpus: string[] = [];
for (let c = 0; c < copies; c++) {
  for (const t of sample) {
    const name = `c${c}-${t.name}`;
    try {
      linkSync(join(textDir, t.name), join(corpusDir, name));
    } catch {
      copyFileSync(join(textDir, t.name), join(corpusDir, name));
    }
    corpus.push(name);
  }
}

/** The machine's CPU time so far (Linux /proc/stat), in clock ticks: busy and total; null elsewhere. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user + nice + system + irq + softirq;
    return { busy, total: busy + idle + iowait + steal };
  } catch {
    return null;
  }
}
/** CPU time of a process so far, all its threads (Linux /proc/PID/stat), in the same ticks; null elsewhere. */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return null;
  }
}

/**
 * One `mingjing parse --jobs N` process on `files` (names in the corpus dir),
 * its output to a file: wall seconds, and the cores it kept busy and the
 * cores the rest of the machine kept busy meanwhile (other work on a shared
 * machine takes cores the workers would use).
 */
async function runCli(
  jobs: number,
  files: readonly string[],
  out: string,
): Promise<{ wall: number; cores: number | null; otherCores: number | null }> {
  const fd = openSync(out, 'w');
  const m0 = machineTicks();
  const t = performance.now();
  const child = spawn(process.execPath, [BIN, 'parse', '--jobs', String(jobs), ...files], {
    cwd: corpusDir,
    stdio: ['ignore', fd, 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  let ticks: number | null = null;
  const poll = setInterval(() => {
    ticks = processTicks(child.pid!) ?? ticks;
  }, 50);
  const status = await new Promise<number | null>((res) => child.on('close', res));
  clearInterval(poll);
  const wall = (performance.now() - t) / 1000;
  const m1 = machineTicks();
  closeSync(fd);
  if (status !== 0) throw new Error(`mingjing parse --jobs ${jobs} exited ${status}: ${stderr}`);
  const machine = m0 && m1 && m1.total > m0.total ? ((m1.busy - m0.busy) / (m1.total - m0.total)) * maxJobs : null;
  const cores = ticks !== null && m0 && m1 && m1.total > m0.total ? ticks / ((m1.total - m0.total) / maxJobs) : null;
  return {
    wall,
    cores: cores === null ? null : +cores.toFixed(2),
    otherCores: machine === null || cores === null ? null : +Math.max(0, machine - cores).toFixed(2),
  };
}

/** The bare parser on `threads` worker threads for `secs`: the most the machine gives this work, without the CLI. */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  (await import(workerData.tsx)).register();
  const { parseReportText } = await import(workerData.engine);
  for (let i = 0; i < 3; i++) for (const t of workerData.texts) parseReportText(t, 'x');
  parentPort.postMessage('ready');
  await new Promise((r) => parentPort.once('message', r));
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < workerData.ms) for (const t of workerData.texts) { parseReportText(t, 'x'); n++; }
  parentPort.postMessage(n / ((performance.now() - t0) / 1000));
})();
`;
async function threadsRate(threads: number, secs: number): Promise<number> {
  const workerData = {
    tsx: import.meta.resolve('tsx/esm/api'),
    engine: pathToFileURL(join(ROOT, 'src/lib/report/index.ts')).href,
    texts: sample.map((t) => t.text),
    ms: secs * 1000,
  };
  const ws = Array.from({ length: threads }, () => new Worker(WORKER_CODE, { eval: true, workerData }));
  const next = (w: Worker) =>
    new Promise<unknown>((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
  await Promise.all(ws.map(next));
  const done = ws.map(next); // all start together
  ws.forEach((w) => w.postMessage('go'));
  const rates = (await Promise.all(done)) as number[];
  await Promise.all(ws.map((w) => w.terminate()));
  return rates.reduce((a, b) => a + b, 0);
}

/**
 * N separate `--jobs 1` processes, each on 1/N of the corpus, started together: the most the machine gives the
 * CLI's whole work per report (reading, parsing, printing) with nothing shared — what `--jobs N` could reach.
 */
async function separateProcesses(n: number): Promise<number> {
  const t = performance.now();
  const part = Math.ceil(corpus.length / n);
  await Promise.all(
    Array.from({ length: n }, (_, k) =>
      runCli(1, corpus.slice(k * part, (k + 1) * part), join(tmp, `separate${k}.jsonl`)),
    ),
  );
  return (performance.now() - t) / 1000;
}

// Start-up: the process with N workers on N files (each worker reads one).
const startup = new Map<number, number>();
for (const j of jobCounts) {
  const walls: number[] = [];
  for (let i = 0; i < 3; i++) walls.push((await runCli(j, corpus.slice(0, j), join(tmp, 'startup.jsonl'))).wall);
  startup.set(j, walls.sort((a, b) => a - b)[1]);
}

// Rounds alternate N, so that a slow spell of the (shared, virtual) machine does not fall on one N only; the best run is kept.
const best = new Map<number, Awaited<ReturnType<typeof runCli>>>();
const ceiling = new Map<number, number>();
const separate = new Map<number, number>();
for (let r = 0; r < rounds; r++) {
  for (const j of jobCounts) {
    const run = await runCli(j, corpus, join(tmp, `jobs${j}.jsonl`));
    if (run.wall < (best.get(j)?.wall ?? Infinity)) best.set(j, run);
    ceiling.set(j, Math.max(ceiling.get(j) ?? 0, await threadsRate(j, 3)));
    if (j > 1) separate.set(j, Math.min(separate.get(j) ?? Infinity, await separateProcesses(j)));
  }
}

// The CLI's output (of the last run of each N) checked like the single-core parses: every record, every number.
const cliCheck = new Map(
  jobCounts.map((j) => {
    const lines = readFileSync(join(tmp, `jobs${j}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const results = lines.map((l) => {
      const rec = JSON.parse(l) as ReportRecord;
      return check(rec, rec.source);
    });
    const missing = corpus.length - lines.length;
    return [j, { records: lines.length, missing_records: missing, ...tally(results) }];
  }),
);

const rate1 = corpus.length / best.get(1)!.wall;
const steady1 = corpus.length / (best.get(1)!.wall - startup.get(1)!);
/** Reports per CPU-second of the CLI process: the same for every N if the work spreads over the workers with no waste, whatever else the machine runs. */
const perCpu = (r: { wall: number; cores: number | null }) => (r.cores ? corpus.length / (r.cores * r.wall) : null);
const perCpu1 = perCpu(best.get(1)!);
const jobs = jobCounts.map((j) => {
  const { wall, cores, otherCores } = best.get(j)!;
  const steady = corpus.length / (wall - startup.get(j)!);
  const c = cliCheck.get(j)!;
  return {
    jobs: j,
    reports_per_second: Math.round(corpus.length / wall),
    speedup: +(corpus.length / wall / rate1).toFixed(2),
    seconds: +wall.toFixed(2),
    cores_used: cores,
    other_processes_cores: otherCores,
    reports_per_cpu_second: perCpu(best.get(j)!) === null ? null : Math.round(perCpu(best.get(j)!)!),
    cpu_efficiency: perCpu1 && perCpu(best.get(j)!) ? +(perCpu(best.get(j)!)! / perCpu1).toFixed(2) : null,
    startup_seconds: +startup.get(j)!.toFixed(2),
    reports_per_second_after_startup: Math.round(steady),
    speedup_after_startup: +(steady / steady1).toFixed(2),
    ceiling_reports_per_second: Math.round(ceiling.get(j)!),
    ceiling_speedup: +(ceiling.get(j)! / ceiling.get(1)!).toFixed(2),
    separate_processes_speedup: +(best.get(1)!.wall / (separate.get(j) ?? best.get(1)!.wall)).toFixed(2),
    files: corpus.length,
    mismatched_reports: c.mismatched_reports + c.missing_records,
    mismatched_cells: c.mismatched_cells,
    reports_with_error_or_warning: c.reports_with_error_or_warning,
    mismatches: c.mismatches,
  };
});
for (const j of jobs) {
  console.log(
    `mingjing parse --jobs ${j.jobs}: ${j.reports_per_second} reports/s, speedup ${j.speedup} (ideal ${j.jobs})  ` +
      `[${j.files} synthetic texts in ${j.seconds} s, best of ${rounds}, using ${j.cores_used ?? '?'} cores (other processes ${j.other_processes_cores ?? '?'}), ${j.reports_per_cpu_second ?? '?'} reports per CPU-second = ${j.cpu_efficiency ?? '?'}× of --jobs 1's; start-up ${j.startup_seconds} s, after it ${j.reports_per_second_after_startup} reports/s = ${j.speedup_after_startup}×; ` +
      `the bare parser on ${j.jobs} thread${j.jobs > 1 ? 's' : ''}: ${j.ceiling_reports_per_second} reports/s = ${j.ceiling_speedup}×; ` +
      `${j.jobs} separate --jobs 1 processes on 1/${j.jobs} each: ${j.separate_processes_speedup}×; ` +
      `MISMATCHES: ${j.mismatched_reports} reports (${j.mismatched_cells} values), ${j.reports_with_error_or_warning} with an error or warning]`,
  );
  for (const m of j.mismatches) console.log(`  ${m}`);
}
rmSync(tmp, { recursive: true, force: true });

const result = {
  benchmark: 'parse',
  text,
  synthetic_text,
  jobs,
  pdf,
  docx,
  cores: maxJobs,
  node: process.version,
  date: new Date().toISOString(),
};
mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results/parse.json'), JSON.stringify(result, null, 2) + '\n');
