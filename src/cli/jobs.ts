/**
 * `--jobs N`: read a batch on N worker threads. Files are handed out one at a
 * time as workers come free (PDFs take longer than texts), and the results
 * come back in input order. A worker that dies loses only its current file,
 * which is reported as unreadable with the reason.
 */
import { Worker } from 'node:worker_threads';
import { unreadable } from '../lib/report/io/read';
import type { FileResult } from './read-file';

const WORKER = new URL('../../bin/read-worker.mjs', import.meta.url);

export async function readParallel(paths: readonly string[], withCells: boolean, jobs: number, onResult: (i: number, r: FileResult) => void): Promise<void> {
  let next = 0;
  const start = (): Promise<void> => new Promise((resolve) => {
    const w = new Worker(WORKER);
    let current = -1;
    const feed = () => {
      if (next >= paths.length) { void w.terminate(); resolve(); return; }
      current = next++;
      w.postMessage({ path: paths[current], withCells });
    };
    w.on('message', (r: FileResult) => { onResult(current, r); feed(); });
    w.on('error', (e) => {
      if (current >= 0) onResult(current, { record: unreadable(paths[current], `读取时出错：${e.message}`) });
      current = -1;
      // Carry on with a fresh worker for the rest of the queue.
      void start().then(resolve);
    });
    w.once('online', feed);
  });
  await Promise.all(Array.from({ length: Math.min(jobs, paths.length) }, start));
}
