/**
 * The worker-thread side of `--jobs`: read each file it is sent, one at a
 * time in the order sent, and send back its printed output (with the file's
 * index, so the main thread knows which it is).
 */
import { parentPort } from 'node:worker_threads';
import { readAndFormat, type FileOutput, type OutputMode } from './read-file';

export interface Job { i: number; path: string; withCells: boolean; mode: OutputMode }
export interface JobResult extends FileOutput { i: number }

export function runWorker(): void {
  const queue: Job[] = [];
  let busy = false;
  const drain = async () => {
    if (busy) return;
    busy = true;
    for (let job = queue.shift(); job; job = queue.shift()) {
      const out = await readAndFormat(job.path, job.withCells, job.mode);
      parentPort!.postMessage({ i: job.i, ...out } satisfies JobResult);
    }
    busy = false;
  };
  parentPort!.on('message', (job: Job) => {
    queue.push(job);
    void drain();
  });
}
