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

export type ParseResponse = { id: number; record: ReportRecord } | { id: number; error: string };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: ReportRecord) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  // Vite sees this exact pattern and bundles the worker (with its own chunks) into the build.
  const w = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<ParseResponse>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if ('record' in reply) waiter.resolve(reply.record);
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

/**
 * Parse one file in the worker. The bytes are transferred, not copied: the
 * caller's ArrayBuffer is detached afterwards (pass a copy to keep it).
 */
export function parseFile(name: string, bytes: ArrayBuffer): Promise<ReportRecord> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<ReportRecord>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const request: ParseRequest = { id, name, bytes };
    w.postMessage(request, [bytes]);
  });
}
