import { preload } from '$lib/db/preload';
import type { PageLoad } from './$types';
import * as v from './view';

// The comparison reads its state (the chosen reports) from the URL and its data from DuckDB: client-only.
export const ssr = false;

// On hover of a link to this view: its list of reports starts (src/lib/db/preload.ts).
export const load: PageLoad = () => preload(v.listQueries());
