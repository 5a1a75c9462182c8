/**
 * One query on the app's database as reactive state — the lists the views
 * load once (reports, places, scopes): run when the view mounts and again when
 * `sql()` changes (null: not now). A failure is kept as a message in both
 * languages, so it follows the language switch.
 */
import { database } from './app';
import { dataVersion } from './data-version.svelte';
import type { Row } from './types';
import { dbFailed, type Msg } from '$lib/ui/words';

export interface QueryState<T> {
  readonly rows: T[];
  readonly error: Msg | null;
  /** True once the rows of the current `sql()` have arrived. */
  readonly loaded: boolean;
}

export function useQuery<T extends Row>(sql: () => string | null): QueryState<T> {
  let rows = $state<T[]>([]);
  let error = $state<Msg | null>(null);
  let loadedFor = $state<string | null>(null);
  $effect(() => {
    const q = sql();
    if (q === null) return;
    void dataVersion(); // the data behind the table names changed: ask again
    // A newer query supersedes this one: its late answer is dropped.
    let current = true;
    void (async () => {
      const db = await database();
      const r = await db.query<T>(q);
      if (!current) return;
      rows = r;
      error = null;
      loadedFor = q;
    })().catch((e: Error) => current && (error = dbFailed(e.message)));
    return () => { current = false; };
  });
  return {
    get rows() { return rows; },
    get error() { return error; },
    get loaded() { return loadedFor !== null && loadedFor === sql(); },
  };
}
