/**
 * The embedded data set (static/data/*.arrow) in DuckDB-WASM in Node, set up as the app sets up its database
 * on a first visit (./app.ts: the embedded tables as builtin_*, no report of the user's, 全部, the indicator
 * views and aggregates — computed here, or as the build shipped them): for the build's first paint
 * (scripts/data/first-paint.ts) and the tests that check it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinTable } from './datasets';
import { createNodeDb, type NodeDb } from './node';
import { COMPUTED, computedFile, loadMine, type Computed } from './setup';
import { TABLES } from './types';

export async function embeddedAsApp(
  dir: string,
  opts: { computed?: 'shipped' | 'live'; exact?: boolean } = {},
): Promise<NodeDb> {
  const db = await createNodeDb({ exact: opts.exact });
  for (const t of TABLES) await db.loadArrow(builtinTable(t), readBytes(dir, `${t}.arrow`));
  const computed =
    opts.computed === 'shipped'
      ? (Object.fromEntries(COMPUTED.map((t) => [t, readBytes(dir, computedFile(versionIn(dir), t))])) as Computed)
      : undefined;
  const later = await loadMine(db, null, 'all', false, computed);
  if (later.length) await db.query(later.join(';\n'));
  return db;
}

const readBytes = (dir: string, file: string) => new Uint8Array(readFileSync(join(dir, file)));
/** The data set's version, as aggregates.json has it. */
const versionIn = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'aggregates.json'), 'utf8')) as { version: string }).version;
