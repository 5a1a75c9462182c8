/** The worker-thread side of `--jobs`: read each file it is sent, send back the record. */
import { parentPort } from 'node:worker_threads';
import { readOne } from './read-file';

export function runWorker(): void {
  parentPort!.on('message', async (msg: { path: string; withCells: boolean }) => {
    parentPort!.postMessage(await readOne(msg.path, msg.withCells));
  });
}
