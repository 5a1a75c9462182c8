/**
 * The PDF table reader on layouts no producer we have prints: every fixture's
 * tables typeset with random column widths (labels and numbers wrapping at
 * any character), page sizes, page breaks inside rows and between them,
 * repeated headers, per-cell or long ruling lines, and text cut into items
 * glyph by glyph, run by run or as whole lines. Each must read back to the
 * hand-checked numbers with no reading problem; and the reader's own parts
 * (merged cells, a row cut by a page break, a repeated header, a word
 * spilling into the next cell, a table without rules) are checked one by one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/lib/report';
import { documentText, type PdfPage } from '../src/lib/report/io/pdf-document';
import type { PdfItem } from '../src/lib/report/io/pdf-layout';
import { streamBlanks } from '../src/lib/report/io/pdf-stream';
import { latticeTables } from '../src/lib/report/io/pdf-table';
import { flatValues, loadFixtures } from './support/fixtures';
import { virtualPages, type VLayout } from './support/virtual-pdf';

const reports = loadFixtures().filter((f) => f.expected.kind === 'annual_report');

const layouts: fc.Arbitrary<VLayout> = fc.record({
  pageWidth: fc.constantFrom(420, 595, 842),
  pageHeight: fc.constantFrom(595, 842),
  margin: fc.constantFrom(28, 56),
  fontSize: fc.constantFrom(9, 10, 10.5, 12),
  labelEm: fc.array(fc.double({ min: 1, max: 12, noNaN: true }), { minLength: 3, maxLength: 3 }),
  numberEm: fc.double({ min: 0.8, max: 5, noNaN: true }),
  emit: fc.constantFrom('glyph', 'run', 'line'),
  borders: fc.constantFrom('cell', 'long'),
  breaks: fc.constantFrom('open', 'closed', 'whole'),
  repeatHeader: fc.boolean(),
  valign: fc.constantFrom('top', 'middle'),
});

/** The widest a layout may be and still fit its page (15 number columns in 表四). */
const fits = (L: VLayout) =>
  Math.max(L.labelEm.reduce((a, b) => a + b, 0) + 7 * L.numberEm, 15 * L.numberEm) * L.fontSize <=
  L.pageWidth - 2 * L.margin;

const read = (pages: PdfPage[]) => parseReportText(documentText(pages).text, 'virtual.pdf');

/** The tables (表二 active, 表三 requests, 表四 review) whose values differ from the expected ones. */
function wrongTables(got: Map<string, unknown>, want: Map<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of want)
    if (got.get(k) !== v) out.add(/^(?:review|litigation)/.test(k) ? 'review' : k.split('.')[0]);
  for (const k of got.keys()) if (!want.has(k)) out.add(k.split('.')[0]);
  return out;
}

describe('fixture tables in random geometry read back exactly', () => {
  it.each(reports.map((f) => [f.name, f] as const))('%s', (_name, fx) => {
    fc.assert(
      fc.property(layouts.filter(fits), (L) => {
        const r = read(virtualPages(fx.expected as never, L));
        const reading = r.findings.filter((f) => f.origin === 'reading');
        if (L.breaks !== 'closed') {
          expect(flatValues(r)).toEqual(flatValues(fx.expected));
          expect(reading.map((f) => f.message)).toEqual([]);
          return;
        }
        // A row cut by a page break with a rule drawn on both halves, its digits on
        // both pages, cannot always be told from two rows: then the table carries a
        // reading problem — never a wrong value the body would be blamed for.
        const misread = new Set(
          reading.flatMap((f) =>
            f.cells.map((c) => (/^(?:review|litigation)/.test(c) ? 'review' : c.split(/[.[]/)[0])),
          ),
        );
        for (const t of wrongTables(flatValues(r), flatValues(fx.expected)))
          expect(misread, `${t} is wrong without a reading finding`).toContain(t);
      }),
      { numRuns: Number(process.env.GEOMETRY_RUNS ?? 60) },
    );
  });
});

/* ------------------------------------------------------------ the parts */

const item = (str: string, x: number, y: number, size = 10): PdfItem => ({
  str,
  x,
  y,
  width: [...str].reduce((a, c) => a + (/[\u4e00-\u9fff（）]/.test(c) ? size : size * 0.55), 0),
  height: size,
});
/** A grid of rules: vertical at xs over [bottom, top], horizontal at ys over [left, right]. */
const grid = (xs: number[], ys: number[], cut?: { x0: number; x1: number; y: number }[]) => ({
  v: xs.map((x) => ({ x, y0: Math.min(...ys), y1: Math.max(...ys) })),
  h: ys.flatMap((y) => {
    const gap = cut?.find((c) => c.y === y);
    return gap
      ? [
          { y, x0: xs[0], x1: gap.x0 },
          { y, x0: gap.x1, x1: xs[xs.length - 1] },
        ]
      : [{ y, x0: xs[0], x1: xs[xs.length - 1] }];
  }),
});

describe('lattice tables', () => {
  it('puts each word in the cell that contains it, joins wrapped labels and wrapped digits, keeps blanks', () => {
    const { tables, rest } = latticeTables(
      [
        item('标题', 100, 760),
        item('5.属于三类内部', 102, 700),
        item('事务信息', 102, 688),
        item('6', 182, 700),
        item('4', 182, 688), // "64" wrapped in a narrow cell
        item('0', 222, 694),
      ],
      grid([100, 180, 220, 260, 300], [710, 680]),
    );
    expect(rest.map((i) => i.str)).toEqual(['标题']);
    expect(tables).toHaveLength(1);
    expect(tables[0].rows.map((r) => r.map((c) => c.text))).toEqual([['5.属于三类内部事务信息', '64', '0', '']]);
  });

  it('merges cells no rule separates (a rowspan label is listed once, in its first row)', () => {
    // Three rows; the first column's rule between rows 1–2 and 2–3 is missing.
    const rules = grid(
      [100, 160, 220, 260],
      [760, 740, 720, 700],
      [
        { x0: 100, x1: 160, y: 740 },
        { x0: 100, x1: 160, y: 720 },
      ],
    );
    const { tables } = latticeTables(
      [
        item('（三）不予公开', 102, 725),
        item('1.属于', 162, 748),
        item('2', 230, 748),
        item('2.其他', 162, 728),
        item('3', 230, 728),
      ],
      rules,
    );
    const t = tables[0];
    // The empty sub-label cell of the third row is label area, not a blank number: not listed.
    expect(t.rows.map((r) => r.filter((c) => c.text || c.right > t.dataLeft! + 1).map((c) => c.text))).toEqual([
      ['（三）不予公开', '1.属于', '2'],
      ['2.其他', '3'],
      [''],
    ]);
    expect(t.rows[0][0]).toMatchObject({ rowSpan: 3, colSpan: 1 });
  });

  it("gives a word that spills over its cell's right edge to the cell it starts in; numbers by their middle", () => {
    const { tables } = latticeTables(
      [item('（一）', 101, 705), item('258', 131, 705)],
      grid([100, 120, 160], [720, 690]),
    );
    expect(tables[0].rows[0].map((c) => c.text)).toEqual(['（一）', '258']);
  });

  it('cuts a line a producer wrote across cells ("0 0 0" as one string) into its words', () => {
    const line: PdfItem = { str: '0      0      3', x: 125, y: 705, width: 15 * 5.5, height: 10 };
    const { tables } = latticeTables([item('规章', 102, 705), line], grid([100, 120, 150, 180, 210], [720, 690]));
    expect(tables[0].rows[0].map((c) => c.text)).toEqual(['规章', '0', '0', '3']);
  });
});

describe('a table cut by page breaks reads as one', () => {
  const xs = [100, 200, 240, 280, 320];
  const hs = (ys: number[]) => ys.map((y) => ({ y, x0: 100, x1: 320 }));
  const vs = (y0: number, y1: number) => xs.map((x) => ({ x, y0, y1 }));
  // Page 1: a header row, a whole row, and a row running off the page (the
  // vertical rules go on below its last rule: no rule closes it), page number below.
  const p1: PdfPage = {
    items: [
      item('申请人情况', 102, 766),
      item('6.属于四类', 102, 750),
      item('3', 202, 750),
      item('0', 242, 750),
      item('0', 282, 750),
      item('7.属于行政', 102, 735),
      item('1', 202, 735),
      item('0', 242, 735),
      item('0', 282, 735),
      item('- 3 -', 290, 40),
    ],
    rules: { h: hs([780, 760, 745]), v: vs(720, 780) },
  };
  const rest = [
    item('执法案卷', 102, 770),
    item('5', 202, 770),
    item('8.属于行政查询', 102, 745),
    item('2', 202, 745),
    item('0', 242, 745),
    item('0', 282, 745),
  ];

  it('joins the row cut by the break and drops the header the next page repeats', () => {
    // Page 2: the header again; under it, the rest of the cut row ("执法案卷", and the "5" of "15").
    const p2: PdfPage = {
      items: [item('申请人情况', 102, 786), ...rest],
      rules: { h: hs([800, 780, 760, 730]), v: vs(730, 800) },
    };
    const { text, origins } = documentText([p1, p2]);
    const rows = text.split('\n').filter((l) => l.includes('\t'));
    expect(rows).toEqual([
      '申请人情况\t\t\t',
      '6.属于四类\t3\t0\t0',
      '7.属于行政执法案卷\t15\t0\t0',
      '8.属于行政查询\t2\t0\t0',
    ]);
    expect(origins.get(text.split('\n').indexOf(rows[3]) + 1)).toMatchObject({ page: 2, table: 1, row: 4 });
    // The page number printed under the table's first half is still text, after the table.
    expect(text).toMatch(/8\.属于行政查询\t2\t0\t0\n\n- 3 -/);
  });

  it('joins it too when the next page has no header (its first row open at the top)', () => {
    const p2: PdfPage = { items: rest, rules: { h: hs([760, 730]), v: vs(730, 785) } };
    const rows = documentText([p1, p2])
      .text.split('\n')
      .filter((l) => l.includes('\t'));
    expect(rows.slice(2)).toEqual(['7.属于行政执法案卷\t15\t0\t0', '8.属于行政查询\t2\t0\t0']);
  });

  it('keeps two tables apart when text stands between them', () => {
    const p2: PdfPage = {
      items: [item('四、政府信息公开行政复议、行政诉讼情况', 60, 790), ...rest],
      rules: { h: hs([760, 730]), v: vs(730, 785) },
    };
    const rows = documentText([p1, p2])
      .text.split('\n')
      .filter((l) => l.includes('\t'));
    expect(rows).toContain('7.属于行政\t1\t0\t0');
  });
});

describe('stream tables (no ruling lines)', () => {
  it('keeps every number in its column and marks the blank cells', () => {
    const cols = [200, 240, 280, 320];
    const row = (label: string, y: number, vals: (string | null)[]) => [
      item(label, 60, y),
      ...vals.flatMap((v, i) => (v === null ? [] : [item(v, cols[i] - 3, y)])),
    ];
    const items = [
      ...row('一、本年新收', 700, ['821', '35', '2', '859']),
      ...row('二、上年结转', 686, ['18', null, null, '18']),
      ...row('（一）予以公开', 672, ['258', '12', null, '270']),
      ...row('（七）总计', 658, ['767', '35', '2', '805']),
    ];
    const marks = streamBlanks(items);
    expect(marks.map((m) => [Math.round(m.x + m.width / 2), m.y])).toEqual(
      [
        [240, 686],
        [280, 686],
        [280, 672],
      ].map(([x, y]) => [expect.closeTo(x, -1), y]),
    );
  });
});
