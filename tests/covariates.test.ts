/**
 * Covariates (src/lib/covariates): a CSV (UTF-8 or GBK) or XLSX keyed by
 * region code or name is read into covariates — places matched to GB/T 2260
 * by code and by name, an ambiguous name listed and never guessed, a blank
 * cell null and a 0 kept as 0, a cell that is not a number reported on its
 * row, a broken file failing alone with a Chinese message — and the
 * per-capita SQL on the real DuckDB-WASM engine gives, for the embedded
 * reports, the value computed here by hand (本年新收申请 ÷ 常住人口 × scale).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrowIPC } from '../src/lib/data/arrow';
import { buildTables } from '../src/lib/data/build';
import { reportId, type Tables } from '../src/lib/data/normalize';
import { aggregatesSql, JURISDICTION } from '../src/lib/db/aggregates';
import { createNodeDb } from '../src/lib/db/node';
import { TABLES, type Db } from '../src/lib/db/types';
import { matchCode, matchName } from '../src/lib/covariates/match';
import {
  analyseTable,
  CovariateFileError,
  parseCovariateFile,
  toCovariates,
  toNumber,
  unitOf,
} from '../src/lib/covariates/parse';
import { covariatesIPC } from '../src/lib/covariates/ipc';
import {
  perCapitaFormula,
  perCapitaLabel,
  perCapitaSql,
  scaleOf,
  usage,
  type PerCapitaRow,
} from '../src/lib/covariates/sql';
import { metaOf, rowsOf, type Covariate } from '../src/lib/covariates/types';
import { metricViews } from '../src/lib/metrics/sql';
import type { ReportRecord } from '../src/lib/report/types';

const FIXTURE = resolve(__dirname, 'fixtures/covariates/测试用人口_虚构数值.csv');
const POP = '常住人口（万人）';
const CIVIL = '公务员人数（人）';
const bytes = () => new Uint8Array(readFileSync(FIXTURE));
const text = () => readFileSync(FIXTURE, 'utf8');

async function fails(p: Promise<unknown>): Promise<CovariateFileError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CovariateFileError);
    return e as CovariateFileError;
  }
  throw new Error('expected a CovariateFileError');
}

describe('matching places to GB/T 2260', () => {
  it('by code: 6 digits, 2/4 for a province or city, a 12-digit statistical code; unknown codes are reported', () => {
    expect(matchCode('320813')).toEqual({ code: '320813', region: '江苏省淮安市洪泽区' });
    expect(matchCode('32')).toMatchObject({ code: '320000' });
    expect(matchCode('3208')).toMatchObject({ code: '320800', region: '江苏省淮安市' });
    expect(matchCode('320813000000')).toMatchObject({ code: '320813' });
    expect(matchCode('３２０８１３')).toMatchObject({ code: '320813' });
    const unknown = matchCode('329999');
    expect(unknown.code).toBeNull();
    expect(unknown.code === null && unknown.reason.zh).toContain('不在 GB/T 2260');
    expect(matchCode('320813001').code).toBeNull(); // a township
    expect(matchCode('淮安').code).toBeNull();
  });

  it('by name: in full, from any level down, a county-level city directly under a province', () => {
    for (const n of ['江苏省淮安市洪泽区', '淮安市洪泽区', '洪泽区', '江苏省洪泽区'])
      expect(matchName(n), n).toMatchObject({ code: '320813' });
    expect(matchName('淮安市')).toMatchObject({ code: '320800' });
    expect(matchName('济源市')).toMatchObject({ code: '419001', region: '河南省济源市' });
    expect(matchName('上海市')).toMatchObject({ code: '310000' });
  });

  it('an ambiguous name is reported with its candidates, never guessed; the parent settles it', () => {
    const m = matchName('朝阳区');
    expect(m.code).toBeNull();
    if (m.code === null) {
      expect(m.reason.zh).toMatch(/有 2 处同名/);
      expect(m.reason.zh).toContain('北京市朝阳区 110105');
      expect(m.reason.zh).toContain('吉林省长春市朝阳区 220104');
      expect(m.reason.en).toMatch(/names 2 places/);
    }
    expect(matchName('北京市朝阳区')).toMatchObject({ code: '110105' });
    expect(matchName('长春市朝阳区')).toMatchObject({ code: '220104' });
    // A name that is not a place, or has words left over, is not matched.
    expect(matchName('淮安市人民政府').code).toBeNull();
    expect(matchName('火星市').code).toBeNull();
  });
});

describe('reading a covariate file', () => {
  it('reads the UTF-8 CSV fixture: codes and names, blank vs 0, a non-number reported on its row, the ambiguous name unmatched', async () => {
    const p = await parseCovariateFile('测试用人口_虚构数值.csv', bytes());
    expect(p.keys).toEqual({ code: '地区代码', name: '地区' });
    expect(p.year).toBe('年份');
    expect(p.source).toBe('来源');
    expect(p.rows).toBe(8);
    expect(p.matched).toBe(7);
    expect(p.columns.map((c) => [c.name, c.unit])).toEqual([
      [POP, '万人'],
      [CIVIL, '人'],
    ]);
    expect(p.columns[0].nameEn).toBe('resident population (10,000 people)');
    expect(p.unmatched).toHaveLength(1);
    expect(p.unmatched[0]).toMatchObject({ row: 9, key: '朝阳区' });
    expect(p.unmatched[0].reason.zh).toMatch(/同名/);
    // 淮安市 has no code in the file: matched by its name.
    const pop = new Map(p.columns[0].values.map((v) => [`${v.code}|${v.year}`, v]));
    expect(pop.get('320800|2024')).toMatchObject({ value: 455.3, region: '江苏省淮安市', row: 4 });
    expect(pop.get('419001|2021')?.value).toBe(72.7);
    expect(pop.get('320813|2023')?.value).toBe(30.1);
    expect(pop.get('320813|2024')?.value).toBe(29.8);
    const civil = new Map(p.columns[1].values.map((v) => [v.code, v.value]));
    expect(civil.get('140525')).toBeNull(); // blank stays blank
    expect(civil.get('310000')).toBe(0); // 0 stays 0
    expect(civil.get('140800')).toBeNull(); // 约2万: not a number
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatchObject({ row: 8, column: CIVIL });
    expect(p.problems[0].message.zh).toContain('“约2万”不是数字');
    expect(p.needsYear).toBe(false);
    expect(p.needsSource).toBe(false);

    const cs = toCovariates(p, {}, new Date('2025-01-01T00:00:00Z'));
    expect(cs.map((c) => c.name)).toEqual([POP, CIVIL]);
    const meta = metaOf(cs[0]);
    expect(meta).toMatchObject({
      regions: 6,
      listed: 6,
      unmatched: 1,
      years: [2019, 2020, 2021, 2023, 2024],
      sources: ['测试用虚构数据（非真实统计）'],
    });
    expect(metaOf(cs[1])).toMatchObject({ regions: 4, listed: 6 }); // the blank and the non-number are not values; 0 is (洪泽区 twice is one place)
    expect(cs[0].fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(toCovariates(p, {}, new Date()).map((c) => c.fingerprint)).toEqual(cs.map((c) => c.fingerprint));
  });

  it('reads the same file in GBK and as XLSX, with the same covariates', async () => {
    const utf8 = toCovariates(await parseCovariateFile('a.csv', bytes()), {}, new Date(0));
    const gbk = toCovariates(
      await parseCovariateFile('a.csv', new Uint8Array(iconv.encode(text(), 'gbk'))),
      {},
      new Date(0),
    );
    expect(gbk).toEqual(utf8);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    for (const line of text().trim().split('\n')) {
      // Numbers as numbers, codes as text or numbers, as a spreadsheet holds them.
      ws.addRow(
        line
          .split(',')
          .map((c, i) => (c === '' ? null : i !== 5 && i !== 1 && /^\d+(\.\d+)?$/.test(c) ? Number(c) : c)),
      );
    }
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const fromXlsx = toCovariates(await parseCovariateFile('a.xlsx', xlsx), {}, new Date(0));
    expect(fromXlsx.map((c) => ({ ...c, file: 'a.csv' }))).toEqual(utf8);
  });

  it('takes year and source from the form where the file has none, and requires them', async () => {
    const csv = '地区,GDP（亿元）\n淮安市,"4,742.4"\n洪泽区,\n';
    const p = await parseCovariateFile('gdp.csv', new TextEncoder().encode(csv));
    expect(p.needsYear).toBe(true);
    expect(p.needsSource).toBe(true);
    expect(p.columns[0].values.map((v) => v.value)).toEqual([4742.4, null]);
    expect(() => toCovariates(p, { source: '统计公报' })).toThrow(/年份/);
    expect(() => toCovariates(p, { year: 2024 })).toThrow(/来源/);
    const [gdp] = toCovariates(p, {
      year: 2024,
      source: '统计公报',
      units: { 'GDP（亿元）': '亿元' },
      namesEn: { 'GDP（亿元）': 'GDP (100 million yuan)' },
    });
    expect(gdp.values.map((v) => [v.code, v.value, v.year, v.source])).toEqual([
      ['320800', 4742.4, 2024, '统计公报'],
      ['320813', null, 2024, '统计公报'],
    ]);
    expect(gdp.nameEn).toBe('GDP (100 million yuan)');
    expect(scaleOf(gdp)).toEqual({ factor: 1, per: { zh: '亿元', en: '100 million yuan' } });
    expect(perCapitaLabel('requests_new', gdp)).toEqual({
      zh: '本年新收申请/亿元',
      en: 'new requests per 100 million yuan',
    });
  });

  it('numbers: thousands separators, full-width digits; a blank is null; anything else is reported', () => {
    expect(toNumber('1,234,567.5')).toBe(1234567.5);
    expect(toNumber('１２３')).toBe(123);
    expect(toNumber(' ')).toBeNull();
    expect(toNumber(null)).toBeNull();
    expect(toNumber('0')).toBe(0);
    expect(Number.isNaN(toNumber('—'))).toBe(true);
    expect(Number.isNaN(toNumber('1,23'))).toBe(true);
    expect(unitOf('常住人口（万人）')).toBe('万人');
    expect(unitOf('population (persons)')).toBe('persons');
    expect(unitOf('GDP')).toBeNull();
    // A usual unit after a slash (a header written 人口/万人); any other slash is part of the name.
    expect(unitOf('人口/万人')).toBe('万人');
    expect(unitOf('GDP／亿元')).toBe('亿元');
    expect(unitOf('男/女比例')).toBeNull();
  });

  it('a broken file fails alone, with a clear Chinese message', async () => {
    const zipJunk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await fails(parseCovariateFile('坏文件.xlsx', zipJunk))).msg.zh).toMatch(
      /^“坏文件\.xlsx”不是有效的 XLSX 文件，无法读取/,
    );
    expect((await fails(parseCovariateFile('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])))).msg.zh).toMatch(
      /旧版 Excel/,
    );
    expect((await fails(parseCovariateFile('empty.csv', new Uint8Array()))).msg.zh).toMatch(/空文件/);
    expect(
      (await fails(parseCovariateFile('img.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])))).msg.zh,
    ).toMatch(/不是 CSV/);
    const noKey = await fails(parseCovariateFile('x.csv', new TextEncoder().encode('城市名,人口\n淮安,1\n')));
    expect(noKey.msg.zh).toMatch(/没有地区代码列或地区名称列/);
    expect(noKey.msg.zh).toContain('城市名、人口');
    const noNumbers = await fails(
      parseCovariateFile('x.csv', new TextEncoder().encode('地区,备注,说明文字\n淮安市,无,有\n')),
    );
    expect(noNumbers.msg.zh).toMatch(/没有数值列/);
    // A good file after a broken one still reads.
    expect((await parseCovariateFile('ok.csv', bytes())).columns).toHaveLength(2);
  });

  it('a repeated place and year keeps the first line and reports the other', () => {
    const p = analyseTable('d.csv', [
      ['code', 'year', 'population (人)', 'source'],
      ['320813', '2024', '300000', 's'],
      ['320813', '2024', '1', 's'],
      ['320800', '2024', '', 's'],
    ]);
    expect(p.columns[0].values.map((v) => [v.code, v.value])).toEqual([
      ['320813', 300000],
      ['320800', null],
    ]);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatchObject({ row: 3 });
    expect(p.problems[0].message.zh).toContain('只取第 2 行');
  });
});

describe('per-capita SQL on DuckDB (embedded reports)', () => {
  let db: Db;
  let records: ReportRecord[];
  let tables: Tables;
  let covs: Covariate[];
  beforeAll(async () => {
    ({ tables, records } = await buildTables(resolve(__dirname, '../data/reports')));
    db = await createNodeDb();
    for (const name of TABLES) await db.loadArrow(name, toArrowIPC(name, tables[name] as never));
    for (const sql of [...metricViews(), ...aggregatesSql()]) await db.query(sql);
    covs = toCovariates(await parseCovariateFile('测试用人口_虚构数值.csv', bytes()), {});
    await db.loadArrow('covariates', covariatesIPC(rowsOf(covs)));
  }, 120_000);
  afterAll(async () => db?.close());

  const rec = (agency: string, year: number) => records.find((r) => r.agency === agency && r.year === year)!;
  const newRequests = (r: ReportRecord) => r.requests.new_received![6]!;

  it('per 10,000 people = 本年新收申请 ÷ 常住人口（万人）, by hand; another year is used and said; no covariate is NULL', async () => {
    const pop = covs[0];
    const rows = await db.query<PerCapitaRow>(perCapitaSql(pop, { level: '县', year: 2021 }));
    const by = new Map(rows.map((r) => [r.report_id, r]));
    const jiyuan = by.get(reportId(rec('济源市人民政府', 2021)))!;
    expect(newRequests(rec('济源市人民政府', 2021))).toBe(165);
    expect(jiyuan).toMatchObject({
      cov_value: 72.7,
      cov_year: 2021,
      cov_source: '测试用虚构数据（非真实统计）',
      requests_new: 165,
    });
    expect(jiyuan.pc_requests_new).toBeCloseTo(165 / 72.7, 12);
    expect(jiyuan.pc_licensing_decisions).toBeCloseTo(
      rec('济源市人民政府', 2021).active['licensing.decisions']! / 72.7,
      12,
    );
    // 泽州县: only a 2020 value in the file: used, and its year returned.
    const zezhou = by.get(reportId(rec('泽州县人民政府', 2021)))!;
    expect(zezhou).toMatchObject({ cov_value: 48.5, cov_year: 2020, year: 2021 });
    expect(zezhou.pc_requests_new).toBeCloseTo(newRequests(rec('泽州县人民政府', 2021)) / 48.5, 12);
    expect(usage(rows)).toEqual({
      reports: 2,
      missing: 0,
      otherYear: 1,
      years: [2020, 2021],
      sources: ['测试用虚构数据（非真实统计）'],
    });

    // 临汾市尧都区 is not in the file: NULL, counted as missing — never 0.
    const office = await db.query<PerCapitaRow>(perCapitaSql(pop, { level: '办公室', year: 2021 }));
    const yaodu = office.find((r) => r.report_id === reportId(rec('临汾市尧都区人民政府办公室', 2021)))!;
    expect(yaodu).toMatchObject({
      cov_value: null,
      cov_year: null,
      pc_requests_new: null,
      requests_new: newRequests(rec('临汾市尧都区人民政府办公室', 2021)),
    });
    expect(usage(office).missing).toBe(1);
  });

  it('a place with two years: each report takes its own year', async () => {
    const rows = await db.query<PerCapitaRow>(
      perCapitaSql(covs[0], {
        reports: [
          reportId(rec('洪泽区人民政府', 2023)),
          reportId(rec('淮安市洪泽区人民政府', 2024)),
          reportId(rec('淮安市人民政府', 2024)),
        ],
      }),
    );
    const by = new Map(rows.map((r) => [r.report_id, r]));
    expect(by.get(reportId(rec('洪泽区人民政府', 2023)))).toMatchObject({ cov_value: 30.1, cov_year: 2023 });
    expect(by.get(reportId(rec('淮安市洪泽区人民政府', 2024)))).toMatchObject({ cov_value: 29.8, cov_year: 2024 });
    const city = by.get(reportId(rec('淮安市人民政府', 2024)))!;
    expect(city.pc_requests_new).toBeCloseTo(newRequests(rec('淮安市人民政府', 2024)) / 455.3, 12);
  });

  it('a covariate in persons is scaled × 10,000; a 0 gives no value; the trend scope reads the chosen places', async () => {
    const civil = covs[1];
    expect(scaleOf(civil).factor).toBe(10_000);
    expect(perCapitaLabel('requests_new', civil)).toEqual({
      zh: '本年新收申请/万人（公务员人数）',
      en: 'new requests per 10,000 (civil servants)',
    });
    expect(perCapitaLabel('requests_new', covs[0])).toEqual({
      zh: '本年新收申请/万人',
      en: 'new requests per 10,000 people',
    });
    expect(perCapitaFormula('requests_new', civil).zh).toBe('本年新收申请 ÷ 公务员人数（人） × 10,000');
    expect(perCapitaFormula('requests_new', covs[0]).zh).toBe(
      '本年新收申请 ÷ 常住人口（万人）（人口以万人计，即每万人）',
    );
    const [jiyuan] = await db.query<PerCapitaRow>(
      perCapitaSql(civil, { reports: [reportId(rec('济源市人民政府', 2021))] }),
    );
    expect(jiyuan.pc_requests_new).toBeCloseTo((165 / 3100) * 10_000, 9);
    const [shanghai] = await db.query<PerCapitaRow>(
      perCapitaSql(civil, { reports: [reportId(rec('上海市人民政府办公厅', 2019))] }),
    );
    expect(shanghai).toMatchObject({ cov_value: null, pc_requests_new: null });

    const [{ j }] = await db.query<{ j: string }>(
      `SELECT ${JURISDICTION} AS j FROM reports r WHERE r.region_code = '320813' LIMIT 1`,
    );
    const trend = await db.query<PerCapitaRow>(perCapitaSql(covs[0], { jurisdictions: [j] }, ['requests_new']));
    expect(trend.map((r) => [r.year, r.cov_year]).sort()).toEqual([
      [2023, 2023],
      [2024, 2024],
    ]);
    expect(trend.every((r) => r.jurisdiction === j)).toBe(true);
    expect(Object.keys(trend[0])).not.toContain('pc_licensing_decisions');
  });

  it('an empty covariates table still answers (every value NULL)', async () => {
    await db.loadArrow('covariates', covariatesIPC([]));
    const rows = await db.query<PerCapitaRow>(perCapitaSql(covs[0], { level: '县', year: 2021 }));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.cov_value === null && r.pc_requests_new === null)).toBe(true);
    await db.loadArrow('covariates', covariatesIPC(rowsOf(covs)));
  });
});
