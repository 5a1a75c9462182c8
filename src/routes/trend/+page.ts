import { NO_COVARIATES } from '$lib/covariates/query';
import { preload } from '$lib/db/preload';
import type { PageLoad } from './$types';
import * as v from './view';

// State (indicator, jurisdictions) in the URL, data from DuckDB: client-only.
export const ssr = false;

// On hover of a link to this view: the lines it opens on start (src/lib/db/preload.ts). With a covariate in the
// URL the view asks for itself once covariates are read.
export const load: PageLoad = ({ url }) => {
  const s = v.stateFrom(url.searchParams);
  preload(s.cov ? null : v.trendQueries(s, null, NO_COVARIATES));
};
