/**
 * `--jobs N`: read a batch on N worker threads. Files are handed out as
 * workers come free (PDFs take longer than texts), two at a time so that a
 * worker never waits for the main thread between files; each worker sends
 * back the file's printed output (a string: cheap to pass between threads,
 * where a record with its cells is not), and the main thread only writes it,
 * in input order. A worker that dies loses only the file it was reading,
 * which is reported as unreadable with the reason; the file queued behind it
 * goes to a fresh worker.
 *
 * Start-up: loading the engine's TypeScript through tsx takes a worker
 * about half a second of loader work, and workers starting together wait
 * for each other. So the workers run the same sources bundled into one
 * JavaScript file (esbuild, the one tsx runs on), made afresh from the
 * sources on every run — it cannot drift from them — which a worker loads
 * in a tenth of the time. Where the bundle cannot be made or written, the
 * workers load the sources through tsx (bin/read-worker.mjs) as before.
 * The main thread does not load the engine at all.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileOutput, OutputMode } from './read-file';
import type { Job, JobResult } from './worker';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The sources through tsx: the fallback. */
const TSX_WORKER = new URL('../../bin/read-worker.mjs', import.meta.url);
/** Inside the package, so that the libraries left out of it (pdfjs-dist, mammoth) resolve from there. */
const BUNDLED_WORKER = new URL('../../node_modules/.cache/mingjing/read-worker.mjs', import.meta.url);

/** The worker's entry: the bundle, written (only when it changed) where BUNDLED_WORKER says; or the tsx one. */
async function workerEntry(): Promise<URL> {
  try {
    // tsx's own esbuild: whatever runs the CLI has it.
    const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as typeof import('esbuild');
    const { outputFiles } = await esbuild.build({
      stdin: { contents: "import { runWorker } from './src/cli/worker.ts';\nrunWorker();\n", resolveDir: ROOT, sourcefile: 'read-worker.ts', loader: 'ts' },
      bundle: true, platform: 'node', format: 'esm', target: 'node20',
      // Large, and loaded on first use only (PDF, DOCX): left to Node to load from node_modules.
      external: ['pdfjs-dist', 'mammoth'],
      write: false, logLevel: 'silent',
    });
    const code = outputFiles[0].text;
    const path = fileURLToPath(BUNDLED_WORKER);
    let current: string | null = null;
    try { current = readFileSync(path, 'utf8'); } catch { /* not written yet */ }
    if (current !== code) {
      mkdirSync(dirname(path), { recursive: true });
      // Renamed into place whole: a CLI running at the same time reads the old file or the new one.
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, path);
    }
    return BUNDLED_WORKER;
  } catch {
    return TSX_WORKER;
  }
}
/** Files in flight per worker: the one it reads and the next. */
const DEPTH = 2;

export async function readParallel(
  paths: readonly string[], withCells: boolean, mode: OutputMode, jobs: number,
  onResult: (i: number, r: FileOutput) => void,
): Promise<void> {
  let entry = await workerEntry();
  let next = 0;
  /** Files a dead worker had queued but not begun: handed out first. */
  const retry: number[] = [];
  const take = () => (retry.length ? retry.shift()! : next < paths.length ? next++ : -1);
  const start = (): Promise<void> => new Promise((resolve, reject) => {
    const mine = entry;
    const w = new Worker(mine);
    let online = false;
    let answered = false;
    const inFlight: number[] = [];
    const feed = () => {
      for (let i = inFlight.length < DEPTH ? take() : -1; i >= 0; i = inFlight.length < DEPTH ? take() : -1) {
        inFlight.push(i);
        w.postMessage({ i, path: paths[i], withCells, mode } satisfies Job);
      }
      if (inFlight.length === 0) { void w.terminate(); resolve(); }
    };
    w.on('message', (r: JobResult) => {
      answered = true;
      inFlight.splice(inFlight.indexOf(r.i), 1);
      onResult(r.i, { text: r.text, openError: r.openError });
      feed();
    });
    w.on('error', async (e) => {
      // A worker that cannot even start would fail the same way for every file.
      if (!online && mine === TSX_WORKER) { reject(e); return; }
      // A bundle that dies before its first answer may be the bundle's fault: its files go to tsx workers.
      const bundleFailed = mine === BUNDLED_WORKER && !answered;
      if (bundleFailed) entry = TSX_WORKER;
      // It reads its files in order: the first in flight is the one it died on.
      const lost = bundleFailed ? undefined : inFlight.shift();
      retry.unshift(...inFlight);
      inFlight.length = 0;
      if (lost !== undefined) {
        const { formatRecord } = await import('./read-file');
        const { unreadable } = await import('../lib/report/io/read');
        onResult(lost, { text: formatRecord(unreadable(paths[lost], `读取时出错：${e.message}`), mode) });
      }
      // Carry on with a fresh worker for the rest of the queue.
      start().then(resolve, reject);
    });
    w.once('online', () => { online = true; feed(); });
  });
  await Promise.all(Array.from({ length: Math.min(jobs, paths.length) }, start));
}
