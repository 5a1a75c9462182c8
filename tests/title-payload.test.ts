/**
 * A title line that is a spreadsheet formula or DDE payload is not an agency
 * (src/lib/report/parse/meta.ts): readTitle gives no agency for a title that
 * starts with = + - @ or holds a `cmd|…!A0` payload, or has no Chinese; the
 * parsed record then says meta.agency_unknown (a reading finding) and is not a
 * clean file, so 接受全部 (cleanEntries) leaves it for a person to look at.
 * Real titles keep their agency exactly (the fixtures' own tests and the
 * score tool check every one; a few are repeated here).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/lib/report/parse';
import { formulaLike, plausibleAgency, readTitle } from '../src/lib/report/parse/meta';
import { toLines } from '../src/lib/report/text/lines';
import { cleanEntries, statusOf } from '../src/lib/workspace/decide';
import { entryOf } from './support/entries';

const title = (...lines: string[]) => readTitle(toLines(lines.join('\n')));
/** A report the reader finds clean (status ok): its title is two lines, the body's name, then the year and 年度报告. */
const REAL = resolve(__dirname, '../data/reports/huaian-city-2024.txt');

describe('readTitle: a payload is no agency', () => {
  it('refuses a title that is a formula or a DDE call, or has no Chinese — the year is still read', () => {
    for (const lines of [
      ["=cmd|' /C calc'!A0", '2024年政府信息公开工作年度报告'],
      ["=cmd|' /C calc'!A0淮安市人民政府2024年政府信息公开工作年度报告"],
      ['+1+2 2024年政府信息公开工作年度报告'],
      ['@SUM(A1:A9)2024年政府信息公开工作年度报告'],
      ['-2+3+cmd|淮安市 2024年政府信息公开工作年度报告'],
      ['＝1+1淮安市人民政府2024年政府信息公开工作年度报告'],
      ["Huai'an City 2024年政府信息公开工作年度报告"],
      ['2024年度=HYPERLINK("http://x")政府信息公开工作年度报告'],
      ['淮安市人民政府2024年度', "=cmd|' /C calc'!A0", '政府信息公开工作年度报告'],
    ]) {
      const t = title(...lines);
      expect(t.agency, lines.join(' / ')).toBeNull();
      expect(t.year, lines.join(' / ')).toBe(2024);
      expect(t.isReport).toBe(true);
    }
  });

  it('keeps real titles as they were', () => {
    expect(title('淮安市人民政府2024年政府信息公开工作年度报告').agency).toBe('淮安市人民政府');
    expect(title('淮安市洪泽区人民政府', '2023年政府信息公开工作年度报告').agency).toBe('淮安市洪泽区人民政府');
    expect(title('2021年度淮安市洪泽区人民政府政府信息公开工作年度报告').agency).toBe('淮安市洪泽区人民政府');
    expect(title('关于《上海市人民政府办公厅2019年政府信息公开工作年度报告》').agency).toBe('上海市人民政府办公厅');
    expect(title('晋城市人民政府办公室（晋城市政务服务管理局）2021年政府信息公开工作年度报告').agency).toBe(
      '晋城市人民政府办公室（晋城市政务服务管理局）',
    );
  });

  it('says which names are formula-like and which are plausible', () => {
    for (const s of ["=cmd|' /C calc'!A0", '+1', '-1', '@x', '＝1', 'a|b', '淮安市!', '淮安<script>'])
      expect(formulaLike(s), s).toBe(true);
    for (const s of ['淮安市人民政府', '晋城市人民政府办公室(晋城市政务服务管理局)', '济源市（示范区）人民政府']) {
      expect(formulaLike(s), s).toBe(false);
      expect(plausibleAgency(s), s).toBe(true);
    }
    expect(plausibleAgency('ABC Bureau')).toBe(false);
  });
});

describe('a report whose title line is a payload', () => {
  const text = readFileSync(REAL, 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() !== '');
  // The tester's file: the body's name line replaced by the payload.
  const hostile = lines.map((l, i) => (i === at ? "=cmd|' /C calc'!A0" : l)).join('\n');

  it('is read with meta.agency_unknown (a reading finding), its tables as before', () => {
    const real = parseReportText(text, 'real.txt');
    expect(real.agency).toBe('淮安市人民政府');
    expect(statusOf(real)).toBe('ok');
    const r = parseReportText(hostile, 'hostile.txt');
    expect(r.kind).toBe('annual_report');
    expect(r.agency).toBeNull();
    expect(r.year).toBe(real.year);
    expect(r.findings).toContainEqual(expect.objectContaining({ rule: 'meta.agency_unknown', origin: 'reading' }));
    expect(r.requests).toEqual(real.requests);
  });

  it('is not a clean file: 接受全部 (accept all clean) leaves it undecided, and takes the real one', () => {
    const entry = (id: string, source: string) => entryOf(parseReportText(source, `${id}.txt`), source, { id });
    const entries = [entry('hostile', hostile), entry('real', text)];
    expect(entries[0].status).toBe('findings');
    expect(cleanEntries(entries, []).map((e) => e.id)).toEqual(['real']);
  });
});
