/**
 * The workspace's logic on the real reports in data/reports and the real
 * DuckDB (node-blocking wasm build): corrections recompute findings, the
 * duplicate decisions never overwrite silently, an export reads back to the
 * same tables, and the 内置/我的/全部 views show exactly the chosen data.
 * (The IndexedDB store and the import page are tested in Chromium:
 * tests/browser/import.test.ts.)
 */
import { resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA, toArrowIPC } from '../src/lib/data/arrow';
import { readReports } from '../src/lib/data/build';
import { codeDictionary, columnDictionary } from '../src/lib/data/dictionary';
import { normalize, reportId, type Tables } from '../src/lib/data/normalize';
import { builtinTable, datasetViewsSql, mineReportId, mineTable, SHADOW_TABLE } from '../src/lib/db/datasets';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES, type Db } from '../src/lib/db/types';
import { metricViews } from '../src/lib/metrics/sql';
import { REQUEST_ROWS } from '../src/lib/report/formats';
import { readReportFileWithText } from '../src/lib/report/io/read';
import { nodeEnv } from '../src/lib/report/io/node';
import type { ReportRecord } from '../src/lib/report/types';
import { exportBundle, importBundle } from '../src/lib/workspace/bundle';
import { CORRECTION_RULE, correctedRecord, getCell, makeCorrection } from '../src/lib/workspace/corrections';
import {
  cleanEntries,
  duplicatesOf,
  resolveDuplicate,
  statusOf,
  workspaceTables,
  type BuiltinReport,
} from '../src/lib/workspace/decide';
import { expandInputs } from '../src/lib/workspace/inputs';
import type { Correction, Entry } from '../src/lib/workspace/types';
import { entryOf } from './support/entries';

let records: ReportRecord[];
let texts: Map<ReportRecord, string>;
const byAgency = (name: string) => records.find((r) => r.agency === name)!;

beforeAll(async () => {
  ({ records, texts } = await readReports(resolve(__dirname, '../data/reports')));
}, 120_000);

/** One of the real reports as a workspace file, with the text it was read from. */
const fileOf = (r: ReportRecord, over: Partial<Entry> = {}) => entryOf(r, texts.get(r) ?? null, over);
const builtinOf = (rs: ReportRecord[]): BuiltinReport[] =>
  rs.map((r) => ({ report_id: reportId(r), agency: r.agency!, year: r.year! }));

describe('corrections', () => {
  it('a correction that mends a broken sum removes the finding, and is itself shown as a finding on its cell', () => {
    const hongze = byAgency('洪泽区人民政府');
    expect(hongze.findings.some((f) => f.rule === 'review.group_sum' && f.cells.includes('review[4]'))).toBe(true);
    const parts = hongze.review!.slice(0, 4).reduce<number>((a, b) => a + (b ?? 0), 0);
    const e = fileOf(hongze);
    const c = makeCorrection(e, 'review[4]', parts, '张三', '原表总计笔误，按分项之和更正');
    const fixed = correctedRecord(e, [c])!;
    expect(fixed.review![4]).toBe(parts);
    expect(fixed.findings.some((f) => f.rule === 'review.group_sum' && f.cells.includes('review[4]'))).toBe(false);
    const note = fixed.findings.find((f) => f.rule === CORRECTION_RULE)!;
    expect(note.cells).toEqual(['review[4]']);
    expect(note.message).toContain(`原值 ${hongze.review![4]} → ${parts}`);
    expect(note.message).toContain('张三');
    // The parsed record itself is untouched.
    expect(e.record!.review![4]).toBe(hongze.review![4]);
  });

  it('a correction that breaks a sum raises the finding the validator gives', () => {
    const yuncheng = byAgency('运城市人民政府办公室');
    expect(yuncheng.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const e = fileOf(yuncheng);
    const was = getCell(yuncheng, 'requests.granted[0]') as number;
    const fixed = correctedRecord(e, [makeCorrection(e, 'requests.granted[0]', was + 5, '李四', '测试')])!;
    expect(fixed.findings.some((f) => f.rule === 'requests.row_sum' && f.cells.includes('requests.granted[0]'))).toBe(
      true,
    );
    // The layout findings (not about values) stay as parsed.
    expect(fixed.findings.filter((f) => !/^(requests|review|active|narrative|user)\./.test(f.rule))).toEqual(
      yuncheng.findings.filter((f) => !/^(requests|review|active|narrative)\./.test(f.rule)),
    );
  });

  it('the latest correction of a cell wins; blank is a value a correction may give', () => {
    const e = fileOf(byAgency('运城市人民政府办公室'));
    const a = makeCorrection(e, 'active.licensing.decisions', 10, '甲', '一', new Date('2026-01-01T00:00:00Z'));
    const b = makeCorrection(e, 'active.licensing.decisions', null, '乙', '二', new Date('2026-01-02T00:00:00Z'));
    expect(correctedRecord(e, [b, a])!.active['licensing.decisions']).toBeNull();
  });

  it('refuses what is not a correction: unknown cells, no name, no reason, not a number', () => {
    const e = fileOf(byAgency('运城市人民政府办公室'));
    expect(() => makeCorrection(e, 'requests.nonsense[0]', 1, '甲', '理由')).toThrow(/没有这个单元格/);
    expect(() => makeCorrection(e, 'review[4]', 1, ' ', '理由')).toThrow(/更正人/);
    expect(() => makeCorrection(e, 'review[4]', 1, '甲', '')).toThrow(/理由/);
    expect(() => makeCorrection(e, 'review[4]', Number.NaN, '甲', '理由')).toThrow(/数字/);
  });
});

describe('duplicates and decisions', () => {
  it('a second file of the same agency and year waits for a decision, against the workspace and the embedded data', () => {
    const r = byAgency('济源市人民政府');
    const first = fileOf(r, { decision: 'accepted' });
    const second = fileOf(r);
    const other = fileOf(byAgency('运城市人民政府办公室'));
    expect(duplicatesOf(second, [first, second, other], []).entries).toEqual([first]);
    expect(cleanEntries([first, second, other], [])).toEqual([other]);
    // Against the embedded data: the same report shipped with the app.
    const builtin = builtinOf([r]);
    expect(duplicatesOf(other, [other], builtin).builtin).toEqual([]);
    expect(duplicatesOf(fileOf(r), [], builtin).builtin).toEqual(builtin);
  });

  it('keep sets the new file aside; replace sets the old aside and hides the embedded one; versions keeps both, the new one current', () => {
    const r = byAgency('济源市人民政府');
    const builtin = builtinOf([r]);
    const old = fileOf(r, { decision: 'accepted' });
    const neu = fileOf(r);
    const all = [old, neu];
    expect(resolveDuplicate(neu, 'keep', all, builtin)).toEqual([{ ...neu, decision: 'rejected', shadows: null }]);
    const replaced = resolveDuplicate(neu, 'replace', all, builtin);
    expect(replaced.map((e) => [e.id, e.decision, e.shadows])).toEqual([
      [neu.id, 'accepted', builtin[0].report_id],
      [old.id, 'rejected', null],
    ]);
    const versions = resolveDuplicate(neu, 'versions', all, builtin);
    expect(versions.map((e) => [e.id, e.decision])).toEqual([
      [neu.id, 'accepted'],
      [old.id, 'version'],
    ]);
    // Only the current version is in the data set.
    const { tables, shadow } = workspaceTables(versions, []);
    expect(tables.reports.map((x) => x.report_id)).toEqual([mineReportId(neu.id)]);
    expect(shadow).toEqual([builtin[0].report_id]);
  });

  it('classifies files: ok, with findings, not a report, unreadable', () => {
    expect(statusOf(byAgency('运城市人民政府办公室'))).toBe('ok');
    expect(statusOf(byAgency('济源市人民政府'))).toBe('findings');
    expect(statusOf({ ...byAgency('运城市人民政府办公室'), kind: 'not_annual_report' })).toBe('not_report');
    expect(statusOf({ ...byAgency('运城市人民政府办公室'), kind: 'unreadable' })).toBe('unreadable');
  });
});

describe('files that are not reports', () => {
  it('a text file far larger than any report fails fast with its size as the reason', async () => {
    const big = new Uint8Array(21e6).fill(0x41);
    const t0 = performance.now();
    const { record } = await readReportFileWithText(big, 'huge.txt', nodeEnv);
    expect(record.kind).toBe('unreadable');
    expect(record.reason).toMatch(/文件过大（21\.0 MB）/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('opens a zip of reports (GBK or UTF-8 names), skips system files, and fails a broken zip alone', async () => {
    const zip = new JSZip();
    zip.file('报告/运城.txt', texts.get(byAgency('运城市人民政府办公室'))!);
    zip.file('__MACOSX/._运城.txt', 'junk');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const { files, bundles } = await expandInputs([
      { name: 'batch.zip', bytes },
      { name: 'broken.zip', bytes: bytes.slice(0, 40) },
      { name: 'a.txt', bytes: new Uint8Array([0x41]) },
    ]);
    expect(bundles).toEqual([]);
    expect(files.map((f) => [f.name, f.reason ? 'reason' : 'ok'])).toEqual([
      ['batch.zip/报告/运城.txt', 'ok'],
      ['broken.zip', 'reason'],
      ['a.txt', 'ok'],
    ]);
    expect(files[1].reason).toMatch(/压缩包已损坏/);
  });
});

describe('export and import', () => {
  it('an export imports back to identical tables, corrections and originals; its dictionary covers every column and code', async () => {
    const rs = records;
    const entries = rs.map((r) =>
      fileOf(r, { decision: r.agency === '上海市人民政府办公厅' ? 'rejected' : 'accepted' }),
    );
    entries.push(
      fileOf(
        { ...rs[0], kind: 'unreadable', reason: '文件是空的（0字节）' },
        { status: 'unreadable', reason: '文件是空的（0字节）', text: null },
      ),
    );
    const hongze = entries.find((e) => e.record?.agency === '洪泽区人民政府')!;
    const corrections: Correction[] = [makeCorrection(hongze, 'review[4]', 7, '张三', '笔误')];
    const originals = new Map(entries.map((e) => [e.id, new TextEncoder().encode(`original of ${e.id}`)]));
    const zipBytes = await exportBundle(entries, corrections, async (id) => originals.get(id) ?? null);

    const zip = await JSZip.loadAsync(zipBytes);
    const back = await importBundle(zip);
    expect(back.corrections).toEqual(corrections);
    expect(back.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    for (const [id, bytes] of originals) expect(back.originals.get(id)).toEqual(bytes);
    const a = workspaceTables(entries, corrections),
      b = workspaceTables(back.entries, back.corrections);
    expect(b).toEqual(a);
    expect(a.tables.reports).toHaveLength(7);
    expect(a.tables.findings.some((f) => f.rule === CORRECTION_RULE)).toBe(true);
    // The CSV tables hold the same rows (header = column names; blank = empty field).
    const csv = await zip.file('tables/requests.csv')!.async('string');
    expect(csv.trim().split('\r\n')).toHaveLength(a.tables.requests.length + 1);
    // records.jsonl: one contract record per line.
    const lines = (await zip.file('records.jsonl')!.async('string'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((r) => r.schema === 'mingjing.report/1')).toBe(true);
    // The dictionary describes every column of every table, and lists every row key with its printed label.
    const cols = columnDictionary();
    for (const [t, schema] of Object.entries(SCHEMA))
      for (const c of Object.keys(schema))
        expect(cols.find((d) => d.table === t && d.column === c)?.zh, `${t}.${c}`).toBeTruthy();
    expect(cols.every((d) => d.zh && d.en)).toBe(true);
    for (const r of REQUEST_ROWS) expect(codeDictionary().some((d) => d.code === r.key && d.zh === r.label)).toBe(true);
  });
});

describe('内置 / 我的 / 全部 in DuckDB', () => {
  let db: Db;
  let builtin: Tables;
  let mineEntries: Entry[];
  beforeAll(async () => {
    db = await createNodeDb();
    builtin = normalize(records, 'builtin');
    for (const t of TABLES) await db.loadArrow(builtinTable(t), toArrowIPC(t, builtin[t] as never));
    // The user imports two reports: one new to the embedded data (a copy under another year), one replacing an embedded one.
    const jiyuan = byAgency('济源市人民政府');
    mineEntries = [
      fileOf({ ...jiyuan, year: 2022 }, { decision: 'accepted' }),
      fileOf(byAgency('运城市人民政府办公室'), {
        decision: 'accepted',
        shadows: reportId(byAgency('运城市人民政府办公室')),
      }),
    ];
    const { tables, shadow } = workspaceTables(mineEntries, []);
    for (const t of TABLES) await db.loadArrow(mineTable(t), toArrowIPC(t, tables[t] as never));
    await db.query(
      `CREATE TABLE ${SHADOW_TABLE} AS SELECT unnest([${shadow.map((s) => `'${s}'`).join(', ')}]) AS report_id`,
    );
  }, 120_000);
  afterAll(async () => db?.close());

  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0].n;

  it.each([
    ['builtin', 8, 0],
    ['mine', 2, 2],
    ['all', 9, 2],
  ] as const)('%s: reports and their rows, metrics computed over the views', async (choice, reports, mine) => {
    for (const sql of datasetViewsSql(choice)) await db.query(sql);
    for (const sql of metricViews()) await db.query(sql);
    expect(await count('SELECT count(*) AS n FROM reports')).toBe(reports);
    expect(await count("SELECT count(*) AS n FROM reports WHERE dataset = 'mine'")).toBe(mine);
    expect(await count('SELECT count(DISTINCT report_id) AS n FROM metric_values')).toBe(reports);
    // No orphan rows: every request row belongs to a report of the data set.
    expect(
      await count('SELECT count(*) AS n FROM requests WHERE report_id NOT IN (SELECT report_id FROM reports)'),
    ).toBe(0);
    // Each agency once.
    expect(await count('SELECT count(*) - count(DISTINCT agency_id) AS n FROM agencies')).toBe(0);
  });

  it("in 全部, the replaced embedded report is left out and the user's one counts", async () => {
    for (const sql of datasetViewsSql('all')) await db.query(sql);
    const rows = await db.query<{ report_id: string }>(
      "SELECT report_id FROM reports WHERE agency = '运城市人民政府办公室'",
    );
    expect(rows.map((r) => r.report_id)).toEqual([mineReportId(mineEntries[1].id)]);
  });
});
