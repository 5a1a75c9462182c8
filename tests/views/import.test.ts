/**
 * 导入 (src/routes/import/view.ts): a pasted text becomes a text file that the
 * same reader the parse worker runs (readReportFileWithText) reads to the
 * report its fixture expects; an empty paste and a work plan are read to a
 * reason, never to a report. The toolbar's counts and the list's problem
 * and version counts are the entries' own.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportFileWithText } from '../../src/lib/report/io/read';
import { nodeEnv } from '../../src/lib/report/io/node';
import type { Entry } from '../../src/lib/workspace/types';
import * as v from '../../src/routes/import/view';
import { entryOf } from '../support/entries';

const SEEDS = resolve(__dirname, '../../../shared/fixtures/seeds');
const ROOT = resolve(__dirname, '../..');
const read = (text: string) => {
  const f = v.pastedFile(text);
  return readReportFileWithText(f.bytes, f.name, nodeEnv);
};

describe('导入 view', () => {
  it('makes a pasted report one text file that reads to the fixture’s numbers', async () => {
    const seed = '000_8077d3367313ca29';
    const text = readFileSync(join(SEEDS, `${seed}.txt`), 'utf8');
    const want = JSON.parse(readFileSync(join(SEEDS, `${seed}.expected.json`), 'utf8'));
    const f = v.pastedFile(text);
    expect(f.name).toBe(v.PASTED_NAME);
    expect(f.name.endsWith('.txt')).toBe(true);
    expect(new TextDecoder().decode(f.bytes)).toBe(text);
    const { record } = await read(text);
    expect(record.kind).toBe('annual_report');
    expect(record.agency).toBe(want.agency);
    expect(record.year).toBe(want.year);
    for (const row of ['new_received', 'granted', 'processed_total'] as const)
      expect(record.requests[row]).toEqual(want.requests[row]);
  });

  it('reads an empty paste and a work plan to a reason, not a report', async () => {
    for (const text of ['', '  \n\t ']) {
      const { record } = await read(text);
      expect(record.kind).toBe('unreadable');
      expect(record.reason).toBeTruthy();
    }
    const plan = readFileSync(join(ROOT, 'static/data/workplans/002_780c50781c104938.txt'), 'utf8');
    const { record } = await read(plan);
    expect(record.kind).toBe('not_annual_report');
    expect(record.reason).toContain('不是政府信息公开工作年度报告');
  });

  it('counts the entries as the toolbar and the list say', async () => {
    const { record } = await read(readFileSync(join(SEEDS, '000_8077d3367313ca29.txt'), 'utf8'));
    const entry = (id: string, over: Partial<Entry>) => entryOf(null, null, { id, status: 'ok', ...over });
    const es = [
      entry('a', { status: 'findings', record, decision: 'accepted' }),
      entry('b', { status: 'ok', record }),
      entry('c', { status: 'unreadable', reason: '文件是空的（0字节）' }),
      entry('d', { status: 'not_report' }),
      entry('e', { status: 'pending' }),
    ];
    expect(v.countsOf(es)).toEqual({ accepted: 1, undecided: 1, failed: 2 });
    expect(v.addedSince(new Set(['a', 'b', 'c']), es).map((e) => e.id)).toEqual(['d', 'e']);
    // The versions kept of a report: the accepted one and the earlier ones, not one still to decide.
    expect(v.versionsOf(es, es[0])).toBe(1);
    const kept = [...es, entry('f', { record, decision: 'version' }), entry('g', { record, decision: 'rejected' })];
    expect(kept.map((e) => v.versionsOf(kept, e))).toEqual([2, 2, 0, 0, 0, 2, 2]);
    const own = record.findings.filter((f) => f.origin !== 'reading' && f.severity !== 'info').length;
    expect(v.problems(es[0])).toBe(own);
    expect(
      v.readingProblems(es[0]) +
        own +
        record.findings.filter((f) => f.origin !== 'reading' && f.severity === 'info').length,
    ).toBe(record.findings.length);
    expect(v.problems(es[2])).toBe(0);
    expect(v.fmtSize(999)).toBe('999 B');
    expect(v.fmtSize(1500)).toBe('2 KB');
    expect(v.fmtSize(2_500_000)).toBe('2.5 MB');
  });
});
