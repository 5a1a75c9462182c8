import { NO_COVARIATES } from '$lib/covariates/query';
import { preload } from '$lib/db/preload';
import type { PageLoad } from './$types';
import * as v from './view';

// The ranking reads its state from the URL and its data from DuckDB in the browser:
// rendered on the client only (the shell is still prerendered).
export const ssr = false;

// On hover of a link to this view: the levels and years, then the ranking they open on, start
// (src/lib/db/preload.ts). With a covariate in the URL the view asks for itself once covariates are read.
export const load: PageLoad = ({ url }) =>
  preload(v.scopeQueries(), (a) => {
    const s = v.stateFrom(url.searchParams, a.scopes as v.ScopeRow[]);
    return s.level && s.year && !s.cov ? v.rankingQueries(s.level, s.year, null, NO_COVARIATES) : null;
  });
