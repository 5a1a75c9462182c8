/**
 * The page side of the parse worker: `parseFile(name, bytes)` returns a
 * promise of the contract record. One worker is shared by all callers and
 * created on first use; requests are matched to replies by id.
 */
import type { ReportRecord } from '$lib/report';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: ArrayBuffer;
}

export type ParseResponse = { id: number; record: ReportRecord; text: string | null } | { id: number; error: string };

/** A parsed file: its contract record and the text the parser read (null when none could be read). */
export type Parsed = { record: ReportRecord; text: string | null };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: Parsed) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  // Vite sees this exact pattern and bundles the worker (with its own chunks) into the build.
  const w = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<ParseResponse>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if ('record' in reply) waiter.resolve({ record: reply.record, text: reply.text });
    else waiter.reject(new Error(reply.error));
  };
  // A worker that fails to load (or crashes) fails every request still waiting.
  w.onerror = (event) => {
    event.preventDefault();
    const error = new Error(`解析线程出错：${event.message || '无法启动'}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    worker = undefined;
    w.terminate();
  };
  return (worker = w);
}

/** Stop the worker (a file that takes too long): every waiting request fails; the next one starts a new worker. */
export function resetParser(reason: string): void {
  const w = worker;
  worker = undefined;
  w?.terminate();
  for (const waiter of pending.values()) waiter.reject(new Error(reason));
  pending.clear();
}

/**
 * Parse one file in the worker. The bytes are transferred, not copied: the
 * caller's ArrayBuffer is detached afterwards (pass a copy to keep it).
 */
export async function parseFile(name: string, bytes: ArrayBuffer): Promise<ReportRecord> {
  return (await parseFileWithText(name, bytes)).record;
}

/** Parse one file in the worker, keeping the text the parser read (for the side-by-side view and corrections). */
export function parseFileWithText(name: string, bytes: ArrayBuffer): Promise<Parsed> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<Parsed>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const request: ParseRequest = { id, name, bytes };
    w.postMessage(request, [bytes]);
  });
}
