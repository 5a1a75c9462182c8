/**
 * The SQL console's one user-typed statement, as reactive state: checked by
 * the guard (./guard.ts), run on the app's database (./run.ts), its result or
 * DuckDB's message kept; a late answer to an older run is dropped, and when
 * the data change (an import, the data-set switch, 恢复数据) the statement
 * shown runs again. The page only composes this with the editor and the grid.
 *
 * The schema browser is an ordinary query of the view (routes/sql/view.ts).
 */
import { untrack } from 'svelte';
import { covariatesReady } from '$lib/covariates/state.svelte';
import { database, restoreData } from '$lib/db/app';
import { dataVersion } from '$lib/db/data-version.svelte';
import { checkSql, type GuardResult } from './guard';
import { runStatement, type RunResult } from './run';

/** Rows fetched (and exported). */
export const FETCHED = 100_000;

/** DuckDB's message, each paragraph once (DuckDB-WASM repeats the position block of a parser error). */
export function duckMessage(e: unknown): string {
  const raw = (e instanceof Error ? e.message : String(e)).trim();
  const parts = raw.split(/\n\s*\n/);
  return parts.filter((p, i) => parts.indexOf(p) === i).join('\n\n');
}

/** DuckDB refused a file, a URL or a setting (src/lib/db/lockdown.ts): the page says so above its own message. */
export const denied = (message: string) =>
  /disabled (?:by|through) configuration|configuration has been locked/.test(message);

export type Refusal = Extract<GuardResult, { ok: false }>;

export class SqlConsole {
  running = $state(false);
  restoring = $state(false);
  /** The guard's refusal of the last statement submitted. */
  refusal = $state<Refusal | null>(null);
  /** DuckDB's message for the last statement run. */
  error = $state<string | null>(null);
  /** The statement DuckDB refused (for the hint under its message: which tables it named). */
  failed = $state<string | null>(null);
  result = $state.raw<RunResult | null>(null);
  /** The statement of the shown result (run again when the data change; the export's note). */
  statement = $state<string | null>(null);
  #runNo = 0;

  /** Call during a component's start: the statement shown runs again when the data change. */
  constructor() {
    let seen = -1;
    $effect(() => {
      const v = dataVersion();
      untrack(() => {
        if (seen >= 0 && v !== seen && this.statement !== null) void this.execute(this.statement);
        seen = v;
      });
    });
  }

  /** Check `text` with the guard; run it if it passes. */
  submit(text: string): void {
    const g = checkSql(text);
    if (!g.ok) {
      this.#runNo++;
      this.running = false;
      this.refusal = g;
      this.error = null;
      this.result = null;
      this.statement = null;
      return;
    }
    this.refusal = null;
    void this.execute(g.statement);
  }

  async execute(sql: string): Promise<void> {
    const mine = ++this.#runNo;
    this.running = true;
    try {
      const db = await database();
      // The covariates imported in this browser are a table like the others (never fatal: the rest still answers).
      await covariatesReady().catch(() => {});
      const r = await runStatement(db, sql, FETCHED);
      if (mine !== this.#runNo) return;
      this.result = r;
      this.statement = sql;
      this.error = null;
    } catch (e) {
      if (mine !== this.#runNo) return;
      this.result = null;
      this.statement = null;
      this.error = duckMessage(e);
      this.failed = sql;
    } finally {
      if (mine === this.#runNo) this.running = false;
    }
  }

  /** 恢复数据: the tables loaded again and the views recreated (the data version moves on: the statement runs again). */
  async restore(): Promise<boolean> {
    this.restoring = true;
    try {
      await restoreData();
      return true;
    } catch (e) {
      this.error = duckMessage(e);
      return false;
    } finally {
      this.restoring = false;
    }
  }
}
