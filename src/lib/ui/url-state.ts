/**
 * View state lives in the URL: set or clear parameters without a new history
 * entry, so a view can be shared and cited as it is. The one place the views
 * write the URL (the chart layer never does).
 */
import { goto } from '$app/navigation';
import { page } from '$app/state';

/** Set each parameter (a list: repeated), or clear it (null, '' or an empty list); the others stay. */
export function setParams(patch: Record<string, string | readonly string[] | null>): void {
  const u = new URL(page.url);
  for (const [k, v] of Object.entries(patch)) {
    u.searchParams.delete(k);
    for (const x of v === null ? [] : typeof v === 'string' ? [v] : v) if (x !== '') u.searchParams.append(k, x);
  }
  void goto(u, { replaceState: true, keepFocus: true, noScroll: true });
}
