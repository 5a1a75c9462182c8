/**
 * Before the app hydrates: DuckDB starts now (compiling its engine, fetching the tables) rather than when the
 * layout mounts — the views draw their first paint without it (src/lib/db/first-paint.ts) and it takes over
 * from there. Not on the /dev pages, which measure the engine alone (the floor of npm run bench:ui).
 */
import { base } from '$app/paths';
import { database, viewDatabase } from '$lib/db/app';

export const init = () => {
  if (location.pathname.startsWith(`${base}/dev/`)) return;
  // Failures are said by the views that wait for them (QueryState), not here.
  viewDatabase(0).catch(() => {}); // the first paint's answers, asked before any view asks
  database().catch(() => {});
};
