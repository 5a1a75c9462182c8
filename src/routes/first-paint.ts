/**
 * The states drawn before DuckDB has started (src/lib/db/first-paint.ts): each view's default state — what its
 * page asks with no parameter in the URL (its view.ts `firstPaint`, which its +page.ts also prerenders into the
 * HTML: src/lib/db/prerendered.ts) — and every level × year of the ranking. The build asks them through the
 * coordinator on a recording database (scripts/data/first-paint.ts); the tests ask them again live.
 */
import type { Ask } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';
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

/** Reads a report's file (the app's loadReport in the browser; the files on disk at build time). */
export type Loader = (id: string) => Promise<ReportFile | null>;

/** By view, what its default state asks (and, for the ranking, every level × year). */
export const FIRST_PAINT: Partial<Record<ViewKey, FirstPaintStep>> = {
  ranking: ranking.firstPaint,
  compare: compare.firstPaint,
  requests: requests.firstPaint,
  review: review.firstPaint,
  trend: trend.firstPaint,
  report: report.firstPaint,
  quality: quality.firstPaint,
  oversight: oversight.firstPaint,
  submission: submission.firstPaint,
  profile: profile.firstPaint,
};

/** Ask every state drawn before DuckDB. */
export async function askFirstPaint(ask: Ask, load: Loader): Promise<void> {
  for (const step of Object.values(FIRST_PAINT)) await step(ask, load);
}
