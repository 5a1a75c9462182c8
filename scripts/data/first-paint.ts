/**
 * npm run data (after build.ts) — every view's default state computed at build time, for the first paint
 * before DuckDB has started (src/lib/db/first-paint.ts): the states of src/routes/first-paint.ts asked through
 * the app's coordinator on DuckDB-WASM in Node, set up as the app sets up its database (src/lib/db/setup.ts),
 * every statement and its rows written to static/data/first-paint.json; and the tables computed from the data
 * (the indicators, the aggregates) as Arrow, static/data/computed/, which the app's start loads instead of
 * computing them again.
 * Run with vite-node: the views' queries live beside their Svelte components.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reportFiles } from '../../src/lib/data/report-files';
import { Coordinator } from '../../src/lib/db/coordinator';
import { embeddedAsApp } from '../../src/lib/db/embedded-node';
import { FIRST_PAINT_VERSION, recordingDb, type FirstPaint } from '../../src/lib/db/first-paint';
import { COMPUTED, computedFile } from '../../src/lib/db/setup';
import { FIRST_PAINT } from '../../src/routes/first-paint';

const DATA = resolve(import.meta.dirname, '../../static/data');
const started = performance.now();
// As a first visit finds it: the embedded data, no report of the user's, 全部.
const db = await embeddedAsApp(DATA);

const answers: FirstPaint['answers'] = {};
// By view, the statements its default state asks (a coordinator of its own, so none is taken from another
// view's): the page prerendered with that state (src/lib/db/prerendered.ts) reads only these.
const byView: Record<string, FirstPaint['answers']> = {};
for (const [view, step] of Object.entries(FIRST_PAINT)) {
  const own: FirstPaint['answers'] = (byView[view] = {});
  const c = new Coordinator({ db: async () => recordingDb(db, own), version: () => 0 });
  await step((q) => c.request(q), reportFiles(DATA));
  Object.assign(answers, own);
}
await db.close();

const { version } = JSON.parse(readFileSync(join(DATA, 'aggregates.json'), 'utf8')) as { version: string };
// The tables computed from the embedded set, as DuckDB types them, for the app's start (src/lib/db/setup.ts),
// under the data's version (the app takes them only for that version).
const exact = await embeddedAsApp(DATA, { exact: true });
rmSync(join(DATA, 'computed'), { recursive: true, force: true });
mkdirSync(join(DATA, 'computed', version), { recursive: true });
for (const t of COMPUTED) writeFileSync(join(DATA, computedFile(version, t)), exact.ipc(`SELECT * FROM ${t}`));
await exact.close();

const out = JSON.stringify({ version, answers } satisfies FirstPaint);
writeFileSync(join(DATA, 'first-paint.json'), out);
rmSync(join(DATA, 'first-paint'), { recursive: true, force: true });
mkdirSync(join(DATA, 'first-paint'));
for (const [view, own] of Object.entries(byView))
  writeFileSync(join(DATA, 'first-paint', `${view}.json`), JSON.stringify({ version, answers: own } satisfies FirstPaint));
// What the app's start reads to know the answers are of the data shipped beside them (src/lib/db/app.ts): their
// version alone — the whole file is fetched only when a view asks what its page did not carry.
writeFileSync(join(DATA, FIRST_PAINT_VERSION), JSON.stringify({ version }));
console.log(
  `first paint: ${Object.keys(answers).length} statements, ${(out.length / 1024).toFixed(0)} KB → static/data/first-paint.json (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
