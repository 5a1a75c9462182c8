import { preload } from '$lib/db/preload';
import type { PageLoad } from './$types';
import * as v from './view';

// Reads its state from the URL and its data in the browser: rendered on the client only.
export const ssr = false;

// On hover of a link to this view: its queries start (src/lib/db/preload.ts).
export const load: PageLoad = ({ url }) => preload(v.qualityQueries(v.filterFrom(url.searchParams)));
