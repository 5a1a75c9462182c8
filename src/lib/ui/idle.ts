/**
 * Run `f` when the page is idle (requestIdleCallback; at the latest after `timeout` ms when given), or after
 * `fallbackMs` where the browser has no idle callback.
 */
export function whenIdle(f: () => unknown, opts: { timeout?: number; fallbackMs?: number } = {}): void {
  if ('requestIdleCallback' in window)
    requestIdleCallback(() => void f(), opts.timeout ? { timeout: opts.timeout } : undefined);
  else setTimeout(() => void f(), opts.fallbackMs ?? 200);
}
