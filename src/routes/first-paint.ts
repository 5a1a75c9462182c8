/**
 * The states drawn before DuckDB has started (src/lib/db/first-paint.ts): each view's default state — what its
 * page asks with no parameter in the URL — and every level × year of the ranking. The build asks them through
 * the coordinator on a recording database (scripts/data/first-paint.ts); the tests ask them again live.
 * A view's queries here are the very ones its page asks (its view.ts), so a state listed is a state drawn at once.
 */
import { NO_COVARIATES } from '$lib/covariates/query';
import type { Answers, Ask, Query } from '$lib/db/coordinator';
import type { ReportFile } from '$lib/db/queries-report';
import type { ViewKey } from '$lib/views';
import * as compare from './compare/view';
import * as oversight from './oversight/view';
import * as profile from './profile/view';
import * as quality from './quality/view';
import * as ranking from './ranking/view';
import * as report from './report/view';
import * as requests from './requests/view';
import * as review from './review/view';
import * as submission from './submission/view';
import * as trend from './trend/view';

type Queries = Record<string, Query<unknown>>;
/** Reads a report's file (the app's loadReport in the browser; the files on disk at build time). */
export type Loader = (id: string) => Promise<ReportFile | null>;

/** Every query of a set, asked at once. */
async function all<Q extends Queries>(ask: Ask, qs: Q): Promise<Answers<Q>> {
  const names = Object.keys(qs);
  const values = await Promise.all(names.map((n) => ask(qs[n])));
  return Object.fromEntries(names.map((n, i) => [n, values[i]])) as Answers<Q>;
}

const NONE = new URLSearchParams();

/** By view, what its default state asks (and, for the ranking, every level × year). */
export const FIRST_PAINT: Partial<Record<ViewKey, (ask: Ask, load: Loader) => Promise<unknown>>> = {
  ranking: async (ask) => {
    const { scopes } = await all(ask, ranking.scopeQueries());
    for (const s of scopes) await all(ask, ranking.rankingQueries(s.level, s.year, null, NO_COVARIATES));
  },
  compare: async (ask) => {
    const { list } = await all(ask, compare.listQueries());
    const chosen = compare.chosenFrom(NONE, list);
    if (chosen.length >= compare.MIN) await all(ask, compare.compareQueries(chosen, null, NO_COVARIATES));
  },
  requests: (ask) => all(ask, requests.requestsQueries(requests.scopeFrom(NONE))),
  review: (ask) => all(ask, review.reviewQueries(review.scopeFrom(NONE))),
  trend: (ask) =>
    Promise.all([
      all(ask, trend.pickerQueries('')),
      all(ask, trend.trendQueries(trend.stateFrom(NONE), null, NO_COVARIATES)),
    ]),
  report: (ask) => all(ask, report.listQueries()),
  quality: (ask) => all(ask, quality.qualityQueries(quality.filterFrom(NONE))),
  oversight: (ask, load) => all(ask, oversight.oversightQueries(load)),
  submission: (ask, load) => all(ask, submission.submissionQueries(load)),
  profile: (ask, load) => all(ask, profile.profileQueries(null, load)),
};

/** Ask every state drawn before DuckDB. */
export async function askFirstPaint(ask: Ask, load: Loader): Promise<void> {
  for (const step of Object.values(FIRST_PAINT)) await step(ask, load);
}
