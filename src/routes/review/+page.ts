import { preload } from '$lib/db/preload';
import type { PageLoad } from './$types';
import * as v from './view';

// State (level, year) in the URL, data from DuckDB: client-only.
export const ssr = false;

// On hover of a link to this view: its queries start (src/lib/db/preload.ts).
export const load: PageLoad = ({ url }) => preload(v.reviewQueries(v.scopeFrom(url.searchParams)));
