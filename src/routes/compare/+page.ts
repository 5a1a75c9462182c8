import { preload } from '$lib/db/preload';
import { prerendered } from '$lib/db/prerendered';
import type { PageLoad } from './$types';
import * as v from './view';

// Prerendered with its default state (src/lib/db/prerendered.ts); the state in the URL applies once mounted.
// On hover of a link to this view: its list of reports starts (src/lib/db/preload.ts).
export const load: PageLoad = async ({ fetch }) => {
  preload(v.listQueries());
  return { prerendered: await prerendered(fetch, 'compare', v.firstPaint) };
};
