/**
 * Open data (src/lib/data/open-data.ts) and the data set version
 * (src/lib/data/version.ts), on the real reports and the real DuckDB
 * (node-blocking wasm), set up as the app sets it up (builtin_* and mine_*
 * tables, the 内置/我的/全部 views, the indicators):
 *
 *   every table in every format, with DuckDB's row count; a blank stays
 *   empty (CSV) or null (JSON lines, Arrow), never 0; the dictionary covers
 *   every column of every exported table as DuckDB has it; the manifest and
 *   README; the version is stable for the same data and changes with it.
 * (The /data page's one button in Chromium: tests/browser/open-data.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { readReports } from '../src/lib/data/build';
import { normalize, reportId, type Tables } from '../src/lib/data/normalize';
import {
  buildOpenData,
  FORMATS,
  OPEN_TABLES,
  openDataFilename,
  openDictionary,
  tableCounts,
  tableSchema,
  type OpenDataManifest,
} from '../src/lib/data/open-data';
import { datasetVersion, embeddedVersion, isoDay, syntheticVersion, type DataVersion } from '../src/lib/data/version';
import { builtinTable, datasetViewsSql, mineTable, SHADOW_TABLE } from '../src/lib/db/datasets';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES, type Db } from '../src/lib/db/types';
import { METRICS } from '../src/lib/metrics/definitions';
import { metricViews } from '../src/lib/metrics/sql';
import type { ReportRecord } from '../src/lib/report/types';
import { workspaceTables } from '../src/lib/workspace/decide';
import type { DatasetChoice, Entry } from '../src/lib/workspace/types';
import { entryOf } from './support/entries';

const ROOT = resolve(__dirname, '..');

/** RFC 4180 CSV (quotes, doubled quotes, CRLF), the BOM dropped. */
function parseCsv(text: string): string[][] {
  const s = text.replace(/^\ufeff/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

let records: ReportRecord[];
let texts: Map<ReportRecord, string>;
let db: Db;
const byAgency = (name: string) => records.find((r) => r.agency === name)!;

const EMPTY: Tables = { reports: [], agencies: [], active: [], requests: [], review_litigation: [], findings: [] };
/** The user's tables, loaded as the app loads them (src/lib/db/app.ts loadMine). */
async function loadMine(entries: Entry[]): Promise<void> {
  const { tables, shadow } = entries.length ? workspaceTables(entries, []) : { tables: EMPTY, shadow: [] as string[] };
  for (const t of TABLES) await db.loadArrow(mineTable(t), toArrowIPC(t, tables[t] as never));
  await db.query(`DROP TABLE IF EXISTS ${SHADOW_TABLE}`);
  await db.query(`CREATE TABLE ${SHADOW_TABLE} (report_id VARCHAR)`);
  if (shadow.length) await db.query(`INSERT INTO ${SHADOW_TABLE} VALUES ${shadow.map((s) => `('${s}')`).join(', ')}`);
}
async function show(choice: DatasetChoice): Promise<void> {
  for (const sql of [...datasetViewsSql(choice), ...metricViews()]) await db.query(sql);
}
let builtinFiles: Record<string, Uint8Array>;
const version = (choice: DatasetChoice) =>
  datasetVersion(db, { choice, synthetic: false, aggregates: { version: 'b'.repeat(12) } });

/** A real report as a file of the user's, kept in the data. */
const userFile = (r: ReportRecord, id: string, over: Partial<Entry> = {}) =>
  entryOf(r, texts.get(r) ?? null, { id, decision: 'accepted', ...over });
/** The user's two reports: one new (another year), one replacing an embedded one. */
const mineEntries = (ids: [string, string] = ['a1', 'a2']) => [
  userFile({ ...byAgency('济源市人民政府'), year: 2022 }, ids[0]),
  userFile(byAgency('运城市人民政府办公室'), ids[1], { shadows: reportId(byAgency('运城市人民政府办公室')) }),
];

beforeAll(async () => {
  ({ records, texts } = await readReports(join(ROOT, 'data/reports')));
  db = await createNodeDb();
  const builtin = normalize(records, 'builtin');
  builtinFiles = {};
  for (const t of TABLES) {
    builtinFiles[t] = toArrowIPC(t, builtin[t] as never);
    await db.loadArrow(builtinTable(t), builtinFiles[t]);
  }
  await loadMine(mineEntries());
}, 180_000);
afterAll(async () => db?.close());

async function unzip(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const text = (p: string) => zip.file(p)!.async('string');
  return {
    zip,
    text,
    bytes: (p: string) => zip.file(p)!.async('uint8array'),
    manifest: JSON.parse(await text('manifest.json')) as OpenDataManifest,
  };
}

describe.each(['builtin', 'all', 'mine'] as const)('open data, %s', (choice) => {
  let files: Awaited<ReturnType<typeof unzip>>;
  let v: DataVersion;
  beforeAll(async () => {
    await show(choice);
    v = await version(choice);
    const { bytes, filename } = await buildOpenData(db, { version: v, now: new Date(2026, 0, 2, 10) });
    expect(filename).toBe(`mingjing_open-data_${v.version}_2026-01-02.zip`);
    files = await unzip(bytes);
  }, 120_000);

  it('has every table in every format, each with the rows DuckDB has', async () => {
    await show(choice);
    const counts = await tableCounts(db);
    expect(counts.reports).toBe({ builtin: 8, all: 9, mine: 2 }[choice]);
    expect(files.manifest.tables.map((t) => t.name)).toEqual([...OPEN_TABLES]);
    for (const name of OPEN_TABLES) {
      const want = counts[name];
      if (name !== 'agencies') expect(want, name).toBeGreaterThan(0);
      const columns = Object.keys(tableSchema(name));
      const csv = parseCsv(await files.text(`csv/${name}.csv`));
      expect(csv[0], name).toEqual(columns);
      expect(csv.length - 1, `${name}.csv`).toBe(want);
      expect(
        csv.every((r) => r.length === columns.length),
        name,
      ).toBe(true);
      const lines = (await files.text(`jsonl/${name}.jsonl`)).split('\n').filter((l) => l !== '');
      expect(lines.length, `${name}.jsonl`).toBe(want);
      expect(Object.keys(JSON.parse(lines[0] ?? '{}')), name).toEqual(want ? columns : []);
      const arrow = tableFromIPC(await files.bytes(`arrow/${name}.arrow`));
      expect(arrow.numRows, `${name}.arrow`).toBe(want);
      expect(
        arrow.schema.fields.map((f) => f.name),
        name,
      ).toEqual(columns);
      expect(files.manifest.tables.find((t) => t.name === name)!.rows).toBe(want);
    }
    // The CSVs open in Excel as UTF-8.
    expect((await files.bytes('csv/reports.csv')).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('keeps a blank blank: empty in CSV, null in JSON lines and Arrow — never 0, and the same cells in all three', async () => {
    await show(choice);
    let blanks = 0;
    for (const name of OPEN_TABLES) {
      const columns = Object.keys(tableSchema(name));
      const csv = parseCsv(await files.text(`csv/${name}.csv`)).slice(1);
      const jsonl = (await files.text(`jsonl/${name}.jsonl`))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const arrow = tableFromIPC(await files.bytes(`arrow/${name}.arrow`));
      for (const [i, c] of columns.entries()) {
        const [{ nulls, zeros }] = await db.query<{ nulls: number; zeros: number }>(
          `SELECT count(*) FILTER (WHERE "${c}" IS NULL) AS nulls, count(*) FILTER (WHERE TRY_CAST("${c}" AS VARCHAR) IN ('0', '0.0')) AS zeros FROM ${name}`,
        );
        const csvEmpty = csv.filter((r) => r[i] === '').length;
        const csvZero = csv.filter((r) => r[i] === '0').length;
        const jsonNull = jsonl.filter((r) => r[c] === null).length;
        const arrowNull = arrow.getChild(c)!.nullCount;
        expect({ c: `${name}.${c}`, csvEmpty, jsonNull, arrowNull, csvZero }).toEqual({
          c: `${name}.${c}`,
          csvEmpty: nulls,
          jsonNull: nulls,
          arrowNull: nulls,
          csvZero: zeros,
        });
        blanks += nulls;
      }
    }
    // The real reports do leave cells blank: the check above is not vacuous.
    expect(blanks).toBeGreaterThan(50);
    const [row] = await db.query<{ report_id: string; row_key: string; col: number }>(
      'SELECT report_id, row_key, col FROM requests WHERE value IS NULL LIMIT 1',
    );
    if (choice === 'mine') return; // the user's two reports fill every cell of 表三
    const line = (await files.text('jsonl/requests.jsonl')).split('\n').find((l) => {
      const r = JSON.parse(l || '{}');
      return r.report_id === row.report_id && r.row_key === row.row_key && r.col === row.col;
    })!;
    expect(JSON.parse(line).value).toBeNull();
  });

  it('has the dictionary: every column of every exported table, as DuckDB has them, in Chinese and English', async () => {
    await show(choice);
    const dict = JSON.parse(await files.text('dictionary.json')) as {
      columns: { table: string; column: string; type: string; zh: string; en: string }[];
      codes: unknown[];
    };
    expect(dict.columns).toEqual(openDictionary());
    expect(dict.codes.length).toBeGreaterThan(50);
    const csv = parseCsv(await files.text('数据字典_data_dictionary.csv'));
    expect(csv.length - 1).toBe(dict.columns.length);
    for (const name of OPEN_TABLES) {
      const names = (
        await db.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${name})`)
      ).map((r) => r.column_name);
      expect(names.length, name).toBeGreaterThan(2);
      const table = dict.columns.find((d) => d.table === name && d.column === '');
      expect(table?.zh && table.en, name).toBeTruthy();
      for (const c of names) {
        const d = dict.columns.find((x) => x.table === name && x.column === c);
        expect(d?.zh, `${name}.${c}`).toMatch(/\S/);
        expect(d?.en, `${name}.${c}`).toMatch(/^[A-Za-z(]/);
      }
      // …and nothing described that the table does not have.
      expect(
        dict.columns
          .filter((d) => d.table === name && d.column !== '')
          .map((d) => d.column)
          .sort(),
        name,
      ).toEqual([...names].sort());
    }
    // report_metrics is described from the definitions: each indicator's names and formula.
    for (const m of METRICS) {
      const d = dict.columns.find((x) => x.table === 'report_metrics' && x.column === m.key)!;
      expect(d.zh).toContain(m.zh);
      expect(d.zh).toContain(m.formula);
      expect(d.en).toContain(m.en);
      expect(d.en).toContain(m.formulaEn);
    }
  });

  it('has a manifest and a README: version, date, counts, source and terms', async () => {
    const m = files.manifest;
    expect(m.format).toBe('mingjing.open-data/1');
    expect(m.version).toBe(v.version);
    expect(m.date).toBe('2026-01-02');
    expect(m.dataset.choice).toBe(choice);
    expect(m.dataset.mine_reports).toBe(choice === 'builtin' ? 0 : 2);
    expect(m.source.zh).toContain('各单位政府信息公开工作年度报告');
    expect(m.terms.zh).toContain('自行公布');
    expect(m.terms.en).toContain('published');
    const readme = await files.text('README.txt');
    expect(readme).toContain(v.version);
    expect(readme).toContain('2026-01-02');
    expect(readme).not.toContain('模拟数据');
    for (const t of m.tables) expect(readme).toContain(`${t.name}: ${t.rows}`);
    const listed = Object.keys(files.zip.files)
      .filter((p) => !files.zip.files[p].dir)
      .sort();
    expect(listed).toEqual(
      [...m.tables.flatMap((t) => t.files), ...m.dictionary, 'manifest.json', 'README.txt'].sort(),
    );
  });
});

describe('one format at a time', () => {
  it('holds that format only, with the dictionary and manifest', async () => {
    await show('builtin');
    const v = await version('builtin');
    for (const f of FORMATS) {
      const { bytes, filename } = await buildOpenData(db, { version: v, formats: [f], now: new Date(2026, 0, 2) });
      expect(filename).toBe(`mingjing_open-data_${f}_${v.version}_2026-01-02.zip`);
      const zip = await JSZip.loadAsync(bytes);
      const dirs = new Set(
        Object.keys(zip.files)
          .filter((p) => p.includes('/'))
          .map((p) => p.split('/')[0]),
      );
      expect([...dirs]).toEqual([f]);
      expect(zip.file('manifest.json')).not.toBeNull();
      expect(zip.file('数据字典_data_dictionary.csv')).not.toBeNull();
    }
  });
});

describe('the data set version', () => {
  it('of the embedded data: a hash of the shipped files, stable for the same bytes, changed by one byte', async () => {
    const a = await embeddedVersion(builtinFiles);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(await embeddedVersion({ ...builtinFiles })).toBe(a);
    // Rebuilt from the same reports: the same bytes, the same version.
    const again = normalize(records, 'builtin');
    expect(await embeddedVersion(Object.fromEntries(TABLES.map((t) => [t, toArrowIPC(t, again[t] as never)])))).toBe(a);
    const changed = normalize(
      records.map((r, i) =>
        i === 0
          ? {
              ...r,
              requests: {
                ...r.requests,
                new_received: r.requests.new_received?.map((x, j) => (j === 6 && x !== null ? x + 1 : x)),
              },
            }
          : r,
      ),
      'builtin',
    );
    expect(
      await embeddedVersion(Object.fromEntries(TABLES.map((t) => [t, toArrowIPC(t, changed[t] as never)]))),
    ).not.toBe(a);
    const one = new Uint8Array(builtinFiles.reports);
    one[one.length - 9] ^= 1;
    expect(await embeddedVersion({ ...builtinFiles, reports: one })).not.toBe(a);
  });

  it('as shipped: static/data/aggregates.json carries the hash of static/data/*.arrow', async () => {
    const dir = join(ROOT, 'static/data');
    if (!existsSync(join(dir, 'aggregates.json'))) return; // `npm run data` not run yet
    const shipped = JSON.parse(readFileSync(join(dir, 'aggregates.json'), 'utf8')) as { version?: string };
    expect(shipped.version).toBe(
      await embeddedVersion(
        Object.fromEntries(TABLES.map((t) => [t, new Uint8Array(readFileSync(join(dir, `${t}.arrow`)))])),
      ),
    );
    // The build reads the same reports as this test: the same version.
    expect(shipped.version).toBe(await embeddedVersion(builtinFiles));
  });

  it("of 我的数据 and 全部: the embedded version plus the user's reports — stable for the same reports, changed when they change", async () => {
    await loadMine(mineEntries());
    const builtin = await version('builtin');
    const all = await version('all');
    const mine = await version('mine');
    expect(builtin.version).toBe('b'.repeat(12));
    expect(all.version).toMatch(/^b{12}\+mine2-[0-9a-f]{8}$/);
    expect(mine.version).toMatch(/^mine2-[0-9a-f]{8}$/);
    expect(all.mine?.reports).toBe(2);
    // The same files imported again on another machine (other entry ids): the same version.
    await loadMine(mineEntries(['z9', 'y8']));
    expect((await version('all')).version).toBe(all.version);
    expect((await version('mine')).version).toBe(mine.version);
    // A corrected cell changes it.
    const [a, b] = mineEntries();
    const edited = {
      ...a.record!,
      requests: {
        ...a.record!.requests,
        granted: a.record!.requests.granted?.map((x, j) => (j === 6 ? (x ?? 0) + 1 : x)),
      },
    };
    await loadMine([{ ...a, record: edited }, b]);
    expect((await version('all')).version).not.toBe(all.version);
    expect((await version('mine')).version).not.toBe(mine.version);
    // Keeping the replaced embedded report (no shadow) changes 全部, not 我的数据 (which does not show it either way).
    await loadMine([a, { ...b, shadows: null }]);
    expect((await version('all')).version).not.toBe(all.version);
    expect((await version('mine')).version).toBe(mine.version);
    // One report fewer.
    await loadMine([a]);
    expect((await version('mine')).version).toMatch(/^mine1-/);
    // Nothing of the user's: 全部 shows the embedded data, and has its version.
    await loadMine([]);
    expect((await version('all')).version).toBe(builtin.version);
    await loadMine(mineEntries());
  });

  it('of the synthetic set: its generator options, and 模拟数据 in the file name and README', async () => {
    await show('builtin');
    const v = await datasetVersion(db, {
      choice: 'all',
      synthetic: true,
      aggregates: { options: { reports: 1000, years: 5, seed: 1 } },
    });
    expect(v.version).toBe(syntheticVersion({ reports: 1000, years: 5, seed: 1 }));
    expect(v.version).toBe('synthetic-r1000-y5-s1');
    expect(v.choice).toBe('builtin');
    const { bytes, filename, manifest } = await buildOpenData(db, { version: v, now: new Date(2026, 0, 2) });
    expect(filename).toBe('mingjing_模拟数据_synthetic_open-data_synthetic-r1000-y5-s1_2026-01-02.zip');
    expect(openDataFilename(v, '2026-01-02', ['csv'])).toContain('模拟数据');
    expect(manifest.dataset.synthetic).toBe(true);
    expect(manifest.source.zh).toContain('模拟数据');
    const readme = await (await JSZip.loadAsync(bytes)).file('README.txt')!.async('string');
    expect(readme.startsWith('【模拟数据 SYNTHETIC DATA】')).toBe(true);
  });

  it('dates are the local calendar day', () => {
    expect(isoDay(new Date(2026, 10, 5, 23, 59))).toBe('2026-11-05');
  });
});
