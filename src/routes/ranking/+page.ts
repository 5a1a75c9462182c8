import { browser } from '$app/environment';
import { NO_COVARIATES } from '$lib/covariates/query';
import { preload } from '$lib/db/preload';
import { prerendered } from '$lib/db/prerendered';
import type { PageLoad } from './$types';
import * as v from './view';

// Prerendered with its default state (src/lib/db/prerendered.ts); the state in the URL applies once mounted.
// On hover of a link to this view: the levels and years, then the ranking they open on, start
// (src/lib/db/preload.ts). With a covariate in the URL the view asks for itself once covariates are read.
export const load: PageLoad = async ({ fetch, url }) => {
  if (browser)
    preload(v.scopeQueries(), (a) => {
      const s = v.stateFrom(url.searchParams, a.scopes as v.ScopeRow[]);
      return s.level && s.year && !s.cov ? v.rankingQueries(s.level, s.year, null, NO_COVARIATES) : null;
    });
  return { prerendered: await prerendered(fetch, 'ranking', v.firstPaint) };
};
