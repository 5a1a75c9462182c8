/**
 * A view's queries started before the view is there: SvelteKit runs a page's `load` when the pointer rests on
 * its link (data-sveltekit-preload-data="hover" in app.html), and the page's +page.ts hands its queries here.
 * They run through the app's coordinator, so when the view mounts and asks the same (useQueries), it finds the
 * answers ready or on their way — nothing runs twice. Nothing is awaited: navigation never waits for a preload.
 */
import { browser } from '$app/environment';
import { isMounted } from '$lib/ui/mounted.svelte';
import type { Query } from './coordinator';
import { coordinator } from './use-queries.svelte';

type Queries = Record<string, Query<unknown>>;

export function preload(qs: Queries | null, then?: (answers: Record<string, unknown>) => Queries | null): void {
  // The page's first load is not a preload: its default state is in its HTML (./prerendered.ts), and any other
  // state is asked by the view as it mounts.
  if (!browser || !qs || !isMounted()) return;
  const c = coordinator();
  const names = Object.keys(qs);
  // A failure is not shown here: the view asks again and says it.
  const all = Promise.all(names.map((n) => c.request(qs[n])));
  all
    .then((values) => {
      if (then) preload(then(Object.fromEntries(names.map((n, i) => [n, values[i]]))));
    })
    .catch(() => {});
}
