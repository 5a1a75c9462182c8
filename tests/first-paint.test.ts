/**
 * The first paint (issue 16, src/lib/db/first-paint.ts): every view's default state is drawn from results the
 * build computed (static/data/first-paint.json), before DuckDB has started. On the real DuckDB-WASM, set up as
 * the app sets it up: every statement kept in the file gives the same rows live; every state of
 * src/routes/first-paint.ts is answered from the file without the database; anything else goes to DuckDB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMineDigest, mineDigest } from '../src/lib/data/version';
import { Coordinator, sqlQuery } from '../src/lib/db/coordinator';
import { embeddedAsApp } from '../src/lib/db/embedded-node';
import { COMPUTED } from '../src/lib/db/setup';
import { firstPaintDb, fromResult, recordingDb, type FirstPaint } from '../src/lib/db/first-paint';
import { requestSumsSql } from '../src/lib/db/queries-analysis';
import { scopesSql } from '../src/lib/db/queries';
import type { Db } from '../src/lib/db/types';
import { askFirstPaint, FIRST_PAINT } from '../src/routes/first-paint';
import { EMBEDDED } from './support/db';
import { reportFiles } from './support/report-files';

const first = JSON.parse(readFileSync(join(EMBEDDED, 'first-paint.json'), 'utf8')) as FirstPaint;
/** Everything computed here, live; and as a first visit's start sets it up, with the build's computed tables. */
let live: Db;
let shipped: Db;
beforeAll(async () => {
  live = await embeddedAsApp(EMBEDDED);
  shipped = await embeddedAsApp(EMBEDDED, { computed: 'shipped' });
}, 120_000);
afterAll(async () => {
  await live.close();
  await shipped.close();
});

/** A first-paint database whose DuckDB is never there: every statement sent to it is listed. */
function withoutDuckDb() {
  const sent: string[] = [];
  const never = (sql: string) => {
    sent.push(sql);
    return Promise.reject(new Error(`DuckDB asked: ${sql.slice(0, 80)}`));
  };
  const db = firstPaintDb(
    first,
    async () =>
      ({
        query: never,
        columns: never,
        loadArrow: () => Promise.reject(new Error('loadArrow')),
        close: async () => {},
      }) as unknown as Db,
  );
  return { db, sent };
}

describe('first paint from build-time results', () => {
  it('was computed on the data set shipped beside it', () => {
    const aggregates = JSON.parse(readFileSync(join(EMBEDDED, 'aggregates.json'), 'utf8')) as { version: string };
    expect(first.version).toBe(aggregates.version);
  });

  it('gives, for every statement it keeps, the rows DuckDB gives live', async () => {
    const sqls = Object.keys(first.answers);
    expect(sqls.length).toBeGreaterThan(10);
    for (const sql of sqls) expect(fromResult(first.answers[sql]), sql).toEqual(await live.query(sql));
  });

  it.each(COMPUTED)('ships %s as DuckDB computes it: same columns, same types, same rows', async (t) => {
    const [a, b] = await Promise.all([shipped, live].map((db) => db.query(`DESCRIBE ${t}`)));
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(3);
    // As plain values (a LIST column comes back as an Arrow vector, compared by its items).
    const rows = async (db: Db) => JSON.parse(JSON.stringify(await db.query(`SELECT * FROM ${t}`))) as unknown[];
    expect(await rows(shipped)).toEqual(await rows(live));
    expect((await rows(live)).length).toBeGreaterThan(0);
  });

  it('gives, on the tables a first visit starts with, every statement it keeps as it gives it live', async () => {
    for (const sql of Object.keys(first.answers)) expect(await shipped.query(sql), sql).toEqual(await live.query(sql));
  });

  it.each(Object.keys(FIRST_PAINT))('draws %s in its default state without DuckDB', async (view) => {
    const { db, sent } = withoutDuckDb();
    const c = new Coordinator({ db: async () => db, version: () => 0 });
    await FIRST_PAINT[view as keyof typeof FIRST_PAINT]!((q) => c.request(q), reportFiles());
    expect(sent).toEqual([]);
  });

  it('lists the ranking’s levels and years as DuckDB does (each is drawn: the ranking’s case above)', async () => {
    const { db } = withoutDuckDb();
    const scopes = await db.query<{ level: string; year: number }>(scopesSql);
    expect(scopes).toEqual(await live.query(scopesSql));
    expect(scopes.length).toBeGreaterThan(1);
  });

  it('sends what the user changes to DuckDB, and answers it there', async () => {
    const { db, sent } = withoutDuckDb();
    const changed = requestSumsSql({ report: null, level: '县', year: null });
    await expect(db.query(changed)).rejects.toThrow(/DuckDB asked/);
    expect(sent).toEqual([changed]);
    const both = firstPaintDb(first, async () => live);
    const c = new Coordinator({ db: async () => both, version: () => 0 });
    expect(await c.request(sqlQuery(changed))).toEqual(await live.query(changed));
  });

  it('cites the version DuckDB would: nothing of the user’s is the digest of nothing', async () => {
    expect(await emptyMineDigest()).toEqual(await mineDigest(live, true));
  });

  it('is the same file the build writes now (npm run data)', async () => {
    const answers: FirstPaint['answers'] = {};
    const rec = recordingDb(live, answers);
    const c = new Coordinator({ db: async () => rec, version: () => 0 });
    await askFirstPaint((q) => c.request(q), reportFiles());
    expect(Object.keys(answers).sort()).toEqual(Object.keys(first.answers).sort());
  });

  it("prerenders each view's default state from its own file: the same answers, and nothing from DuckDB", async () => {
    for (const [view, step] of Object.entries(FIRST_PAINT)) {
      const own = JSON.parse(readFileSync(join(EMBEDDED, 'first-paint', `${view}.json`), 'utf8')) as FirstPaint;
      expect(own.version, view).toBe(first.version);
      // Each statement as in the whole file (which the test above runs live).
      for (const [sql, result] of Object.entries(own.answers)) expect(result, view).toEqual(first.answers[sql]);
      // The view's default state asks nothing else: the page's load (src/lib/db/prerendered.ts) answers it all.
      const sent: string[] = [];
      const db = firstPaintDb(own, async () => {
        throw new Error('DuckDB asked');
      });
      const spy: Db = { ...db, query: (sql) => (sent.push(sql), db.query(sql)) };
      const c = new Coordinator({ db: async () => spy, version: () => 0 });
      await step((q) => c.request(q), reportFiles());
      expect(sent.length, view).toBeGreaterThan(0);
      expect(
        sent.filter((q) => !Object.hasOwn(own.answers, q)),
        view,
      ).toEqual([]);
    }
  });
});
