/**
 * Reads report files off the main thread: PDF and DOCX parsing can take
 * seconds, and the page must stay responsive. One message in, one out.
 */
import { readReportFileWithText } from '$lib/report/io/read';
import { browserEnv } from '$lib/report/io/browser';
import type { ParseRequest, ParseResponse } from './parse-client';

// The project is typed against lib.dom; a worker's global needs only these two members.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ParseRequest>) => void) | null;
  postMessage(message: ParseResponse): void;
};

scope.onmessage = async (event: MessageEvent<ParseRequest>) => {
  const { id, name, bytes } = event.data;
  let reply: ParseResponse;
  try {
    reply = { id, ...(await readReportFileWithText(new Uint8Array(bytes), name, browserEnv)) };
  } catch (e) {
    // readReportFile reports bad input as `unreadable`; this is only for bugs.
    reply = { id, error: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(reply);
};
