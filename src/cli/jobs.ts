/**
 * The CLI reads every batch on worker threads (`--jobs N`, one by default):
 * files are handed out as workers come free (PDFs take longer than texts),
 * two at a time so that a worker never waits for the main thread between
 * files. Each worker reads the file itself (by its path), prints the record
 * and sends the printed output back as UTF-8 bytes, transferred, not copied;
 * the main thread only writes them, in input order. Per file it handles one
 * message.
 *
 * Nothing one file does can stop the batch. A worker says when it starts on a
 * file after waiting for one (its first, or one sent once it had run out); a
 * file it held behind another it starts as it answers that one, and the main
 * thread takes the answer as the start. The main thread gives each file
 * `--timeout` seconds from its start — a scan, from the start of each page its
 * OCR reads (the worker says when one is done): past them the
 * worker is terminated (the only way to stop a thread busy in pdf.js), the
 * file is reported with the reason, and a fresh worker takes the files that
 * were queued behind it. A worker is started with a heap limit, so a file that
 * runs away with memory kills its worker, not the process; a worker that dies
 * loses only the file it was reading, reported the same way.
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
import { CLI_WORKER_HEAP_MB, fileName } from '../lib/limits/files';
import type { Input } from './inputs';
import type { FileOutput, OutputMode } from './read-file';
import { visible } from './terminal';
import type { Job, JobProgress, JobResult, JobStarted } from './worker';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The sources through tsx: the fallback. */
const TSX_WORKER = new URL('../../bin/read-worker.mjs', import.meta.url);
/** Inside the package, so that the libraries left out of it (pdfjs-dist, mammoth) resolve from there. */
const BUNDLED_WORKER = new URL('../../node_modules/.cache/mingjing/read-worker.mjs', import.meta.url);

/** The worker's entry: the bundle, written (only when it changed) where BUNDLED_WORKER says; or the tsx one. */
async function workerEntry(): Promise<URL> {
  try {
    // tsx's own esbuild: whatever runs the CLI has it.
    const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))(
      'esbuild',
    ) as typeof import('esbuild');
    const { outputFiles } = await esbuild.build({
      stdin: {
        contents: "import { runWorker } from './src/cli/worker.ts';\nrunWorker();\n",
        resolveDir: ROOT,
        sourcefile: 'read-worker.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Large, and loaded on first use only (PDF, DOCX, OCR): left to Node to load from node_modules.
      external: ['pdfjs-dist', 'mammoth', 'tesseract.js', '@napi-rs/canvas'],
      write: false,
      logLevel: 'silent',
    });
    const code = outputFiles[0].text;
    const path = fileURLToPath(BUNDLED_WORKER);
    let current: string | null = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* not written yet */
    }
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

export interface PoolOptions {
  withCells: boolean;
  mode: OutputMode;
  jobs: number;
  /** Per file, from when its worker starts on it. */
  timeoutMs: number;
}

/** The reason for a file whose worker was stopped or died: it names the file and what happened. */
function failure(source: string, what: 'timeout' | Error, opts: PoolOptions): string {
  const name = fileName(source);
  if (what === 'timeout')
    return `“${name}”读取超过 ${opts.timeoutMs / 1000} 秒（每个文件的时间上限，扫描件为每页识别的上限；可用 --timeout 调整），已停止`;
  if ((what as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return `“${name}”读取时所用内存超过上限 ${CLI_WORKER_HEAP_MB} MB，已停止`;
  return `读取“${name}”时出错：${what.message}`;
}

export async function readParallel(
  inputs: readonly Input[],
  opts: PoolOptions,
  onResult: (i: number, r: FileOutput) => void,
): Promise<void> {
  if (inputs.length === 0) return;
  let entry = await workerEntry();
  let next = 0;
  /** Files a stopped or dead worker had queued but not begun: handed out first. */
  const retry: number[] = [];
  const take = () => (retry.length ? retry.shift()! : next < inputs.length ? next++ : -1);
  const job = (i: number): Job => {
    const { path, source, refusal } = inputs[i];
    return { i, path, source, withCells: opts.withCells, mode: opts.mode, ...(refusal ? { refusal } : {}) };
  };
  let outstanding = inputs.length;

  return new Promise<void>((resolveAll, rejectAll) => {
    const finish = (i: number, out: FileOutput) => {
      onResult(i, out);
      if (--outstanding === 0) resolveAll();
    };
    /** A file whose worker was stopped or died: unreadable, with the reason (the engine is loaded here only for this). */
    const fail = (i: number, what: 'timeout' | Error) => {
      const { source } = inputs[i];
      const reason = failure(source, what, opts);
      void (async () => {
        const { formatRecord, outputBytes } = await import('./read-file');
        const { unreadable } = await import('../lib/report/io/read');
        finish(i, {
          bytes: outputBytes(formatRecord(unreadable(source, reason), opts.mode)),
          openError: visible(`${source}: ${reason}`),
        });
      })().catch(rejectAll);
    };
    const spawnIfWork = () => {
      if (retry.length || next < inputs.length) spawn();
    };

    function spawn() {
      const mine = entry;
      const w = new Worker(mine, { resourceLimits: { maxOldGenerationSizeMb: CLI_WORKER_HEAP_MB } });
      let online = false;
      let answered = false;
      /** Stopped by us, or died: its later events mean nothing. */
      let gone = false;
      const inFlight: number[] = [];
      let reading = -1;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const feed = () => {
        for (let i = inFlight.length < DEPTH ? take() : -1; i >= 0; i = inFlight.length < DEPTH ? take() : -1) {
          inFlight.push(i);
          w.postMessage(job(i));
        }
        if (inFlight.length === 0) {
          gone = true;
          void w.terminate();
        }
      };
      /** This worker is finished with: stop it; `lost` is reported, the rest of what it held goes back to the queue. */
      const retire = (lost: number | undefined, what: 'timeout' | Error) => {
        gone = true;
        clearTimeout(timer);
        void w.terminate();
        retry.unshift(...inFlight.filter((i) => i !== lost));
        inFlight.length = 0;
        if (lost !== undefined) fail(lost, what);
        spawnIfWork();
      };
      /** The worker is on file `i` from now: its time starts (again, if the worker said so after a guess). */
      const starts = (i: number) => {
        clearTimeout(timer);
        reading = i;
        timer = setTimeout(() => {
          if (!gone && reading === i) retire(i, 'timeout');
        }, opts.timeoutMs);
      };
      w.on('message', (m: JobResult | JobStarted | JobProgress) => {
        if (gone) return;
        if ('started' in m) return starts(m.started);
        if ('progress' in m) return void (m.progress === reading && starts(m.progress));
        clearTimeout(timer);
        reading = -1;
        answered = true;
        inFlight.splice(inFlight.indexOf(m.i), 1);
        // A worker goes on at once to the next file it holds, without saying so (one message per file, not two).
        if (inFlight.length) starts(inFlight[0]);
        finish(m.i, { bytes: m.bytes, openError: m.openError });
        feed();
      });
      const died = (e: Error) => {
        if (gone) return;
        // A worker that cannot even start would fail the same way for every file.
        if (!online && mine === TSX_WORKER) {
          gone = true;
          rejectAll(e);
          return;
        }
        // A bundle that dies before its first answer may be the bundle's fault: its files go to tsx workers.
        const bundleFailed = mine === BUNDLED_WORKER && !answered;
        if (bundleFailed) entry = TSX_WORKER;
        // It reads its files in order: the one it said it started is the one it died on.
        retire(bundleFailed ? undefined : reading >= 0 ? reading : inFlight[0], e);
      };
      w.on('error', died);
      w.on('exit', (code) => died(new Error(`解析线程意外退出（代码 ${code}）`)));
      w.once('online', () => {
        online = true;
        feed();
      });
    }

    for (let k = 0; k < Math.min(opts.jobs, inputs.length); k++) spawn();
  });
}
