/**
 * The one query primitive (src/lib/db/coordinator.ts) on the real DuckDB
 * (node-blocking build, the embedded tables): answers shared and cached per
 * data version, a query nobody waits for never run, and a view's late
 * answers dropped — the two races the routes had (an older answer shown
 * for a newer choice; a view left waiting for an answer it had dropped).
 * The database is real; only its timing is held back, by a gate the test opens.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Coordinator,
  fileQuery,
  QuerySet,
  isCancelled,
  query,
  setId,
  sqlQuery,
  type QuerySetState,
} from '../src/lib/db/coordinator';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES, type Db } from '../src/lib/db/types';

const DATA = resolve(__dirname, '../static/data');
let db: Db;

beforeAll(async () => {
  db = await createNodeDb();
  for (const t of TABLES) await db.loadArrow(t, new Uint8Array(readFileSync(join(DATA, `${t}.arrow`))));
});
afterAll(() => db.close());

/** The database, with every query held until the test releases it (by its SQL), and a log of what ran. */
function gated() {
  const held = new Map<string, () => void>();
  const ran: string[] = [];
  const wrapped: Db = {
    ...db,
    query: async (sql) => {
      await new Promise<void>((go) => held.set(sql, go));
      ran.push(sql);
      return db.query(sql);
    },
  };
  const release = async (sql: string) => {
    for (let i = 0; i < 50 && !held.has(sql); i++) await new Promise((r) => setTimeout(r, 5));
    held.get(sql)!();
    held.delete(sql);
    await new Promise((r) => setTimeout(r, 20)); // let the answer through
  };
  return { db: wrapped, ran, release, held };
}

const counties = sqlQuery<{ n: number }>(`SELECT count(*) AS n FROM reports WHERE level = '县'`);
const offices = sqlQuery<{ n: number }>(`SELECT count(*) AS n FROM reports WHERE level = '办公室'`);

describe('Coordinator', () => {
  it('gives one answer to everyone who asks the same while it runs, and keeps it for the data version', async () => {
    const g = gated();
    let version = 1;
    const c = new Coordinator({ db: async () => g.db, version: () => version });
    const a = c.request(counties);
    const b = c.request(counties);
    await g.release(counties.key);
    expect(await a).toEqual(await b);
    expect(g.ran).toEqual([counties.key]);
    // Asked again in the same version: from the cache, not run.
    expect(await c.request(counties)).toEqual(await a);
    expect(g.ran).toHaveLength(1);
    // A new data version (an import, the 内置/我的/全部 switch) asks the database again.
    version = 2;
    const again = c.request(counties);
    await g.release(counties.key);
    await again;
    expect(g.ran).toHaveLength(2);
  });

  it('never runs a query every asker gave up before it started', async () => {
    const g = gated();
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    const c = new Coordinator({
      db: async () => {
        await started;
        return g.db;
      },
      version: () => 1,
    });
    const ctl = new AbortController();
    const p = c.request(offices, ctl.signal);
    ctl.abort();
    expect(isCancelled(await p.catch((e) => e))).toBe(true);
    ready();
    await new Promise((r) => setTimeout(r, 30));
    expect(g.held.size + g.ran.length).toBe(0);
  });

  it('does not keep a failure: the next asker tries again', async () => {
    let fail = true;
    const flaky = query('flaky', async (d) => {
      if (fail) throw new Error('boom');
      return d.query('SELECT 1 AS one');
    });
    const c = new Coordinator({ db: async () => db, version: () => 1 });
    await expect(c.request(flaky)).rejects.toThrow('boom');
    fail = false;
    expect(await c.request(flaky)).toEqual([{ one: 1 }]);
  });

  it("answers a query that asks another through the same cache (the profile asks the oversight views' reports)", async () => {
    const g = gated();
    const c = new Coordinator({ db: async () => g.db, version: () => 1 });
    const both = query('both', async (_db, ask) => (await ask(counties))[0].n + (await ask(offices))[0].n);
    const direct = c.request(counties);
    const sum = c.request(both);
    await g.release(counties.key);
    await g.release(offices.key);
    const [{ n: nc }] = await direct;
    const [{ n: no }] = await db.query<{ n: number }>(offices.key);
    expect(await sum).toBe(nc + no);
    // 县 ran once for the view that asked it directly and for the query that asked it inside.
    expect(g.ran.filter((s) => s === counties.key)).toHaveLength(1);
  });

  it('answers a query that reads no table without waiting for the database to start', async () => {
    let started = false;
    const c = new Coordinator({
      db: () => new Promise<Db>(() => void (started = true)), // DuckDB still starting, for ever
      version: () => 1,
    });
    const file = fileQuery('report:x', async () => ({ record: 'x' }));
    expect(await c.request(file)).toEqual({ record: 'x' });
    expect(started).toBe(false);
    // And it cannot use the database by mistake.
    const wrong = { ...fileQuery('report:y', async () => 0), run: (d: Db) => d.query('SELECT 1') };
    await expect(c.request(wrong)).rejects.toThrow('a fileQuery used the database');
  });

  it('keeps only the most recent answers', async () => {
    const c = new Coordinator({ db: async () => db, version: () => 1, keep: 3 });
    for (let i = 0; i < 6; i++) await c.request(sqlQuery(`SELECT ${i} AS i`));
    expect(c.size).toBe(3);
  });
});

describe('QuerySet: a view asks, changes its mind, and never shows an old answer', () => {
  const track = <Q extends Record<string, ReturnType<typeof sqlQuery>>>(c: Coordinator) => {
    const states: QuerySetState<Q>[] = [];
    const set = new QuerySet<Q>(c, (s) => states.push(s));
    return { set, states, last: () => states[states.length - 1] };
  };
  /** A view choosing between 县 (a) and 办公室 (b), on a database that answers each only when released. */
  const race = () => {
    const g = gated();
    const v = track<{ n: ReturnType<typeof sqlQuery<{ n: number }>> }>(
      new Coordinator({ db: async () => g.db, version: () => 1 }),
    );
    return { g, v, a: { n: counties }, b: { n: offices } };
  };

  it('ranking race: the answer for 县 arriving after 办公室 was asked is dropped', async () => {
    const { g, v, a, b } = race();
    v.set.ask(a, setId(a, 1)); // the view opens on 县 …
    v.set.ask(b, setId(b, 1)); // … and the user picks 办公室 before 县's answer is back
    await g.release(offices.key);
    await g.release(counties.key).catch(() => undefined); // 县 was given up: it may never have run
    expect(v.last().answered).toBe(setId(b, 1));
    expect(v.last().data?.n).toEqual(await db.query(offices.key));
    // No state ever showed 县's answer.
    expect(v.states.every((s) => s.answered !== setId(a, 1))).toBe(true);
  });

  it('compare race: a later answer for the current choice is always taken, whatever came back before', async () => {
    const { g, v, a, b } = race();
    v.set.ask(a, setId(a, 1));
    await g.release(counties.key);
    v.set.ask(b, setId(b, 1));
    v.set.ask(a, setId(a, 1)); // back to the first choice while the second is still running
    expect(v.last().answered).toBe(setId(a, 1)); // answered from what it had: ready at once
    await g.release(offices.key).catch(() => undefined);
    expect(v.last().answered).toBe(setId(a, 1)); // the second choice's late answer changes nothing
  });

  it("a failure is the current set's only, and asking again retries", async () => {
    let fail = true;
    const c = new Coordinator({ db: async () => db, version: () => 1 });
    const flaky = {
      n: query('flaky-n', async (d) => {
        if (fail) throw new Error('boom');
        return d.query('SELECT 2 AS n');
      }),
    };
    const v = track<typeof flaky>(c as never);
    v.set.ask(flaky, setId(flaky, 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(v.last().failed).toEqual({ id: setId(flaky, 1), message: 'boom' });
    fail = false;
    v.set.ask(flaky, setId(flaky, 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(v.last()).toMatchObject({ answered: setId(flaky, 1), failed: null, data: { n: [{ n: 2 }] } });
  });
});
