/**
 * The data set version: one short string that says which data a view, an
 * export or a citation was made from. Read by the "cite this view" line
 * (src/lib/ui/CiteView.svelte) and written into the open-data manifest
 * (./open-data.ts), so both always say the same.
 *
 *   内置数据  the embedded reports: the first 12 hex digits of the SHA-256 of
 *             the shipped Arrow files (static/data/<table>.arrow, in TABLES
 *             order), computed by `npm run data` (scripts/data/build.ts) and
 *             written into static/data/aggregates.json as `version`
 *                                                    → `3f9a0c1be27d`
 *   我的数据  the user's accepted reports: how many, and 8 hex digits of the
 *             SHA-256 of their normalized rows as DuckDB holds them (corrections
 *             applied; the per-machine entry ids replaced by agency|year|file,
 *             so the same files give the same digest anywhere)
 *                                                    → `mine3-9f8e7d6c`
 *   全部      both, and which embedded reports the user's replace
 *                                                    → `3f9a0c1be27d+mine3-51aa02c9`
 *             (全部 without any report of the user's shows exactly the
 *             embedded data, and has its version)
 *   模拟数据  the generator's options (static/synthetic/aggregates.json
 *             `options`)                              → `synthetic-r1000-y5-s1`
 *
 * Pure functions over a Db: the same code runs in Node (build, tests) and in
 * the browser. `currentVersion()` is the browser's: the data set the views
 * show now, recomputed whenever that data changes.
 */
import { TABLES, type Db, type TableName } from '$lib/db/types';
import type { DatasetChoice } from '$lib/workspace/types';

/** The hex SHA-256 of some bytes (Web Crypto: the browser and Node ≥ 20 both have it). */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Length of the embedded version (hex digits of the SHA-256). */
export const EMBEDDED_DIGITS = 12;
/** Length of the digest of the user's reports. */
export const MINE_DIGITS = 8;

/**
 * The embedded data set's version from its Arrow files: each table's name,
 * byte length and bytes, in TABLES order, hashed together.
 */
export async function embeddedVersion(files: Partial<Record<TableName, Uint8Array>>): Promise<string> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const name of TABLES) {
    const bytes = files[name];
    if (!bytes) throw new Error(`embeddedVersion: ${name}.arrow missing`);
    parts.push(enc.encode(`${name}\n${bytes.length}\n`), bytes);
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return (await sha256Hex(all)).slice(0, EMBEDDED_DIGITS);
}

export interface SyntheticOptions { reports: number; years: number; seed: number }

/** The synthetic set is the generator's output for its options: they are its version. */
export const syntheticVersion = (o: SyntheticOptions): string => `synthetic-r${o.reports}-y${o.years}-s${o.seed}`;

/**
 * The user's reports as DuckDB holds them (the mine_* tables), as a digest:
 * every row of every table, values in column order, the report id replaced by
 * agency_id|year|file (the entry ids differ from one machine to another),
 * lines sorted. `shadow`: also the embedded reports they replace (全部 leaves
 * those out, so they change what 全部 shows).
 */
export async function mineDigest(db: Db, shadow: boolean): Promise<{ reports: number; digest: string }> {
  const reports = await db.query<{ report_id: string; agency_id: string | null; year: number | null; source: string | null }>(
    'SELECT report_id, agency_id, year, source FROM mine_reports',
  );
  const canon = new Map(reports.map((r) => [r.report_id, `${r.agency_id ?? ''}|${r.year ?? ''}|${r.source ?? ''}`]));
  const lines: string[] = [];
  for (const name of TABLES) {
    for (const row of await db.query(`SELECT * FROM mine_${name}`)) {
      const values = Object.entries(row).map(([k, v]) => (k === 'report_id' ? canon.get(v as string) ?? v : v));
      lines.push(`${name}\t${JSON.stringify(values)}`);
    }
  }
  if (shadow) for (const s of await db.query<{ report_id: string }>('SELECT report_id FROM mine_shadow')) lines.push(`shadow\t${s.report_id}`);
  lines.sort();
  return { reports: reports.length, digest: (await sha256Hex(lines.join('\n'))).slice(0, MINE_DIGITS) };
}

/** mineDigest of a workspace with nothing in it (what 全部 shows on a first visit), without the database. */
export const emptyMineDigest = async () => ({ reports: 0, digest: (await sha256Hex('')).slice(0, MINE_DIGITS) });

/** Which data a version describes, and its parts. */
export interface DataVersion {
  /** The version string cited and written into the manifest. */
  version: string;
  choice: DatasetChoice;
  synthetic: boolean;
  /** The embedded (or synthetic) set's own version. */
  embedded: string;
  /** The user's reports, when the data shown includes them. */
  mine: { reports: number; digest: string } | null;
  syntheticOptions: SyntheticOptions | null;
}

/** What the build wrote next to the embedded tables (static/data or static/synthetic aggregates.json). */
export interface AggregatesInfo {
  version?: string;
  options?: SyntheticOptions;
}

/**
 * The version of the data the table names (reports, requests …) show now.
 * `embedded`: the embedded set's version when aggregates.json has none (an old build).
 */
export async function datasetVersion(
  db: Db,
  o: { choice: DatasetChoice; synthetic: boolean; aggregates: AggregatesInfo; embedded?: () => Promise<string> },
): Promise<DataVersion> {
  if (o.synthetic) {
    const opts = o.aggregates.options ?? null;
    const embedded = opts ? syntheticVersion(opts) : o.aggregates.version ? `synthetic-${o.aggregates.version}` : 'synthetic';
    return { version: embedded, choice: 'builtin', synthetic: true, embedded, mine: null, syntheticOptions: opts };
  }
  const embedded = o.aggregates.version ?? (o.embedded ? await o.embedded() : 'unversioned');
  if (o.choice === 'builtin') return { version: embedded, choice: o.choice, synthetic: false, embedded, mine: null, syntheticOptions: null };
  const mine = await mineDigest(db, o.choice === 'all');
  const part = `mine${mine.reports}-${mine.digest}`;
  const version = o.choice === 'mine' ? part
    // 全部 with nothing of the user's shows the embedded data as it is.
    : mine.reports === 0 ? embedded : `${embedded}+${part}`;
  return { version, choice: o.choice, synthetic: false, embedded, mine, syntheticOptions: null };
}

/** A date as YYYY-MM-DD, in local time (the day the reader sees on their calendar). */
export function isoDay(d: Date = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* ------------------------------------------------------------ in the browser */

let cached: { key: string; value: Promise<DataVersion> } | null = null;

/**
 * The version of what the views show now (the app's database, the 内置/我的/全部
 * choice, the synthetic switch). Computed once per change of the data.
 */
export async function currentVersion(): Promise<DataVersion> {
  const [{ database, dataset, firstPaintData }, { dataVersion }, { base }, { dataDir }] = await Promise.all([
    import('$lib/db/app'), import('$lib/db/data-version.svelte'), import('$app/paths'), import('$lib/db/source'),
  ]);
  // The embedded set as built (a first visit): its version is the build's, known before DuckDB has started;
  // nothing of the user's is shown (全部 with no report of theirs: the digest of nothing).
  const first = await firstPaintData(dataVersion());
  if (first) {
    const { choice, version: embedded } = first;
    const mine = choice === 'builtin' ? null : await emptyMineDigest();
    return { version: embedded, choice, synthetic: false, embedded, mine, syntheticOptions: null };
  }
  const db = await database();
  const key = `${dataVersion()}|${dataset.synthetic}|${dataset.choice}|${dataset.mineReports}`;
  if (cached?.key !== key) {
    const dir = `${base}/${dataDir(dataset.synthetic)}`;
    const value = (async () => {
      const res = await fetch(`${dir}/aggregates.json`);
      const aggregates = (res.ok ? await res.json() : {}) as AggregatesInfo;
      // An old build without `version`: hash the shipped files here, as the build would have.
      const embedded = async () => {
        const files = await Promise.all(TABLES.map(async (t) => [t, new Uint8Array(await (await fetch(`${dir}/${t}.arrow`)).arrayBuffer())] as const));
        return embeddedVersion(Object.fromEntries(files));
      };
      return datasetVersion(db, { choice: dataset.choice, synthetic: dataset.synthetic, aggregates, embedded });
    })();
    cached = { key, value };
    value.catch(() => cached?.value === value && (cached = null));
  }
  return cached.value;
}
