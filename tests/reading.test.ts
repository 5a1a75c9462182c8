/**
 * Whose problem is it (issue 13, item 3): a reading problem — something our
 * reader could not place — is never counted against the body.
 *
 * The misread report is made from a real fixture at run time: 济源市人民政府's
 * 2021 report (shared/fixtures/seeds/003, a markdown 表三) with one more row of
 * numbers after 四、结转下年度继续办理, labelled “（附注）” — a row no reader
 * could place. Its numbers go nowhere, so the record holds the same numbers as
 * the clean report; only a `reading` finding is added, and 表三's checks
 * become `reading` too. Then, on the real DuckDB-WASM: the stored findings
 * carry their origin, reports.n_errors/n_warnings/n_info count the report's own
 * findings, n_reading the others, and 数据问题 and the composite score of every
 * body are the same with the misread report as with the clean one. Records
 * stored before findings had an origin are settled when read (store and
 * package import); corrections of every cell a reading problem names resolve it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { columnDictionary } from '../src/lib/data/dictionary';
import { normalize, type Tables } from '../src/lib/data/normalize';
import { createNodeDb } from '../src/lib/db/node';
import { fetchRanking, overviewSql, RANKING_METRICS } from '../src/lib/db/queries';
import { qualityCountsSql, qualitySql, type QualityCount, type QualityRow } from '../src/lib/db/queries-report';
import { TABLES, type Db } from '../src/lib/db/types';
import { evalMetric, METRIC_BY_KEY } from '../src/lib/metrics/definitions';
import { metricViews } from '../src/lib/metrics/sql';
import { checkCarryOver, checkPublication, crossYear } from '../src/lib/oversight/cross-year';
import { parseReportText } from '../src/lib/report';
import type { Finding, ReportRecord } from '../src/lib/report/types';
import { compositeScores, defaultWeights } from '../src/lib/ui/composite';
import { exportBundle, importBundle } from '../src/lib/workspace/bundle';
import {
  cellsOf,
  CORRECTION_RULE,
  correctedRecord,
  getCell,
  makeCorrection,
  makeCorrections,
} from '../src/lib/workspace/corrections';
import { workspaceTables } from '../src/lib/workspace/decide';
import { entryWithOrigins, recordWithOrigins } from '../src/lib/workspace/migrate';
import { entryOf } from './support/entries';
import { flatValues, SHARED } from './support/fixtures';

const seed = (name: string) => readFileSync(join(SHARED, 'seeds', `${name}.txt`), 'utf8');
const JIYUAN = seed('003_869c2ba055e881c8');
const ZEZHOU = seed('004_7f04bf6579decff7');
/** A third county in the 2021 ranking (min–max scores need more than two): 洪泽区's 2023 report (its two 表四 errors) as of 2021. */
const HONGZE_2021 = readFileSync(join(SHARED, 'real/huaian-hongze-2023.txt'), 'utf8').replace(
  /2023(\s*)年/g,
  '2021$1年',
);
const AFTER_CARRIED_FORWARD = /(\| 四、结转下年度继续办理 \|[^\n]*\n)/;
/** 济源 with one row of numbers no reader could place, after 四、结转下年度继续办理. */
const JIYUAN_MISREAD = JIYUAN.replace(AFTER_CARRIED_FORWARD, '$1| （附注） | | 1 | 2 | 0 | 0 | 0 | 0 | 3 | |\n');

const parse = (text: string, source: string) => parseReportText(text, source);
const reading = (r: ReportRecord) => r.findings.filter((f) => f.origin === 'reading');
const own = (r: ReportRecord, severity: string) =>
  r.findings.filter((f) => f.origin === 'report' && f.severity === severity);
const withoutOrigin = (r: ReportRecord): ReportRecord => ({
  ...r,
  findings: r.findings.map(({ origin: _, ...f }) => f as Finding),
});

/** A file kept in the data (workspaceTables counts the accepted ones). */
const kept = (r: ReportRecord, text: string | null) => entryOf(r, text, { decision: 'accepted' });

let clean: ReportRecord, misread: ReportRecord, zezhou: ReportRecord, hongze: ReportRecord;
beforeAll(() => {
  hongze = parse(HONGZE_2021, '洪泽-2021.txt');
  clean = parse(JIYUAN, '济源-原文.txt');
  misread = parse(JIYUAN_MISREAD, '济源-附注.txt');
  zezhou = parse(ZEZHOU, '泽州.txt');
});

describe('the misread fixture', () => {
  it('parses to the same numbers with a reading finding — loudly, should the engine change', () => {
    expect(JIYUAN_MISREAD).not.toBe(JIYUAN);
    expect(reading(clean)).toEqual([]);
    expect(reading(misread).map((f) => f.rule)).toContain('table.unlabeled_numbers');
    expect([...flatValues(misread)]).toEqual([...flatValues(clean)]);
    // The report's own problems (表四's sum, the text against 表四) are the same; 表三 had none.
    for (const s of ['error', 'warning', 'info'])
      expect(
        own(misread, s).map((f) => f.rule),
        s,
      ).toEqual(own(clean, s).map((f) => f.rule));
    expect(own(clean, 'error').length).toBeGreaterThan(0);
  });
});

describe('a piece of a report (no title): what the file lacks is not held against the body', () => {
  const lines = JIYUAN.split('\n');
  const at = (heading: string) => lines.findIndex((l) => l.startsWith(heading));
  /** 济源's 表三 alone, as a picture of it reads: its rows, no title, no heading, nothing else. */
  const TABLE3 = lines.slice(at('三、收到和处理') + 1, at('四、政府信息公开行政复议')).join('\n');
  const completeness = (r: ReportRecord) =>
    r.findings.filter((f) => /^(?:section\.|table\.(?:missing_row|row_not_in_file))/.test(f.rule));

  it('reads the table the file holds and says the rest is missing from the file, as a reading finding', () => {
    const piece = parse(TABLE3, '表三截图.png');
    expect(piece.kind).toBe('annual_report');
    expect(piece.requests).toEqual(clean.requests);
    const missing = piece.findings.filter((f) => f.rule === 'section.not_in_file');
    expect(missing.map((f) => /其中没有(表.)/.exec(f.message)?.[1])).toEqual(['表二', '表四']);
    expect(missing.every((f) => f.origin === 'reading' && f.severity === 'warning')).toBe(true);
    expect(missing.every((f) => f.message.includes('可能只是报告的一部分'))).toBe(true);
    // They name no cells: nothing of a table that is not in the file to correct, and no table of it made the
    // reader's. Said once per absent table, not once per row of it; nothing about completeness is the body's.
    expect(missing.flatMap((f) => f.cells)).toEqual([]);
    expect(piece.findings.filter((f) => /missing_row|row_not_in_file/.test(f.rule))).toEqual([]);
    expect(piece.findings.filter((f) => f.rule === 'section.missing')).toEqual([]);
    expect(piece.findings.filter((f) => f.origin === 'report')).toEqual([]);
  });

  it('holds the body to its table’s own sums, in the picture as in the whole report, before and after a check', () => {
    const wrong = TABLE3.replace('(一) 予以公开 | 83 |', '(一) 予以公开 | 88 |');
    expect(wrong).not.toBe(TABLE3);
    const sums = (r: ReportRecord) =>
      r.findings.filter((f) => /^requests\.(?:row_sum|outcome_sum)$/.test(f.rule)).map((f) => [f.rule, f.origin]);
    const piece = parse(wrong, '表三截图-错.png');
    expect(sums(piece)).toEqual([
      ['requests.row_sum', 'report'],
      ['requests.outcome_sum', 'report'],
    ]);
    // The same table with its heading in the picture: the same.
    const headed = parse(`三、收到和处理政府信息公开申请情况\n${wrong}`, '表三截图-错-有标题.png');
    expect(sums(headed)).toEqual(sums(piece));
    // Every number of the failing sums confirmed as read: still the body's.
    const e = kept(piece, wrong);
    const cells = [...new Set(piece.findings.filter((f) => /_sum$/.test(f.rule)).flatMap((f) => f.cells))];
    const confirmed = makeCorrections(
      e,
      cells.map((cell) => ({ cell, value: getCell(piece, cell) ?? null })),
      '李四',
      '按原图核对',
      new Date('2026-02-02T10:00:00Z'),
    );
    expect(sums(correctedRecord(e, confirmed)!)).toEqual(sums(piece));
  });

  it('takes a row cut off at the picture’s edge as the reader’s', () => {
    const cut = parse(TABLE3.replace(/\| 四、结转下年度继续办理 \|[^\n]*/, ''), '表三截图-裁切.png');
    const row = cut.findings.filter((f) => f.rule === 'table.row_not_in_file');
    expect(row.map((f) => f.origin)).toEqual(['reading']);
    expect(row[0].cells[0]).toMatch(/^requests\.carried_forward/);
    expect(cut.findings.filter((f) => f.origin === 'report')).toEqual([]);
  });

  it('stays the reader’s when a number of the piece is corrected (the findings revalidated, origins settled again)', () => {
    const piece = parse(TABLE3, '表三截图.png');
    const e = kept(piece, TABLE3);
    const fix = makeCorrection(e, 'requests.granted[0]', 83, '李四', '按原图核对', new Date('2026-02-02T10:00:00Z'));
    const after = correctedRecord(e, [fix])!;
    expect(after.findings.filter((f) => f.rule === 'section.not_in_file').map((f) => f.origin)).toEqual([
      'reading',
      'reading',
    ]);
    expect(after.findings.filter((f) => f.origin === 'report' && f.rule !== CORRECTION_RULE)).toEqual([]);
  });

  it('still holds a whole report (its title there) to the sections it lacks', () => {
    const whole = parse(lines.slice(0, at('四、政府信息公开行政复议')).join('\n'), '济源-无表四.txt');
    const missing = completeness(whole);
    expect(missing.map((f) => [f.rule, f.origin, f.severity, f.cells[0]])).toEqual([
      ['section.missing', 'report', 'error', 'review'],
    ]);
    expect(missing[0].message).toBe('找不到第四部分“政府信息公开行政复议、行政诉讼情况”及其表格');
  });
});

describe('storage: the origin column and the counts', () => {
  it('findings carry their origin; n_errors/n_warnings/n_info count the report’s own, n_reading the others', () => {
    const t = normalize([clean, misread], 'mine', (_, i) => `mine:${i}`);
    const [a, b] = t.reports;
    expect([b.n_errors, b.n_warnings, b.n_info]).toEqual([a.n_errors, a.n_warnings, a.n_info]);
    expect(a.n_errors).toBe(own(clean, 'error').length);
    expect(a.n_reading).toBe(0);
    expect(b.n_reading).toBe(reading(misread).length);
    expect(
      t.findings
        .filter((f) => f.report_id === 'mine:1')
        .map((f) => f.origin)
        .sort(),
    ).toEqual(misread.findings.map((f) => f.origin).sort());
    // The dictionary describes both new columns (the open-data export and the package carry it).
    const cols = columnDictionary().map((d) => `${d.table}.${d.column}`);
    expect(cols).toEqual(expect.arrayContaining(['findings.origin', 'reports.n_reading']));
  });

  it('数据问题 evaluated on the record counts the report’s own errors only', () => {
    const m = METRIC_BY_KEY.findings_errors;
    expect(evalMetric(misread, m).value).toBe(evalMetric(clean, m).value);
    expect(evalMetric(misread, m).value).toBe(own(clean, 'error').length);
  });
});

describe('DuckDB: 数据问题, the composite score, quality and the overview', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createNodeDb();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function load(t: Tables) {
    for (const name of TABLES) await db.loadArrow(name, toArrowIPC(name, t[name] as never));
    for (const sql of metricViews()) await db.query(sql);
  }
  /** The 县 2021 ranking (泽州, 洪泽, 济源) as the ranking view reads it, with its composite scores at the default weights. */
  async function ranking(jiyuan: ReportRecord) {
    expect([zezhou, hongze, jiyuan].map((r) => r.year)).toEqual([2021, 2021, 2021]);
    await load(
      normalize([zezhou, hongze, jiyuan], 'builtin', (r) =>
        r === zezhou ? 'zezhou' : r === hongze ? 'hongze' : 'jiyuan',
      ),
    );
    const entries = await fetchRanking(db, '县', 2021, RANKING_METRICS);
    const scores = compositeScores(
      entries.map((e) => ({ id: e.id, values: e.m })),
      defaultWeights(RANKING_METRICS),
    );
    return new Map(
      entries.map((e) => [
        e.id,
        {
          errors: e.m.findings_errors.value,
          score: scores.get(e.id)!.score,
          rank: scores.get(e.id)!.rank,
          reading: e.reading,
        },
      ]),
    );
  }

  it('a report with a reading problem changes no body’s 数据问题 count or composite score', async () => {
    const before = await ranking(clean);
    const after = await ranking(misread);
    expect(before.get('jiyuan')!.errors).toBe(own(clean, 'error').length);
    expect(before.size).toBe(3);
    for (const id of ['zezhou', 'hongze', 'jiyuan']) {
      expect(after.get(id)!.errors, id).toBe(before.get(id)!.errors);
      expect(after.get(id)!.score, id).toBeCloseTo(before.get(id)!.score!, 12);
      expect(after.get(id)!.rank, id).toBe(before.get(id)!.rank);
    }
    expect([before.get('jiyuan')!.reading, after.get('jiyuan')!.reading]).toEqual([0, reading(misread).length]);
    // The control: were the reading problem counted as the report's, 数据问题 and the score would move.
    expect(defaultWeights(RANKING_METRICS).findings_errors.weight).toBeGreaterThan(0);
    const blamed = await ranking({
      ...misread,
      findings: misread.findings.map((f) => ({ ...f, origin: 'report' as const })),
    });
    expect(blamed.get('jiyuan')!.errors).toBeGreaterThan(before.get('jiyuan')!.errors!);
    expect(
      ['zezhou', 'hongze', 'jiyuan'].some((id) => Math.abs(blamed.get(id)!.score! - before.get(id)!.score!) > 1e-6),
    ).toBe(true);
  });

  it('/quality counts the report’s own problems per rule and severity; reading problems are a group of their own', async () => {
    await load(normalize([clean], 'builtin', () => 'jiyuan'));
    const ownBefore = (await db.query<QualityCount>(qualityCountsSql({}))).filter((c) => c.origin === 'report');
    await load(normalize([misread], 'builtin', () => 'jiyuan'));
    const counts = await db.query<QualityCount>(qualityCountsSql({}));
    expect(counts.filter((c) => c.origin === 'report')).toEqual(ownBefore);
    expect(counts.filter((c) => c.origin === 'reading').map((c) => c.rule)).toContain('table.unlabeled_numbers');
    const onlyReading = await db.query<QualityRow>(qualitySql({ origin: 'reading' }));
    expect(onlyReading.map((r) => r.rule).sort()).toEqual(
      reading(misread)
        .map((f) => f.rule)
        .sort(),
    );
    expect(onlyReading.every((r) => r.n_reading === reading(misread).length)).toBe(true);
    expect((await db.query<QualityRow>(qualitySql({ origin: 'report' }))).length).toBe(
      misread.findings.length - reading(misread).length,
    );
  });

  it('the overview’s 数据问题 stays; the report is counted among those with reading problems', async () => {
    await load(normalize([zezhou, clean], 'builtin'));
    const a = await db.query<{ errors: number; warnings: number; reading_reports: number }>(overviewSql);
    await load(normalize([zezhou, misread], 'builtin'));
    const b = await db.query<{ errors: number; warnings: number; reading_reports: number }>(overviewSql);
    expect(b.map((r) => [r.errors, r.warnings])).toEqual(a.map((r) => [r.errors, r.warnings]));
    expect([a[0].reading_reports, b[0].reading_reports]).toEqual([0, 1]);
  });
});

describe('records stored before findings had an origin', () => {
  it('are settled as the engine settles them (one place: store.listEntries and importBundle call entryWithOrigins)', () => {
    for (const r of [clean, misread, zezhou]) {
      const old = withoutOrigin(r);
      expect(old.findings.some((f) => 'origin' in f)).toBe(false);
      expect(recordWithOrigins(old).findings.map((f) => f.origin)).toEqual(r.findings.map((f) => f.origin));
      expect(entryWithOrigins(kept(old, null)).record!.findings).toEqual(r.findings);
    }
    // Nothing to do: the same objects.
    const e = kept(misread, JIYUAN_MISREAD);
    expect(entryWithOrigins(e)).toBe(e);
  });

  it('a package exported before reads back with origins, and its tables count as today’s', async () => {
    const entries = [kept(withoutOrigin(clean), JIYUAN), kept(withoutOrigin(misread), JIYUAN_MISREAD)];
    const zip = await exportBundle(entries, [], async () => null);
    const back = await importBundle(await JSZip.loadAsync(zip));
    expect(back.entries.map((e) => e.record!.findings)).toEqual([clean.findings, misread.findings]);
    const today = workspaceTables([kept(clean, JIYUAN), kept(misread, JIYUAN_MISREAD)], []).tables.reports;
    const restored = workspaceTables(back.entries, []).tables.reports;
    expect(restored.map((r) => [r.n_errors, r.n_warnings, r.n_info, r.n_reading])).toEqual(
      today.map((r) => [r.n_errors, r.n_warnings, r.n_info, r.n_reading]),
    );
    expect(restored[1].n_reading).toBeGreaterThan(0);
  });
});

describe('corrections resolve reading problems', () => {
  /** 泽州 (plain text) with （七）总计 printed short: the reader cannot tell the columns — a reading problem on its seven cells. */
  const SHORT = () => ZEZHOU.replace(/（七）总计 8 0 0 0 0 0 8/, '（七）总计 8 0 0 8');

  it('correcting every cell a reading problem names drops it, says so in the note, and gives 表三 back to the report', () => {
    const r = parse(SHORT(), '泽州-短行.txt');
    const problem = r.findings.find((f) => f.origin === 'reading' && f.rule === 'table.missing_cells')!;
    expect(problem.cells).toHaveLength(7);
    // Its table's other findings are reading too while it stands (the 其他处理 row, the text against 表三).
    expect(r.findings.find((f) => f.rule === 'table.collapsed_other')!.origin).toBe('reading');
    const e = kept(r, SHORT());
    const printed = zezhou.requests.processed_total!;
    // Six of seven: not resolved.
    const six = makeCorrections(
      e,
      printed.slice(0, 6).map((v, i) => ({ cell: `requests.processed_total[${i}]`, value: v })),
      '李四',
      '按原表补录',
      new Date('2026-02-02T10:00:00Z'),
    );
    expect(correctedRecord(e, six)!.findings.some((f) => f.rule === 'table.missing_cells')).toBe(true);
    // The seventh completes it.
    const last = makeCorrection(
      e,
      'requests.processed_total[6]',
      printed[6],
      '李四',
      '按原表补录',
      new Date('2026-02-02T10:05:00Z'),
    );
    const fixed = correctedRecord(e, [...six, last])!;
    expect(fixed.requests.processed_total).toEqual(printed);
    expect(fixed.findings.some((f) => f.rule === 'table.missing_cells')).toBe(false);
    expect(reading(fixed)).toEqual([]);
    expect(fixed.findings.find((f) => f.rule === 'table.collapsed_other')!.origin).toBe('report');
    // The report's own findings are back as the clean text gives them.
    const ownRules = (x: ReportRecord) =>
      x.findings
        .filter((f) => f.origin === 'report' && f.rule !== CORRECTION_RULE)
        .map((f) => f.rule)
        .sort();
    expect(ownRules(fixed)).toEqual(ownRules(zezhou));
    const notes = fixed.findings.filter((f) => f.rule === CORRECTION_RULE);
    expect(notes).toHaveLength(7);
    const says = notes.filter((f) => f.message.includes('该读取问题已解决'));
    expect(says.map((f) => f.cells)).toEqual([['requests.processed_total[6]']]);
    expect(says[0].message).toContain(problem.message);
    // In the user's tables: nothing left for 含读取问题.
    expect(workspaceTables([e], [...six, last]).tables.reports[0].n_reading).toBe(0);
  });

  it('a row the reader could not place can be entered whole: cells the record lacks, for a row of its format', () => {
    // 泽州 with 四、结转下年度继续办理 printed under a label no reader knows: numbers without a row, and the row missing.
    const text = ZEZHOU.replace('四、结转下年度继续办理 0 0 0 0 0 0 0', '（附注） 0 0 0 0 0 0 0');
    const r = parse(text, '泽州-附注.txt');
    expect(r.requests.carried_forward).toBeUndefined();
    const missing = r.findings.find(
      (f) => f.rule === 'table.missing_row' && f.cells.includes('requests.carried_forward'),
    )!;
    expect(missing.origin).toBe('reading');
    expect(cellsOf(r, 'requests.carried_forward')).toHaveLength(7);
    const e = kept(r, text);
    expect(getCell(r, 'requests.carried_forward[0]')).toBeUndefined();
    const cs = makeCorrections(
      e,
      zezhou.requests.carried_forward!.map((v, i) => ({ cell: `requests.carried_forward[${i}]`, value: v })),
      '李四',
      '程序未读出此行，按原表补录',
    );
    expect(cs.every((c) => c.added === true && c.original === null)).toBe(true);
    const fixed = correctedRecord(e, cs)!;
    expect(fixed.requests.carried_forward).toEqual(zezhou.requests.carried_forward);
    expect(Object.keys(fixed.requests)).toEqual(Object.keys(zezhou.requests)); // in the form's order
    expect(fixed.findings.some((f) => f.rule === 'table.missing_row')).toBe(false);
    expect(fixed.findings.filter((f) => f.rule === CORRECTION_RULE)[0].message).toContain('原值 未读出');
    // The numbers without a row name the whole table: entering one row does not vouch for all of 表三.
    expect(fixed.findings.find((f) => f.rule === 'table.unlabeled_numbers')?.origin).toBe('reading');
  });

  it('only cells the record’s format prints can be entered', () => {
    const e = kept(zezhou, ZEZHOU);
    expect(zezhou.format).toBe('2021');
    expect(() => makeCorrection(e, 'active.procurement.projects', 1, '李四', '试')).toThrow(/格式中没有这个单元格/);
    expect(() => makeCorrection(e, 'requests.nonsense[0]', 1, '李四', '试')).toThrow(/格式中没有这个单元格/);
    expect(() => makeCorrection(e, 'requests.granted[7]', 1, '李四', '试')).toThrow(/格式中没有这个单元格/);
    const shanghai = parse(
      readFileSync(join(SHARED, 'real/shanghai-office-2019.txt'), 'utf8'),
      'shanghai-office-2019.txt',
    );
    expect(shanghai.format).toBe('2019');
    expect(() => makeCorrection(kept(shanghai, null), 'requests.other_no_fee[0]', 1, '李四', '试')).toThrow(
      /格式中没有这个单元格/,
    );
    expect(makeCorrection(kept(shanghai, null), 'active.procurement.projects', 1, '李四', '试').cell).toBe(
      'active.procurement.projects',
    );
  });
});

describe('cross-year checks: whose problem', () => {
  // 济源's 2020 report: the same text a year earlier (its 结转下年度 3 ≠ 2021's 上年结转 1).
  const prevText = () => JIYUAN.replace(/2021(\s*)年/g, '2020$1年');
  it('a carry-over comparison that reads a misread 表三 in either year is a reading problem; publication stays the report’s', () => {
    const prev = { record: parse(prevText(), '济源-2020.txt'), text: prevText(), id: 'p' };
    const cur = { record: clean, text: JIYUAN, id: 'c' };
    const bad = { record: misread, text: JIYUAN_MISREAD, id: 'm' };
    expect([prev.record.year, cur.record.year]).toEqual([2020, 2021]);
    const mine = checkCarryOver(prev, cur);
    expect(mine.map((f) => [f.rule, f.origin])).toEqual([['cross_year.carry_over', 'report']]);
    expect(checkCarryOver(prev, bad).map((f) => [f.rule, f.origin])).toEqual([['cross_year.carry_over', 'reading']]);
    const prevBad = {
      record: parse(
        prevText().replace(AFTER_CARRIED_FORWARD, '$1| （附注） | | 1 | 2 | 0 | 0 | 0 | 0 | 3 | |\n'),
        '济源-2020-附注.txt',
      ),
      text: null,
      id: 'pb',
    };
    expect(checkCarryOver(prevBad, cur).map((f) => f.origin)).toEqual(['reading']);
    // Records kept from before origins: the same answer.
    expect(checkCarryOver(prev, { ...bad, record: withoutOrigin(misread) }).map((f) => f.origin)).toEqual(['reading']);
    // Late publication is the body's whatever the tables: 泽州 as a department would be late (2022-02-16).
    const dept = { record: { ...zezhou, agency: '泽州县财政局', findings: misread.findings }, text: null };
    expect(checkPublication(dept).map((f) => [f.rule, f.origin])).toEqual([['publication.late', 'report']]);
    const all = crossYear([prev, bad]).findings;
    expect(all.filter((f) => f.rule === 'cross_year.carry_over').map((f) => f.origin)).toEqual(['reading']);
    expect(all.filter((f) => f.rule === 'cross_year.boilerplate').every((f) => f.origin === 'report')).toBe(true);
  });
});
