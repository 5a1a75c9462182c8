/**
 * DuckDB's worker started by the page's HTML itself (issue 16: DuckDB ready ≤ the bare engine's page). The
 * prerendered page carries a one-line script that creates the worker as the HTML is parsed, so its ~1 MB script
 * loads and compiles while the app's own code is still arriving; ./browser.ts takes it over instead of creating
 * one later. Only a worker started for the very same script URL is taken (else it is ended and a new one made).
 */
const KEY = '__mingjingDuckWorker';
type Early = { url: string; worker: Worker };

/** The script the page's head carries (the root layout), for the worker script at `url`. */
export const earlyWorkerScript = (url: string): string =>
  `<script>try{window.${KEY}={url:${JSON.stringify(url)},worker:new Worker(${JSON.stringify(url)})}}catch(e){}</script>`;

/** The worker the page started for `url`, once; null when there is none. */
export function takeEarlyWorker(url: string): Worker | null {
  const w = window as unknown as Record<string, Early | undefined>;
  const early = w[KEY];
  delete w[KEY];
  if (!early) return null;
  const abs = (u: string) => new URL(u, location.href).href;
  if (abs(early.url) === abs(url)) return early.worker;
  early.worker.terminate();
  return null;
}
