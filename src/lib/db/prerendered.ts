/**
 * A view's default state in the page's HTML (issue 16; Evidence's prerendered queries). The build writes, per
 * view, the statements its default state asks and their rows (static/data/first-paint/VIEW.json,
 * scripts/data/first-paint.ts). The view's `load` (its +page.ts) answers the view's default queries from that
 * file alone — at build time, when SvelteKit prerenders the page, and again in the browser as the page
 * hydrates (SvelteKit replays the file from the HTML: no request) — and `useQueries` starts from those answers,
 * so the HTML already holds the figures, tables and charts, and hydration finds the same.
 *
 * In the browser only while the first paint may be used at all (the embedded set as built, no report of the
 * user's: ./app.ts `firstPaintData`), only for the page as it first loads (after that, views ask the
 * coordinator as always), and only for the default state: the URL's parameters are read once the page has
 * mounted (`urlParams`), and until then a page whose URL asks another state is hidden (app.html).
 */
import { browser } from '$app/environment';
import { base } from '$app/paths';
import { isMounted } from '$lib/ui/mounted.svelte';
import { Coordinator, type Ask, type Query } from './coordinator';
import { firstPaintDb, type FirstPaint } from './first-paint';
import { embeddedReports, type ReportFile } from './queries-report';

/** The answers of a view's default queries, by query key, and the data set's version they were computed on. */
export interface Prerendered {
  version: string;
  answers: Map<string, unknown>;
}

/** What a view's default state asks (src/routes/first-paint.ts). */
export type FirstPaintStep = (ask: Ask, load: (id: string) => Promise<ReportFile | null>) => Promise<unknown>;

type Fetch = typeof fetch;

/** In a view's load: its default state's answers, or null where the page must ask as always. */
export async function prerendered(f: Fetch, view: string, step: FirstPaintStep): Promise<Prerendered | null> {
  if (browser && isMounted()) return null; // a navigation inside the app: the coordinator answers
  try {
    const shown = browser ? await (await import('./app')).firstPaintData(0) : null;
    if (browser && !shown) return null;
    const res = await f(`${base}/data/first-paint/${view}.json`);
    if (!res.ok) return null;
    const file = (await res.json()) as FirstPaint;
    if (shown && shown.version !== file.version) return null;
    // Nothing but the file: a statement it does not hold is not prerendered (and a test says so).
    const db = firstPaintDb(file, () => Promise.reject(new Error(`not in first-paint/${view}.json`)));
    const c = new Coordinator({ db: async () => db, version: () => 0 });
    const answers = new Map<string, unknown>();
    const ask = <T>(q: Query<T>) => c.request(q).then((v) => (answers.set(q.key, v), v));
    await step(ask as Ask, embeddedReports(f));
    return { version: file.version, answers };
  } catch (e) {
    if (!browser) throw e; // the build says which view could not be prerendered
    return null;
  }
}

/** The answers of `qs` when every one is prerendered. */
export function answersOf<Q extends Record<string, Query<unknown>>>(
  qs: Q | null,
  p: Prerendered | null | undefined,
): { [K in keyof Q]: unknown } | null {
  if (!qs || !p) return null;
  const names = Object.keys(qs);
  if (!names.every((n) => p.answers.has(qs[n].key))) return null;
  return Object.fromEntries(names.map((n) => [n, p.answers.get(qs[n].key)])) as { [K in keyof Q]: unknown };
}
