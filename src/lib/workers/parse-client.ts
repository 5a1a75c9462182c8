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
 */
import type { ReportRecord } from '$lib/report';
import { BROWSER_TIMEOUT_MS } from '$lib/limits/files';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: ArrayBuffer;
}

export type ParseResponse = { id: number; record: ReportRecord; text: string | null } | { id: number; error: string };

/** A parsed file: its contract record and the text the parser read (null when none could be read). */
export type Parsed = { record: ReportRecord; text: string | null };

interface Job extends ParseRequest {
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
  w.onmessage = (event: MessageEvent<ParseResponse>) => {
    const reply = event.data;
    if (w !== worker || !current || current.job.id !== reply.id) return; // a stopped worker's late answer
    const { job, timer } = current;
    clearTimeout(timer);
    current = null;
    if ('record' in reply) job.resolve({ record: reply.record, text: reply.text });
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

/** Hand the next waiting file to the worker, and start its clock. */
function next() {
  if (current || waiting.length === 0) return;
  const job = waiting.shift()!;
  const w = getWorker();
  const timer = setTimeout(() => {
    if (current?.job !== job) return;
    // Only this file is lost: the worker is replaced and the queue goes on.
    stop();
    current = null;
    job.reject(new Error(timeoutReason(job.name)));
    next();
  }, BROWSER_TIMEOUT_MS);
  current = { job, timer };
  const request: ParseRequest = { id: job.id, name: job.name, bytes: job.bytes };
  w.postMessage(request, [job.bytes]);
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
export function parseFileWithText(name: string, bytes: ArrayBuffer): Promise<Parsed> {
  return new Promise<Parsed>((resolve, reject) => {
    waiting.push({ id: nextId++, name, bytes, resolve, reject });
    next();
  });
}
