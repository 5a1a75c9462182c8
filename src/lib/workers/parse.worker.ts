/**
 * Reads report files off the main thread: PDF and DOCX parsing can take
 * seconds, and the page must stay responsive. One file in, one answer out —
 * and while a scan is read by OCR, its progress (pages done of pages) and a
 * cancel from the page (an AbortSignal handed to the reader).
 */
import { readReportFileWithText } from '$lib/report/io/read';
import { browserEnv, browserOcr } from '$lib/report/io/browser';
import type { ParseRequest, ParseResponse, WorkerMessage } from './parse-client';

// The project is typed against lib.dom; a worker's global needs only these two members.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ParseRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
};

/** The file being read and how to stop it (one at a time: the client hands them over one by one). */
const reading = new Map<number, AbortController>();

scope.onmessage = async (event: MessageEvent<ParseRequest>) => {
  const msg = event.data;
  if ('cancel' in msg) {
    reading.get(msg.cancel)?.abort();
    return;
  }
  const { id, name, bytes } = msg;
  const stop = new AbortController();
  reading.set(id, stop);
  const progress = (done: number, total: number) => scope.postMessage({ id, progress: { done, total } });
  const ocr = browserOcr({ signal: stop.signal, onPage: progress });
  // The engine starts on the first scan (its data is loaded then): said as page 0 of a total not known yet.
  const env = { ...browserEnv, ocr: { ...ocr, engine: () => (progress(0, 0), ocr.engine()) } };
  let reply: ParseResponse;
  try {
    reply = { id, ...(await readReportFileWithText(new Uint8Array(bytes), name, env)) };
  } catch (e) {
    // readReportFile reports bad input as `unreadable`; this is for a cancel, and for bugs.
    reply =
      (e as Error)?.name === 'AbortError'
        ? { id, cancelled: true }
        : { id, error: e instanceof Error ? e.message : String(e) };
  } finally {
    reading.delete(id);
  }
  scope.postMessage(reply);
};
