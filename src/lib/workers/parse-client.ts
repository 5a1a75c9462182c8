/**
 * The page side of the parse worker: `parseFile(name, bytes)` returns a
 * promise of the contract record. One worker is shared by all callers and
 * created on first use.
 *
 * The worker reads one file at a time, and it is handed one file at a time:
 * the others wait here, their bytes still ours. So at every moment the file
 * the worker is reading is known, and it alone is timed — from the moment it
 * is handed over, BROWSER_TIMEOUT_MS (limits/files.ts). A file that takes
 * longer (a PDF built to make pdf.js walk its page tree for hours) cannot be
 * interrupted inside the worker, so the worker is stopped: that file fails
 * with a reason naming it and the limit, a fresh worker starts, and the files
 * waiting behind it are read as if nothing had happened.
 *
 * A scan read by OCR says how far it is (pages done of pages): each step
 * starts the file's clock again, so a long scan is timed per step, not whole
 * — a page that hangs is still stopped. It can be cancelled (`cancelParse`):
 * the file fails with ParseCancelled, the next one is read.
 */
import type { ReportRecord } from '$lib/report';
import { BROWSER_TIMEOUT_MS } from '$lib/limits/files';

export type ParseRequest = { id: number; name: string; bytes: ArrayBuffer } | { cancel: number };

export type ParseResponse =
  | { id: number; record: ReportRecord; text: string | null }
  | { id: number; error: string }
  | { id: number; cancelled: true };

/** OCR progress: pages done of pages (total 0: the OCR engine is starting). */
export interface OcrProgress {
  done: number;
  total: number;
}
export type WorkerMessage = ParseResponse | { id: number; progress: OcrProgress };

/** A file the user cancelled while it was read (or waiting). */
export class ParseCancelled extends Error {
  constructor(name: string) {
    super(`已取消“${name}”的读取（文字识别被用户停止），未读取；其他文件不受影响，删除后可重新导入`);
    this.name = 'ParseCancelled';
  }
}

/** What a caller may follow and stop of one file. */
export interface ParseControl {
  onProgress?: (p: OcrProgress) => void;
  /** Aborting it cancels the file (waiting or being read). */
  signal?: AbortSignal;
}

/** A parsed file: its contract record and the text the parser read (null when none could be read). */
export type Parsed = { record: ReportRecord; text: string | null };

interface Job extends ParseControl {
  id: number;
  name: string;
  bytes: ArrayBuffer;
  resolve: (r: Parsed) => void;
  reject: (e: Error) => void;
}

let worker: Worker | undefined;
let nextId = 1;
/** Files waiting for the worker, in the order asked. */
const waiting: Job[] = [];
/** The file the worker is reading, and its timer. */
let current: { job: Job; timer: ReturnType<typeof setTimeout> } | null = null;

/** The reason for a file that took too long: its name and the limit. */
export const timeoutReason = (name: string, ms = BROWSER_TIMEOUT_MS) =>
  `“${name}”解析超过 ${ms / 1000} 秒（每个文件的时间上限），已停止；其他文件不受影响`;

function getWorker(): Worker {
  if (worker) return worker;
  // Vite sees this exact pattern and bundles the worker (with its own chunks) into the build.
  const w = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const reply = event.data;
    if (w !== worker || !current || current.job.id !== reply.id) return; // a stopped worker's late answer
    const { job, timer } = current;
    clearTimeout(timer);
    if ('progress' in reply) {
      // A step of OCR done: the file is alive, its clock starts again.
      current.timer = clock(job);
      job.onProgress?.(reply.progress);
      return;
    }
    current = null;
    if ('record' in reply) job.resolve({ record: reply.record, text: reply.text });
    else if ('cancelled' in reply) job.reject(new ParseCancelled(job.name));
    else job.reject(new Error(reply.error));
    next();
  };
  // A worker that fails to load (or crashes) fails the file it was reading; the next file gets a fresh worker.
  w.onerror = (event) => {
    event.preventDefault();
    if (w !== worker) return;
    stop();
    const job = current?.job;
    if (current) clearTimeout(current.timer);
    current = null;
    job?.reject(new Error(`解析“${job.name}”时解析线程出错：${event.message || '无法启动'}`));
    next();
  };
  return (worker = w);
}

function stop() {
  const w = worker;
  worker = undefined;
  w?.terminate();
}

/** The file's clock: past BROWSER_TIMEOUT_MS without an answer or a step of progress, the worker is stopped. */
const clock = (job: Job) =>
  setTimeout(() => {
    if (current?.job !== job) return;
    // Only this file is lost: the worker is replaced and the queue goes on.
    stop();
    current = null;
    job.reject(new Error(timeoutReason(job.name)));
    next();
  }, BROWSER_TIMEOUT_MS);

/** Hand the next waiting file to the worker, and start its clock. */
function next() {
  if (current || waiting.length === 0) return;
  const job = waiting.shift()!;
  const w = getWorker();
  current = { job, timer: clock(job) };
  const request: ParseRequest = { id: job.id, name: job.name, bytes: job.bytes };
  w.postMessage(request, [job.bytes]);
}

/** Stop one file: taken out of the queue if it waits, else the worker is asked to abort it (its OCR stops between cells). */
function cancel(job: Job) {
  const i = waiting.indexOf(job);
  if (i >= 0) {
    waiting.splice(i, 1);
    job.reject(new ParseCancelled(job.name));
  } else if (current?.job === job) worker?.postMessage({ cancel: job.id } satisfies ParseRequest);
}

/** Stop the worker: the file it is reading and every waiting one fail with `reason`; the next request starts a new worker. */
export function resetParser(reason: string): void {
  stop();
  if (current) clearTimeout(current.timer);
  const jobs = [...(current ? [current.job] : []), ...waiting.splice(0)];
  current = null;
  for (const job of jobs) job.reject(new Error(reason));
}

/**
 * Parse one file in the worker. The bytes are transferred, not copied: the
 * caller's ArrayBuffer is detached once the worker takes the file (pass a
 * copy to keep it).
 */
export async function parseFile(name: string, bytes: ArrayBuffer): Promise<ReportRecord> {
  return (await parseFileWithText(name, bytes)).record;
}

/** Parse one file in the worker, keeping the text the parser read (for the side-by-side view and corrections). */
export function parseFileWithText(name: string, bytes: ArrayBuffer, control: ParseControl = {}): Promise<Parsed> {
  return new Promise<Parsed>((resolve, reject) => {
    if (control.signal?.aborted) return reject(new ParseCancelled(name));
    const job: Job = { id: nextId++, name, bytes, resolve, reject, ...control };
    control.signal?.addEventListener('abort', () => cancel(job), { once: true });
    waiting.push(job);
    next();
  });
}
