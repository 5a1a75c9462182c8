/**
 * Every real fixture parses to exactly its hand-checked expected JSON, with
 * every expected finding and no unexplained warning; every value's
 * provenance points at the number as printed in the source.
 */
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/lib/report';
import { toLines } from '../src/lib/report/text/lines';
import type { Finding, ReportRecord } from '../src/lib/report/types';
import { flatValues, loadFixtures } from './support/fixtures';

const fixtures = loadFixtures();

/**
 * The expected findings of each fixture (its `expected_findings`, in words)
 * as rule ids and the cells they must point at. `many` allows several
 * findings of that rule (Shanghai's blanks are one per row).
 */
interface Want {
  rule: string;
  cells?: string[];
  text?: RegExp;
  many?: boolean;
}
const WANT: Record<string, Want[]> = {
  '000_8077d3367313ca29': [],
  '001_108c735e6ce59796': [{ rule: 'requests.blank_cell', cells: ['requests.denied_state_secret[6]'], text: /应为 0/ }],
  '003_869c2ba055e881c8': [
    { rule: 'table.extra_cells', text: /16个单元格.*多出的（4）/ },
    { rule: 'review.group_sum', cells: ['litigation_after_review[4]'], text: /= 0，但总计为 4/ },
    { rule: 'narrative.contradiction', cells: ['litigation_after_review[4]'], text: /行政复议和行政诉讼0件/ },
  ],
  '004_7f04bf6579decff7': [
    { rule: 'table.collapsed_other', cells: ['requests.other_total[6]'] },
    { rule: 'narrative.contradiction', cells: ['requests.granted[6]'], text: /予以公开4件.*0$/ },
    { rule: 'narrative.contradiction', cells: ['requests.unable_not_held[6]'], text: /无法提供2件.*4$/ },
  ],
  'huaian-city-2024': [],
  'huaian-hongze-2023': [
    { rule: 'table.collapsed_other', cells: ['requests.other_total[6]'] },
    { rule: 'review.group_sum', cells: ['review[4]'], text: /= 11，但总计为 0/ },
    { rule: 'review.group_sum', cells: ['litigation_after_review[4]'], text: /= 5，但总计为 0/ },
  ],
  'huaian-hongze-2024': [
    { rule: 'table.collapsed_other', cells: ['requests.other_total[6]'] },
    { rule: 'narrative.contradiction', cells: ['requests.new_received[6]'], text: /17件.*95/ },
  ],
  'shanghai-office-2019': [
    // 8 rows entirely blank, the rest partly blank.
    ...[
      'denied_prohibited_by_law',
      'denied_security_stability',
      'denied_third_party_rights',
      'denied_enforcement_file',
      'not_processed_publication',
      'not_processed_excessive',
      'not_processed_confirmation',
      'other_total',
    ].map((k) => ({ rule: 'requests.blank_cell', cells: [`requests.${k}[0]`, `requests.${k}[6]`], text: /整行空白/ })),
    { rule: 'requests.blank_cell', cells: ['requests.granted[6]'], many: true },
    // The 总计 column of the outcome rows is blank: it cannot be checked against 805.
    { rule: 'requests.outcome_unchecked', cells: ['requests.processed_total[6]'], text: /805/ },
    { rule: 'review.blank_cell', cells: ['review[1]', 'review[2]'] },
    { rule: 'review.blank_cell', cells: ['litigation_direct[1]', 'litigation_direct[2]'] },
    { rule: 'review.blank_cell', cells: ['litigation_after_review[4]'], text: /整组空白/ },
    { rule: 'narrative.contradiction', text: /予以公开及部分公开258件.*275/ },
    { rule: 'narrative.contradiction', text: /无法提供265件.*337/ },
    { rule: 'narrative.contradiction', cells: ['review[3]', 'litigation_direct[3]'], text: /均获维持/ },
  ],
};

const loud = (r: ReportRecord) => r.findings.filter((f) => f.severity !== 'info');
const matches = (f: Finding, w: Want) =>
  f.rule === w.rule && (w.cells ?? []).every((c) => f.cells.includes(c)) && (!w.text || w.text.test(f.message));

describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (name, fx) => {
  const r = parseReportText(fx.text, fx.path);
  const exp = fx.expected;

  it('has the expected kind', () => {
    expect(r.kind).toBe(exp.kind);
    if (exp.kind !== 'annual_report') expect(r.reason).toMatch(/不是政府信息公开工作年度报告/);
  });

  if (exp.kind !== 'annual_report') return;

  it('reads the metadata', () => {
    for (const k of ['agency', 'region', 'year', 'format', 'published', 'processing_fee_yuan'] as const) {
      expect(r[k], k).toEqual(exp[k]);
    }
    expect(r.region_code).toMatch(/^\d{6}$/);
  });

  it('reads every cell exactly, blanks as null', () => {
    expect(flatValues(r)).toEqual(flatValues(exp));
    // Rows the report does not print are left out, not filled in.
    expect(Object.keys(r.requests).sort()).toEqual(Object.keys(exp.requests).sort());
  });

  it('produces every expected finding and no unexplained warning or error', () => {
    const wants = WANT[name];
    expect(wants, `no finding map for ${name}`).toBeDefined();
    expect(wants.length > 0).toBe(exp.expected_findings.length > 0);
    for (const w of wants)
      expect(
        loud(r).some((f) => matches(f, w)),
        `missing ${w.rule} ${w.cells ?? ''} ${w.text ?? ''}`,
      ).toBe(true);
    for (const f of loud(r)) {
      expect(
        wants.some((w) => matches(f, w) || (w.many && f.rule === w.rule)),
        `unexplained ${f.rule}: ${f.message}`,
      ).toBe(true);
    }
    // Every finding speaks Chinese, points somewhere, and says whose problem it is:
    // every fixture text reads whole, so each is the report's own.
    for (const f of r.findings) {
      expect(f.origin, `${f.rule}: ${f.message}`).toBe('report');
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      expect(f.cells.length + (f.source ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it('records where every number was read', () => {
    const lines = toLines(fx.text);
    for (const [path, value] of flatValues(r)) {
      if (value === null) continue;
      const span = r.cells?.[path];
      expect(span, path).toBeDefined();
      const printed = lines[span!.line - 1].text.slice(span!.col, span!.col + span!.len);
      expect(printed, path).toBe(span!.text);
      expect(Number(printed.replace(/[,元万]/g, '')), path).toBe(value);
    }
  });
});
