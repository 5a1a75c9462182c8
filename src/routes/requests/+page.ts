import { browser } from '$app/environment';
import { preload } from '$lib/db/preload';
import { prerendered } from '$lib/db/prerendered';
import type { PageLoad } from './$types';
import * as v from './view';

// Prerendered with its default state (src/lib/db/prerendered.ts); the state in the URL applies once mounted.
// On hover of a link to this view: its queries start (src/lib/db/preload.ts).
export const load: PageLoad = async ({ fetch, url }) => {
  if (browser) preload(v.requestsQueries(v.scopeFrom(url.searchParams)));
  return { prerendered: await prerendered(fetch, 'requests', v.firstPaint) };
};
