/**
 * The one go-between of the views and the database (Mosaic's coordinator):
 * a view says what it needs as queries — each with a key that names its
 * answer — and the coordinator
 *
 * - shares: views that ask the same thing while it runs get one answer;
 * - caches: an answer is kept for its data version (an import, a correction
 *   or the 内置/我的/全部 switch starts a new version), the most recent few;
 * - cancels: a query whose every asker has gone (the view moved on to a newer
 *   query) and that has not started is never run.
 *
 * It knows nothing of Svelte; `use-queries.svelte.ts` binds it to a view.
 */
import type { Db, Row } from './types';

/** Another query's answer, from within a query: through the same coordinator, so shared and cached with every view's. */
export type Ask = <U>(q: Query<U>) => Promise<U>;

/** What a view asks: a key that names the answer, and how to get it from the database (and other queries' answers). */
export interface Query<T> {
  readonly key: string;
  readonly run: (db: Db, ask: Ask) => Promise<T>;
  /** False for a query that reads no table (a report's file): it is answered without waiting for DuckDB to start. */
  readonly needsDb?: boolean;
}

/** A query that is one SQL statement: its rows. The SQL is its key. */
export const sqlQuery = <T extends Row>(sql: string): Query<T[]> => ({ key: sql, run: (db) => db.query<T>(sql) });

/** A query that takes more than one statement or shapes its rows: `key` must name everything the answer depends on. */
export const query = <T>(key: string, run: (db: Db, ask: Ask) => Promise<T>): Query<T> => ({ key, run });

/**
 * A query that reads no table — a report's file, say — answered at once, DuckDB started or not. It may still ask
 * other queries (which wait for the database if they need it).
 */
export const fileQuery = <T>(key: string, run: (ask: Ask) => Promise<T>): Query<T> => ({
  key,
  run: (_db, ask) => run(ask),
  needsDb: false,
});

/** The database a fileQuery gets: it said it needs none, so any use of it is a bug said at once. */
const NO_DB: Db = new Proxy({} as Db, {
  // Not a thenable (it is awaited), every method a rejection.
  get: (_, name) => (name === 'then' ? undefined : () => Promise.reject(new Error('a fileQuery used the database'))),
});

/** A query was given up by every view that asked for it before it ran. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}
export const isCancelled = (e: unknown): e is Cancelled => e instanceof Cancelled;

interface Pending {
  answer: Promise<unknown>;
  /** Askers still waiting; when it falls to 0 before the query starts, it is not run. */
  waiting: number;
  started: boolean;
  version: number;
}

export interface CoordinatorOptions {
  /** The database for queries at a data version, when it is ready (at the first version it may answer from build-time results). */
  db: (version: number) => Promise<Db>;
  /** The current data version; answers of another version are not reused. */
  version: () => number;
  /** How many answers to keep. */
  keep?: number;
}

export class Coordinator {
  readonly #opts: Required<CoordinatorOptions>;
  /** By key; insertion order is recency (a hit moves the entry to the end). */
  readonly #answers = new Map<string, Pending>();

  constructor(opts: CoordinatorOptions) {
    this.#opts = { keep: 48, ...opts };
  }

  /**
   * The answer to `q`, shared with every other asker of the same key and data
   * version. When `signal` aborts, this asker stops waiting (the promise
   * rejects with Cancelled); the query itself is dropped if it has not
   * started and nobody else waits for it.
   */
  request<T>(q: Query<T>, signal?: AbortSignal): Promise<T> {
    const version = this.#opts.version();
    let p = this.#answers.get(q.key);
    if (p && p.version !== version) {
      this.#answers.delete(q.key);
      p = undefined;
    }
    if (p) {
      // Most recently used last.
      this.#answers.delete(q.key);
      this.#answers.set(q.key, p);
    } else {
      p = this.#start(q, version);
    }
    return this.#wait(p, signal) as Promise<T>;
  }

  /** How many answers are kept now (for tests and the benchmark). */
  get size(): number {
    return this.#answers.size;
  }

  #start<T>(q: Query<T>, version: number): Pending {
    const entry: Pending = { answer: Promise.resolve(), waiting: 0, started: false, version };
    entry.answer = (async () => {
      // Always awaited, so the asker is counted before the check below.
      const db = await (q.needsDb === false ? NO_DB : this.#opts.db(version));
      // Everyone who asked has moved on while the database was busy or starting: do not run it.
      if (entry.waiting === 0) throw new Cancelled();
      entry.started = true;
      return q.run(db, (sub) => this.request(sub));
    })();
    // A failed or cancelled answer is not kept: the next asker tries again.
    entry.answer.catch(() => {
      if (this.#answers.get(q.key) === entry) this.#answers.delete(q.key);
    });
    this.#answers.set(q.key, entry);
    while (this.#answers.size > this.#opts.keep) this.#answers.delete(this.#answers.keys().next().value!);
    return entry;
  }

  #wait(entry: Pending, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new Cancelled());
    entry.waiting++;
    return new Promise((resolve, reject) => {
      let done = false;
      const leave = () => {
        if (done) return;
        done = true;
        entry.waiting--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        leave();
        reject(new Cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.answer.then(
        (v) => {
          if (!done) {
            leave();
            resolve(v);
          }
        },
        (e) => {
          if (!done) {
            leave();
            reject(e);
          }
        },
      );
    });
  }
}

/* ------------------------------------------------------------ a view's set of queries */

type Queries = Record<string, Query<unknown>>;
export type Answers<Q extends Queries> = { [K in keyof Q]: Q[K] extends Query<infer T> ? T : never };

/** What a view's queries have come to. `id` names the set of queries (their names, keys and data version). */
export interface QuerySetState<Q extends Queries> {
  /** The answers to the last set that came back whole; null before any. */
  data: Answers<Q> | null;
  /** The set `data` answers. */
  answered: string | null;
  /** The set that failed, and why (the error's message). */
  failed: { id: string; message: string } | null;
}

/** The identity of a set of queries at a data version. */
export const setId = (qs: Queries, version: number) =>
  `${version}:${JSON.stringify(Object.entries(qs).map(([name, q]) => [name, q.key]))}`;

/**
 * One view's queries over time. Asking for a new set gives up the one before:
 * its answers, arriving late, are dropped (they never overwrite the newer
 * set's), and its queries are cancelled if no other view waits for them. So
 * `data` only ever holds the answers of one set, and `answered` says which.
 */
export class QuerySet<Q extends Queries> {
  #state: QuerySetState<Q> = { data: null, answered: null, failed: null };
  #asking: AbortController | null = null;
  #askingId: string | null = null;

  constructor(
    private readonly coordinator: Coordinator,
    private readonly onChange: (s: QuerySetState<Q>) => void,
    /** Answers the view already has (its prerendered default state): asked again only when the set changes. */
    initial?: QuerySetState<Q>,
  ) {
    if (initial) this.#state = initial;
  }

  get state(): QuerySetState<Q> {
    return this.#state;
  }

  /** Ask for `qs` (named `id`); null asks for nothing. Whatever was asked before is given up. */
  ask(qs: Q | null, id: string | null): void {
    if (id !== null && id === this.#askingId) return; // asked already, still coming
    this.#asking?.abort();
    this.#asking = null;
    this.#askingId = null;
    if (!qs || id === null || id === this.#state.answered) return;
    const ctl = new AbortController();
    this.#asking = ctl;
    this.#askingId = id;
    const names = Object.keys(qs);
    Promise.all(names.map((n) => this.coordinator.request(qs[n], ctl.signal))).then(
      (values) => {
        if (ctl.signal.aborted) return; // a newer set took over: this answer is late
        this.#asking = null;
        this.#askingId = null;
        this.#set({
          data: Object.fromEntries(names.map((n, i) => [n, values[i]])) as Answers<Q>,
          answered: id,
          failed: null,
        });
      },
      (e: unknown) => {
        if (ctl.signal.aborted || isCancelled(e)) return;
        this.#asking = null;
        this.#askingId = null;
        this.#set({ ...this.#state, failed: { id, message: (e as Error)?.message ?? String(e) } });
      },
    );
  }

  /** Stop asking (the view is gone). */
  dispose(): void {
    this.#asking?.abort();
    this.#asking = null;
    this.#askingId = null;
  }

  #set(s: QuerySetState<Q>) {
    this.#state = s;
    this.onChange(s);
  }
}

/** Every query of a set, asked at once: the answers by name (as a view's `useQueries` gets them). */
export async function askAll<Q extends Queries>(ask: Ask, qs: Q): Promise<Answers<Q>> {
  const names = Object.keys(qs);
  const values = await Promise.all(names.map((n) => ask(qs[n])));
  return Object.fromEntries(names.map((n, i) => [n, values[i]])) as Answers<Q>;
}
