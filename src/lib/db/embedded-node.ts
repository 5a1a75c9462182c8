/**
 * The embedded data set (static/data/*.arrow) in DuckDB-WASM in Node, set up as the app sets up its database
 * on a first visit (./app.ts: the embedded tables as builtin_*, no report of the user's, 全部, the indicator
 * views and aggregates): for the build's first paint (scripts/data/first-paint.ts) and the tests that check it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinTable } from './datasets';
import { createNodeDb } from './node';
import { loadMine } from './setup';
import { TABLES, type Db } from './types';

export async function embeddedAsApp(dir: string): Promise<Db> {
  const db = await createNodeDb();
  for (const t of TABLES) await db.loadArrow(builtinTable(t), new Uint8Array(readFileSync(join(dir, `${t}.arrow`))));
  await loadMine(db, null, 'all', false);
  return db;
}
