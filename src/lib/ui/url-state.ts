/** View state lives in the URL: set or clear parameters without a new history entry. */
import { goto } from '$app/navigation';
import { page } from '$app/state';

export function setParams(patch: Record<string, string | null>): void {
  const u = new URL(page.url);
  for (const [k, v] of Object.entries(patch)) (v === null || v === '' ? u.searchParams.delete(k) : u.searchParams.set(k, v));
  void goto(u, { replaceState: true, keepFocus: true, noScroll: true });
}
