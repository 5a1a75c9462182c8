/**
 * DuckDB's engine started by the page's HTML itself, as it is parsed (issue 16: DuckDB ready ≤ the bare engine's
 * page). The 34 MB engine is fetched and compiled in its worker while the app's own code still arrives and
 * hydrates — on two cores, in parallel with it — instead of once the app's code has loaded and asked for it.
 *
 * The page's head carries a few lines (earlyStartScript, put there by the root layout) that create the worker and
 * post it the engine's own "INSTANTIATE" message, the one AsyncDuckDB.instantiate sends (@duckdb/duckdb-wasm
 * 1.32's worker protocol: {messageId, type, data: [wasm URL, pthread URL]}, answered by "OK" or "ERROR" with that
 * requestId). ./browser.ts then takes the started worker (takeEarlyStart) and, once it answered, hands it to
 * AsyncDuckDB without instantiating again. Anything unexpected — another URL, a failed start — and the worker is
 * ended and the engine started the usual way.
 */
const KEY = '__mingjingDuckDB';
/** Far above the message ids AsyncDuckDB counts from 0: never one of its own. */
const MESSAGE_ID = 2 ** 30;

type Early = { worker: Worker; workerUrl: string; wasmUrl: string; instantiated: Promise<void> };

/** The script for the page's head: the worker at `workerUrl` started on the engine at `wasmUrl`. */
export function earlyStartScript(workerUrl: string, wasmUrl: string): string {
  const body = `try{var u=function(x){return new URL(x,location.href).href},W=u(${JSON.stringify(workerUrl)}),M=u(${JSON.stringify(wasmUrl)}),w=new Worker(W),p=new Promise(function(ok,no){w.addEventListener('message',function on(e){var d=e.data;if(!d||d.requestId!==${MESSAGE_ID}||d.type==='INSTANTIATE_PROGRESS')return;w.removeEventListener('message',on);performance.mark('mingjing:duckdb-early');d.type==='OK'?ok():no(new Error(d.data&&d.data.message))})});p.catch(function(){});w.postMessage({messageId:${MESSAGE_ID},type:'INSTANTIATE',data:[M,null]});window.${KEY}={worker:w,workerUrl:W,wasmUrl:M,instantiated:p}}catch(e){}`;
  return `<script>${body}</script>`;
}

/**
 * The worker the page started on the engine at these URLs, once it is instantiated; null when the page started
 * none (a page without the script, a second call) or started it on other files. A start that failed ends its
 * worker and gives null: the caller starts the engine itself.
 */
export async function takeEarlyStart(workerUrl: string, wasmUrl: string): Promise<Worker | null> {
  const w = window as unknown as Record<string, Early | undefined>;
  const early = w[KEY];
  delete w[KEY];
  if (!early) return null;
  const abs = (u: string) => new URL(u, location.href).href;
  if (early.workerUrl !== abs(workerUrl) || early.wasmUrl !== abs(wasmUrl)) {
    early.worker.terminate();
    return null;
  }
  try {
    await early.instantiated;
    performance.mark('mingjing:duckdb-early-taken');
    return early.worker;
  } catch {
    early.worker.terminate();
    return null;
  }
}
