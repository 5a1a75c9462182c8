/**
 * The OCR module's hand-over to the engine's existing path: a grid and its
 * readings as a <table> that src/lib/report/io/html.ts reads like any web
 * page's (rowspan/colspan, blanks kept blank), notes keyed the way its
 * provenance points, and the tidying of tesseract's output.
 */
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/lib/report/io/html';
import { findGrid, type Raster } from '../../src/lib/report/ocr/grid';
import { mendHeading } from '../../src/lib/report/ocr/headings';
import { cellWords, inkBox, pgm, textLines, tidyChinese, type CellReading } from '../../src/lib/report/ocr/recognize';
import { noteKey, tableHtml } from '../../src/lib/report/ocr/table-html';

/** A 3-row table: a label spanning two rows, a header spanning two columns. */
function raster(): Raster {
  const w = 600;
  const h = 260;
  const data = new Uint8Array(w * h).fill(255);
  const hl = (y: number, x0: number, x1: number) => {
    for (let x = x0; x <= x1; x++) data[y * w + x] = data[(y + 1) * w + x] = 0;
  };
  const vl = (x: number, y0: number, y1: number) => {
    for (let y = y0; y <= y1; y++) data[y * w + x] = data[y * w + x + 1] = 0;
  };
  hl(20, 20, 560);
  hl(80, 220, 560);
  hl(140, 20, 560);
  hl(200, 20, 560);
  vl(20, 20, 200);
  vl(220, 20, 200);
  vl(390, 80, 200);
  vl(560, 20, 200);
  return { data, width: w, height: h };
}

describe('table → HTML for the html path', () => {
  it('writes rowspan/colspan, keeps a blank cell blank, and notes each cell where html.ts points', () => {
    const g = findGrid(raster());
    expect(g.tables).toHaveLength(1);
    const t = g.tables[0];
    const texts = ['信息内容', '申请人情况', '自然人', '法人', '一、本年新收', '45', ''];
    const readings: CellReading[] = t.cells.map((c, i) => ({
      text: texts[i],
      confidence: texts[i] === '45' ? 91 : 100,
      box: { page: 2, x: c.x, y: c.y, w: c.w, h: c.h },
      kind: texts[i] === '' ? 'blank' : /^\d+$/.test(texts[i]) ? 'number' : 'text',
    }));
    const { html, notes } = tableHtml(t, readings, 3);
    expect(html).toContain('<td rowspan="2">信息内容</td><td colspan="2">申请人情况</td>');
    const read = htmlToText(html);
    expect(read.text.split('\n').filter(Boolean)).toEqual([
      '信息内容\t申请人情况',
      '自然人\t法人',
      '一、本年新收\t45\t',
    ]);
    // html.ts numbers this as table 1 of its own document; the note says 3 (its place in the scan).
    const byKey = new Map(notes.map((n) => [noteKey(n.table, n.row, n.column), n]));
    const n45 = byKey.get(noteKey(3, 3, 2))!;
    expect(n45.text).toBe('45');
    expect(n45.confidence).toBe(91);
    expect(n45.box.page).toBe(2);
    expect(byKey.get(noteKey(3, 3, 3))!.kind).toBe('blank');
    // The line html.ts made for row 3 holds "45" in field 2, as the note says.
    const line = [...read.origins].find(([, o]) => o.row === 3)![0];
    expect(read.text.split('\n')[line - 1].split('\t')[1]).toBe('45');
  });

  it('leaves out a blank box in the label area (a sub-label column the row does not use), never a blank value', () => {
    // 表三's "（六）其他处理": its label, an empty ruled box in the sub-label column, then the numbers.
    const cell = (row: number, col: number, colSpan: number) => ({
      row,
      col,
      rowSpan: 1,
      colSpan,
      x: col * 100 + 2,
      y: row * 50 + 2,
      w: colSpan * 100 - 4,
      h: 46,
    });
    const cells = [
      cell(0, 0, 2),
      cell(0, 2, 1),
      cell(1, 0, 1),
      cell(1, 1, 1),
      cell(1, 2, 1),
      cell(2, 0, 2),
      cell(2, 2, 1),
    ];
    const t = {
      xs: [0, 100, 200, 300],
      ys: [0, 50, 100, 150],
      cells,
      at: [
        [0, 0, 1],
        [2, 3, 4],
        [5, 5, 6],
      ],
    };
    const texts = ['（一）予以公开', '50', '（六）其他处理', '', '0', '（七）总计', ''];
    const readings: CellReading[] = cells.map((c, i) => ({
      text: texts[i],
      confidence: 100,
      box: { page: 1, x: c.x, y: c.y, w: c.w, h: c.h },
      kind: texts[i] === '' ? 'blank' : /^\d+$/.test(texts[i]) ? 'number' : 'text',
    }));
    const { html, notes } = tableHtml(t, readings, 1);
    expect(htmlToText(html).text.split('\n').filter(Boolean)).toEqual([
      '（一）予以公开\t50',
      '（六）其他处理\t0',
      // A blank in the number column stays: blank is not 0, and not nothing.
      '（七）总计\t',
    ]);
    // The notes count the fields as written: "0" is the row's second field.
    expect(notes.find((n) => n.text === '0')).toMatchObject({ row: 2, column: 2 });
  });

  it('escapes what it writes', () => {
    const g = findGrid(raster());
    const t = g.tables[0];
    const readings: CellReading[] = t.cells.map((c) => ({
      text: '<b>&',
      confidence: 50,
      box: { page: 1, x: c.x, y: c.y, w: c.w, h: c.h },
      kind: 'text',
    }));
    expect(tableHtml(t, readings, 1).html).not.toContain('<b>');
    expect(htmlToText(tableHtml(t, readings, 1).html).text).toContain('<b>&');
  });
});

describe("tidying tesseract's output", () => {
  it('joins spaced-out Chinese, keeps spaces between numbers and words', () => {
    expect(tidyChinese('| 运 城 市 人民 政府\n 2021 年 政府 信息 公开 |')).toBe('运城市人民政府\n2021 年政府信息公开');
    expect(cellWords('251000 元')).toBe('251000元');
    expect(cellWords('Word 文件 and PDF')).toBe('Word文件and PDF');
  });

  it('mends the numeral of a standard section heading, and nothing else', () => {
    expect(mendHeading('男、政府信息公开行政复议、行政诉讼情况')).toBe('四、政府信息公开行政复议、行政诉讼情况');
    expect(mendHeading('了区、政府信息公开行政复议、行政诉讼情况')).toBe('四、政府信息公开行政复议、行政诉讼情况');
    expect(mendHeading('芋、收到和处理政府信息公开申请情况')).toBe('三、收到和处理政府信息公开申请情况');
    expect(mendHeading('三、收到和处理政府信息公开申请情况')).toBe('三、收到和处理政府信息公开申请情况');
    expect(mendHeading('男、其他')).toBe('男、其他');
    expect(mendHeading('本机关、本年度')).toBe('本机关、本年度');
  });
});

describe('ink and lines', () => {
  it('finds no ink in a blank cell, the ink of a number without the rule beside it, and two lines of a label', () => {
    const w = 200;
    const h = 120;
    const data = new Uint8Array(w * h).fill(255);
    // A rule remnant along the left edge, a "digit" block, and two text lines below.
    for (let y = 0; y < 40; y++) data[y * w] = 0;
    for (let y = 10; y < 30; y++) for (let x = 50; x < 62; x++) data[y * w + x] = 0;
    for (const y0 of [60, 92]) for (let y = y0; y < y0 + 20; y++) for (let x = 20; x < 180; x += 3) data[y * w + x] = 0;
    const r = { data, width: w, height: h };
    expect(inkBox(r, 128, { x: 100, y: 0, w: 100, h: 40 })).toBeNull();
    expect(inkBox(r, 128, { x: 0, y: 0, w: 100, h: 40 })).toMatchObject({ x: 50, y: 10, w: 12, h: 20 });
    expect(textLines(r, 128, { x: 0, y: 50, w: 200, h: 70 }).map((l) => [l.y, l.h])).toEqual([
      [60, 20],
      [92, 20],
    ]);
    // The crop handed to tesseract: a PGM of the box with its white margin.
    const img = pgm(r, 50, 10, 12, 20, 4);
    const head = 'P5\n20 28\n255\n';
    expect(new TextDecoder().decode(img.subarray(0, head.length))).toBe(head);
    expect(img.length).toBe(head.length + 20 * 28);
  });
});
