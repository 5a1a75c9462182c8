/**
 * The worker-thread side of the CLI: read each file it is sent, one at a
 * time in the order sent, say when it starts on one after waiting for work
 * (the main thread times each file from its start; a file that follows
 * another without a wait starts with the answer for that one), and send back
 * its printed output as UTF-8 bytes with the file's index, so the main thread
 * knows which it is.
 */
import { parentPort } from 'node:worker_threads';
import { onOcrPage, readAndFormat, type FileOutput, type OutputMode } from './read-file';

export interface Job {
  i: number;
  /** A path, or its bytes when the name is not UTF-8 (a Buffer arrives as a Uint8Array). */
  path: string | Uint8Array;
  source: string;
  withCells: boolean;
  mode: OutputMode;
  /** Known before opening that it cannot be read (./inputs.ts). */
  refusal?: string;
}
export interface JobResult extends FileOutput {
  i: number;
}
/** Sent when the worker starts on file `started`. */
export interface JobStarted {
  started: number;
}
/** Sent when a page of file `progress` has been read by OCR: a scan is timed per page, not as a whole. */
export interface JobProgress {
  progress: number;
}

export function runWorker(): void {
  const queue: Job[] = [];
  let busy = false;
  let current = -1;
  onOcrPage(() => current >= 0 && parentPort!.postMessage({ progress: current } satisfies JobProgress));
  const drain = async () => {
    if (busy) return;
    busy = true;
    // Said for the first file only: the main thread takes each answer as the start of the next file held here.
    let first = true;
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (first) parentPort!.postMessage({ started: job.i } satisfies JobStarted);
      first = false;
      current = job.i;
      const out = await readAndFormat(job.path, job.source, job.withCells, job.mode, job.refusal);
      current = -1;
      // The bytes are moved to the main thread, not copied (only a buffer that holds nothing else).
      const { buffer } = out.bytes;
      const own = out.bytes.byteOffset === 0 && out.bytes.byteLength === buffer.byteLength;
      parentPort!.postMessage({ i: job.i, ...out } satisfies JobResult, own ? [buffer as ArrayBuffer] : []);
    }
    busy = false;
  };
  parentPort!.on('message', (job: Job) => {
    queue.push(job);
    void drain();
  });
}
