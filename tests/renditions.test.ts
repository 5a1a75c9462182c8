/**
 * Every real fixture in every form people publish it: a web page with real
 * <table> markup, a Word document, a PDF printed from that page, the text in
 * GBK, seven stress prints of the page (other producers, narrow columns,
 * small and landscape pages, tables cut by page breaks) — plus the three
 * original PDFs. Each parses, through the same entry
 * point the CLI and the browser use, to exactly the hand-checked numbers, and
 * raises the same kinds of warning and error as the text itself.
 *
 * The renditions are committed under tests/fixtures/, made by
 * scripts/fixtures/make-renditions.ts (LibreOffice and Chromium are needed
 * only to remake them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/lib/report';
import { nodeEnv } from '../src/lib/report/io/node';
import { readReportFile } from '../src/lib/report/io/read';
import type { ReportRecord } from '../src/lib/report/types';
import { flatValues, loadFixtures, SHARED } from './support/fixtures';
import { cjkNonEmbeddedPdf, minimalPdf } from './support/pdf';

const OUT = resolve(__dirname, 'fixtures');
const loudRules = (r: ReportRecord) =>
  [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.rule))].sort();

/**
 * The stress renditions: printed by other producers, with narrow label
 * columns, digits wrapping in narrow cells, on A5 and landscape pages, with
 * tables cut by page breaks and their headers repeated.
 */
const STRESS = ['pdf-lo', 'pdf-lo-docx', 'pdf-narrow', 'pdf-digits', 'pdf-a5', 'pdf-landscape', 'pdf-paged'] as const;

const cases = loadFixtures().flatMap((fx) => [
  ...(['html', 'docx', 'pdf'] as const).map((kind) => ({ fx, kind, file: join(OUT, kind, `${fx.name}.${kind}`) })),
  { fx, kind: 'gbk' as const, file: join(OUT, 'gbk', `${fx.name}.txt`) },
  ...STRESS.map((kind) => ({ fx, kind, file: join(OUT, kind, `${fx.name}.pdf`) })),
  ...(existsSync(join(SHARED, 'real', `${fx.name}.pdf`))
    ? [{ fx, kind: 'original pdf' as const, file: join(SHARED, 'real', `${fx.name}.pdf`) }]
    : []),
]);

describe.each(cases.map((c) => [`${c.fx.name} (${c.kind})`, c] as const))('%s', (_label, { fx, kind, file }) => {
  it('reads the same numbers, metadata and kinds of finding as the text', async () => {
    expect(existsSync(file), `${file} missing: run npx tsx scripts/fixtures/make-renditions.ts`).toBe(true);
    const r = await readReportFile(new Uint8Array(readFileSync(file)), file, nodeEnv);
    const exp = fx.expected;
    expect(r.kind, r.reason).toBe(exp.kind);
    if (exp.kind !== 'annual_report') return;
    for (const k of ['agency', 'region', 'year', 'format', 'published', 'processing_fee_yuan'] as const)
      expect(r[k], k).toEqual(exp[k]);
    expect(flatValues(r)).toEqual(flatValues(exp));
    expect(loudRules(r)).toEqual(loudRules(parseReportText(fx.text, fx.path)));
    // Read whole: no reading problem, and every inconsistency of the source is the report's.
    expect(r.findings.filter((f) => f.origin === 'reading').map((f) => f.message)).toEqual([]);
  });

  if (kind === 'html' || kind === 'docx') {
    it('says which table, row and column each number came from', async () => {
      const r = await readReportFile(new Uint8Array(readFileSync(file)), file, nodeEnv);
      if (r.kind !== 'annual_report') return;
      const span = r.cells?.['requests.processed_total[6]'] as
        undefined | { table?: number; row?: number; column?: number; text: string };
      if (r.requests.processed_total?.[6] === null) return;
      expect(span?.table).toBeGreaterThan(0);
      expect(span?.row).toBeGreaterThan(0);
      expect(span?.column).toBeGreaterThan(1);
      expect(Number(span?.text)).toBe(r.requests.processed_total?.[6]);
    });
  }
});

describe('PDF provenance', () => {
  it('says on which page of the original PDF each number stands', async () => {
    const file = join(SHARED, 'real/huaian-city-2024.pdf');
    const r = await readReportFile(new Uint8Array(readFileSync(file)), file, nodeEnv);
    // Checked on the PDF: 表二's 行政事业性收费 is on page 4, 表三's （七）总计 on page 5 — and
    // in the tables the reader cut from the ruling lines: 表二 is the first table, its amount the
    // second cell of its row; 表三 (begun on page 4) the second, its 总计 the eighth cell of the row.
    expect(r.cells?.['active.fees.amount_10k_yuan']).toMatchObject({ text: '96171.6', page: 4, table: 1, column: 2 });
    expect(r.cells?.['requests.processed_total[6]']).toMatchObject({ text: '3050', page: 5, table: 2, column: 8 });
    expect(r.cells?.['requests.new_received[0]']).toMatchObject({ text: '3001', page: 4, table: 2, column: 2 });
  });
});

describe('files that cannot be read say why', () => {
  const read = (bytes: Uint8Array | string, name: string) =>
    readReportFile(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, name, nodeEnv);

  it('a PDF without a text layer (a scan) is unreadable with the reason', async () => {
    // A real one-page PDF whose only content is a drawn image-like rectangle, no text.
    const pdf = minimalPdf('q 0.5 g 72 72 400 600 re f Q');
    const r = await read(pdf, 'scan.pdf');
    // Without OCR in the reader's environment (the CLI and the tests/ocr suite have it), said so.
    expect(r).toMatchObject({
      kind: 'unreadable',
      reason: '扫描版PDF，没有文字层；此处未启用文字识别（OCR），无法读取',
    });
  });

  it("Chinese in a font the PDF does not embed is read through pdfjs's CMaps", async () => {
    const r = await read(
      cjkNonEmbeddedPdf(['洪泽区人民政府', '2023年政府信息公开工作年度报告', '一、总体情况']),
      'song.pdf',
    );
    // The title is read (without the CMaps the page would look like a scan), and it has no tables.
    expect(r).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/标题是政府信息公开工作年度报告/) });
  });

  it('a corrupt PDF and a truncated DOCX are unreadable, not a crash', async () => {
    const real = readFileSync(join(SHARED, 'real/huaian-city-2024.pdf'));
    expect(await read(new Uint8Array(real.subarray(0, 2000)), 'cut.pdf')).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/PDF/),
    });
    const docx = readFileSync(join(OUT, 'docx/000_8077d3367313ca29.docx'));
    expect(await read(new Uint8Array(docx.subarray(0, docx.length / 2)), 'cut.docx')).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/Word/),
    });
  });

  it('an encrypted PDF says it needs a password', async () => {
    const r = await read(new Uint8Array(readFileSync(join(OUT, 'special/encrypted-hongze-2024.pdf'))), 'locked.pdf');
    expect(r).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/已加密.*需要密码/) });
  });

  it('a report inside a layout table (nested tables) reads the same', async () => {
    const fx = loadFixtures().find((f) => f.name === 'shanghai-office-2019')!;
    const page = readFileSync(join(OUT, 'html', `${fx.name}.html`), 'utf8');
    // Old government sites wrap the whole page in layout tables; the data tables sit in their cells.
    const nested = page
      .replace('<body>', '<body><table class="layout"><tr><td>导航</td><td><table><tr><td>')
      .replace('</body>', '</td></tr></table></td></tr></table></body>');
    const r = await read(nested, 'nested.html');
    expect(flatValues(r)).toEqual(flatValues(fx.expected));
  });

  it('an old .doc and an unknown binary are refused with advice', async () => {
    expect(await read(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 1, 2, 3]), 'old.doc')).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/\.docx/),
    });
    // Named .png but not a PNG (its signature cut short): not taken for a picture.
    expect(await read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2]), 'photo.png')).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/内容不是 JPEG 或 PNG 图片/),
    });
    expect(await read(new Uint8Array([0, 1, 2, 3, 0, 0, 9, 9]), 'data.bin')).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/不支持/),
    });
  });

  it('a GBK web page declared by meta charset reads right', async () => {
    const fx = loadFixtures().find((f) => f.name === 'shanghai-office-2019')!;
    const html = readFileSync(join(OUT, 'html', `${fx.name}.html`), 'utf8').replace(
      '<meta charset="utf-8">',
      '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    );
    const iconv = (await import('iconv-lite')).default;
    const r = await read(new Uint8Array(iconv.encode(html, 'gbk')), 'gbk.html');
    expect(flatValues(r)).toEqual(flatValues(fx.expected));
  });
});
