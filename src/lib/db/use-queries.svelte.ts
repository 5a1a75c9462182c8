/**
 * The one way a view loads data (Mosaic's client contract, Evidence's
 * QueryLoad): the view says what it needs —
 *
 *   const q = useQueries(() => level ? { ranking: rankingQuery(level, year), scopes: scopesQuery } : null);
 *
 * — and reads `q.data` (the answers, by name), `q.error`, `q.ready`. The
 * queries run through the app's coordinator (./coordinator.ts: shared,
 * cached per data version, cancelled when no view waits); a newer set of
 * queries gives up the older, whose late answers are dropped. `<QueryState>`
 * (src/lib/ui/QueryState.svelte) shows loading, error and empty for it.
 */
import { page } from '$app/state';
import { Coordinator, QuerySet, setId, type Answers, type Query, type QuerySetState } from './coordinator';
import { dataVersion } from './data-version.svelte';
import { answersOf, type Prerendered } from './prerendered';
import { queryFailed, type Msg } from '$lib/ui/words';

type Queries = Record<string, Query<unknown>>;

export interface QueriesState<Q extends Queries> {
  /** The answers to the last set of queries that came back whole; null before any. */
  readonly data: Answers<Q> | null;
  /** Why the current queries failed, in both languages. */
  readonly error: Msg | null;
  /** `data` answers the current queries at the current data version. */
  readonly ready: boolean;
}

let appCoordinator: Coordinator | null = null;
/** The app's coordinator, over the app's database (./app.ts viewDatabase: build-time answers first, then DuckDB). */
export function coordinator(): Coordinator {
  appCoordinator ??= new Coordinator({
    db: async (version) => (await import('./app')).viewDatabase(version),
    version: dataVersion,
  });
  return appCoordinator;
}

/** A view's queries as reactive state. `spec` returns them by name, or null while the view cannot ask yet. */
export function useQueries<Q extends Queries>(spec: () => Q | null): QueriesState<Q> {
  // The page's prerendered answers (./prerendered.ts), when they answer the queries asked as the page is drawn:
  // the HTML written at build time holds them, and hydration starts from the same.
  const first = spec();
  const given = dataVersion() === 0 ? answersOf(first, page.data?.prerendered as Prerendered | null) : null;
  let state = $state.raw<QuerySetState<Q>>(
    given && first
      ? { data: given as Answers<Q>, answered: setId(first, 0), failed: null }
      : { data: null, answered: null, failed: null },
  );
  const set = new QuerySet<Q>(coordinator(), (s) => (state = s), state);
  const asked = $derived.by(() => {
    const qs = spec();
    return qs ? { qs, id: setId(qs, dataVersion()) } : null;
  });
  $effect(() => {
    set.ask(asked?.qs ?? null, asked?.id ?? null);
  });
  $effect(() => () => set.dispose());
  return {
    get data() {
      return state.data;
    },
    // Only the current set's failure: an older one says nothing about what is asked now.
    get error() {
      return state.failed && state.failed.id === asked?.id ? queryFailed(state.failed.message) : null;
    },
    get ready() {
      return asked !== null && state.answered === asked.id;
    },
  };
}
