/**
 * Every budget of src/lib/limits/files.ts, enforced while reading: each
 * crafted input (made here from a few KB, never committed) is refused fast,
 * with a reason naming the file and the limit, while real files under the
 * same budgets read exactly as before. And text in UTF-16 (either byte order,
 * with a BOM) reads like UTF-8.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { DOCX_PART_BYTES, HTML_MAX_DEPTH, PDF_MAX_PAGES, ZIP_MAX_ENTRIES } from '../src/lib/limits/files';
import { nodeEnv } from '../src/lib/report/io/node';
import { readReportFile } from '../src/lib/report/io/read';
import { expandInputs, statedEntries, type InputFile } from '../src/lib/workspace/inputs';
import {
  bomb,
  deflateRepeated,
  docxBomb,
  docxOf,
  onePagePdf,
  pageRepeatingPdf,
  zipOf,
  type ZipEntry,
} from './support/hostile';
import { loadFixtures } from './support/fixtures';

const ROOT = resolve(__dirname, '..');
const FX = join(ROOT, 'tests/fixtures');
const read = (bytes: Uint8Array, name: string) => readReportFile(bytes, name, nodeEnv);
/** The record without its name, to compare two readings of one report. */
const same = (r: { source: string }) => ({ ...r, source: '' });
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

/** A fixture DOCX rebuilt with our zip writer (every part stored) plus `extra` parts. */
async function fixtureDocx(name: string, extra: ZipEntry[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(join(FX, 'docx', name)));
  const parts: ZipEntry[] = [];
  for (const f of Object.values(zip.files))
    if (!f.dir) parts.push({ name: f.name, stored: await f.async('uint8array') });
  return zipOf([...parts, ...extra]);
}

describe('DOCX parts are inflated under a budget before mammoth sees them', () => {
  it('a 300 MB document.xml in a 300 KB DOCX is refused at 32 MiB, fast, naming the file, the part and the limit', async () => {
    const docx = docxBomb(300);
    expect(docx.length).toBeLessThan(400_000);
    const heap = process.memoryUsage().heapUsed;
    const { value: r, ms } = await timed(() => read(docx, 'reports/bomb.docx'));
    expect(r.kind).toBe('unreadable');
    expect(r.reason).toMatch(/Word文件“bomb\.docx”中的“word\/document\.xml”解压后超过 32 MiB，超出单个部件的上限/);
    expect(ms).toBeLessThan(5000);
    // What was inflated is dropped: nothing near 300 MB stays behind.
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(200 * 2 ** 20);
  });

  it('parts that are each under the limit but together over 64 MiB are refused by the total', async () => {
    const part = (name: string) => ({ name, deflated: bomb(DOCX_PART_BYTES / 2 ** 20 - 2) });
    const r = await read(
      docxOf('政府信息公开', [part('word/styles.xml'), part('word/numbering.xml'), part('word/footnotes.xml')]),
      'parts.docx',
    );
    expect(r.kind).toBe('unreadable');
    expect(r.reason).toMatch(/Word文件“parts\.docx”的文字部分解压后总计超过 64 MiB（读到“word\/.*\.xml”时）/);
  });

  it('images and other binary parts are never inflated: a 2 GiB “image” does not stop a real report', async () => {
    const name = 'huaian-city-2024.docx';
    const plain = await read(readFileSync(join(FX, 'docx', name)), name);
    const docx = await fixtureDocx(name, [{ name: 'word/media/image9.png', deflated: bomb(2048) }]);
    const { value: r, ms } = await timed(() => read(docx, name));
    expect(r.kind).toBe('annual_report');
    expect(same(r)).toEqual(same(plain));
    expect(ms).toBeLessThan(5000);
  });
});

describe('HTML nesting', () => {
  it(`a page nested 100,000 deep is refused at ${HTML_MAX_DEPTH} levels, without a stack overflow, in well under a second`, async () => {
    const html = `<html><body>${'<div>'.repeat(100_000)}2023年 1 2 3${'</div>'.repeat(100_000)}</body></html>`;
    const { value: r, ms } = await timed(() => read(Buffer.from(html), 'deep.html'));
    expect(r.kind).toBe('unreadable');
    expect(r.reason).toMatch(/网页“deep\.html”的元素嵌套超过 512 层/);
    expect(ms).toBeLessThan(1000);
  });

  it('a real report wrapped 400 deep (nested tables included) reads exactly as it does unwrapped', async () => {
    const name = 'huaian-city-2024.html';
    const html = readFileSync(join(FX, 'html', name), 'utf8');
    const body = html.match(/<body[^>]*>([\s\S]*)<\/body>/i)![1];
    const wrapped = `<html><body>${'<div><span>'.repeat(150)}<table><tr><td>${'<section>'.repeat(100)}${body}${'</section>'.repeat(100)}</td></tr></table>${'</span></div>'.repeat(150)}</body></html>`;
    const [plain, deep] = await Promise.all([read(Buffer.from(html), name), read(Buffer.from(wrapped), name)]);
    expect(plain.kind).toBe('annual_report');
    expect({ ...same(deep), cells: undefined }).toEqual({ ...same(plain), cells: undefined });
  });
});

describe('PDF pages and per-page work', () => {
  it(`a 1.2 MB PDF listing one page 200,000 times is refused by the page cap (${PDF_MAX_PAGES}) at once`, async () => {
    const pdf = pageRepeatingPdf(200_000);
    expect(pdf.length).toBeGreaterThan(1_000_000);
    const { value: r, ms } = await timed(() => read(pdf, 'pages.pdf'));
    expect(r.kind).toBe('unreadable');
    expect(r.reason).toMatch(/PDF“pages\.pdf”有 200000 页，超过上限 500 页/);
    expect(ms).toBeLessThan(5000);
  });

  it('a page tree that lists 200,000 kids but counts 3 pages is read as its 3 pages, quickly', async () => {
    const { value: r, ms } = await timed(() => read(pageRepeatingPdf(200_000, undefined, 3), 'lying.pdf'));
    expect(r.kind).not.toBe('unreadable');
    expect(ms).toBeLessThan(5000);
  });

  it('a page with more than 20,000 text items is refused, naming the page', async () => {
    const content = Array.from(
      { length: 12_000 },
      (_, i) => `BT /F1 6 Tf ${20 + (i % 50) * 11} ${800 - Math.floor(i / 50) * 3} Td (${i % 10}) Tj ET`,
    ).join('\n');
    const r = await read(onePagePdf(content), 'items.pdf');
    expect(r.reason).toMatch(/PDF“items\.pdf”第 1 页有 \d+ 个文字块，超过每页上限 20000 个/);
  });

  it('a page with more than 500,000 drawing operators is refused', async () => {
    const r = await read(onePagePdf(`BT /F1 12 Tf 72 720 Td (1 2 3) Tj ET ${'0 g '.repeat(500_001)}`), 'ops.pdf');
    expect(r.reason).toMatch(/PDF“ops\.pdf”第 1 页有 \d+ 个绘图操作，超过每页上限 500000 个/);
  });

  it('a page with more than 10,000 ruling-line pieces is refused', async () => {
    const lines = Array.from(
      { length: 10_001 },
      (_, i) => `${(i * 0.05).toFixed(2)} 100 m ${(i * 0.05).toFixed(2)} 200 l S`,
    ).join(' ');
    const r = await read(onePagePdf(`BT /F1 12 Tf 72 720 Td (1 2 3) Tj ET ${lines}`), 'rules.pdf');
    expect(r.reason).toMatch(/PDF“rules\.pdf”第 1 页有 10001 段表格线，超过每页上限 10000 段/);
  });

  it('a ruled grid of more than 100,000 cells is refused, naming the page', async () => {
    const v = Array.from({ length: 400 }, (_, i) => `${20 + i * 5} 20 m ${20 + i * 5} 1520 l S`).join(' ');
    const h = Array.from({ length: 300 }, (_, i) => `20 ${20 + i * 5} m 2020 ${20 + i * 5} l S`).join(' ');
    const r = await read(onePagePdf(`BT /F1 12 Tf 72 720 Td (1 2 3) Tj ET 0.5 w ${v} ${h}`), 'grid.pdf');
    expect(r.reason).toMatch(/PDF“grid\.pdf”第 1 页的一个表格有 \d+ × \d+ 个网格单元，超过上限 100000 个/);
  });

  it('real PDFs are read exactly as before (every page under every per-page limit)', async () => {
    for (const name of ['huaian-city-2024.pdf', 'huaian-hongze-2023.pdf']) {
      const r = await read(readFileSync(join(ROOT, 'data/reports', name)), name);
      expect(r.kind).toBe('annual_report');
    }
  });
});

describe('UTF-16 text with a BOM', () => {
  const fx = loadFixtures().find((f) => f.name === 'huaian-city-2024')!;
  const utf16 = (order: 'le' | 'be') => {
    const le = Buffer.from('\ufeff' + fx.text, 'utf16le');
    if (order === 'be') for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  for (const order of ['le', 'be'] as const) {
    it(`UTF-16${order.toUpperCase()} reads exactly like UTF-8 (cells and columns included)`, async () => {
      const [utf8, wide] = await Promise.all([read(Buffer.from(fx.text), 'r.txt'), read(utf16(order), 'r.txt')]);
      expect(wide.kind).toBe('annual_report');
      expect(wide).toEqual(utf8);
    });
  }
  it('binary data that happens to start with FF FE or FE FF is still not text', async () => {
    for (let k = 0; k < 20; k++) {
      const r = await read(
        Buffer.concat([Buffer.from(k % 2 ? [0xff, 0xfe] : [0xfe, 0xff]), randomBytes(4000)]),
        'x.txt',
      );
      expect(r.reason).toMatch(/不是文字/);
    }
  });
});

describe('dropped zips are read under budgets', () => {
  const good = (name: string): InputFile => ({ name, bytes: readFileSync(join(ROOT, 'data/reports', name)) });

  it('a 6 MB zip of six 1 GiB entries is refused entry by entry, fast; the other files of the drop come through', async () => {
    const zip = zipOf(
      ['a.txt', 'b.pdf', 'c.html', 'd.docx', 'e.txt', 'f'].map((name) => ({
        name: `bomb/${name}`,
        deflated: bomb(1024),
      })),
    );
    expect(zip.length).toBeLessThan(7e6);
    const drop = [
      good('000_8077d3367313ca29.txt'),
      { name: 'bomb.zip', bytes: new Uint8Array(zip) },
      good('huaian-city-2024.pdf'),
    ];
    const heap = process.memoryUsage().heapUsed;
    const {
      value: { files },
      ms,
    } = await timed(() => expandInputs(drop));
    expect(ms).toBeLessThan(10_000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(300 * 2 ** 20);
    expect(files.map((f) => f.name)).toEqual([
      '000_8077d3367313ca29.txt',
      ...['a.txt', 'b.pdf', 'c.html', 'd.docx', 'e.txt', 'f'].map((n) => `bomb.zip/bomb/${n}`),
      'huaian-city-2024.pdf',
    ]);
    for (const f of files.slice(1, 7)) {
      expect(f.bytes.length, f.name).toBe(0);
      // Stopped at 20 MB (the text limit) or at 20 × its compressed size, whichever is smaller — never read to 1 GiB.
      expect(f.reason, f.name).toMatch(
        /^“bomb\/.*”解压后为 1073\.7 MB（压缩包中记录的大小），(?:超过此类文件的上限 20\.0 MB|是压缩后大小（1\.1 MB）的 20 倍以上.*压缩炸弹)/,
      );
    }
    expect(files[0].reason).toBeUndefined();
    expect(files[7].bytes.length).toBeGreaterThan(100_000);
  });

  it('real reports in a zip beside a bomb entry are kept; the bomb entry alone is refused', async () => {
    const reports = ['000_8077d3367313ca29.txt', 'huaian-city-2024.pdf'].map((name) => ({
      name,
      stored: readFileSync(join(ROOT, 'data/reports', name)),
    }));
    const zip = zipOf([reports[0], { name: 'big.txt', deflated: bomb(2048) }, reports[1]]);
    const { files } = await expandInputs([{ name: 'mixed.zip', bytes: new Uint8Array(zip) }]);
    expect(files.map((f) => [f.name, f.reason === undefined])).toEqual([
      ['mixed.zip/000_8077d3367313ca29.txt', true],
      ['mixed.zip/big.txt', false],
      ['mixed.zip/huaian-city-2024.pdf', true],
    ]);
    expect(files[0].bytes).toEqual(new Uint8Array(reports[0].stored));
  });

  it('an entry that states a small size but inflates to 1 GiB is stopped while inflating', async () => {
    const zip = zipOf([{ name: 'liar.pdf', deflated: bomb(1024) }]);
    const dir = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1000, dir + 24); // the central directory's inflated size: 1000 bytes
    const {
      value: { files },
      ms,
    } = await timed(() => expandInputs([{ name: 'liar.zip', bytes: new Uint8Array(zip) }]));
    expect(files[0].reason).toMatch(/^“liar\.pdf”解压后超过 21\.\d MB，是压缩后大小（1\.1 MB）的 20 倍以上.*压缩炸弹/);
    expect(ms).toBeLessThan(3000);
  });

  it('an entry over its type’s size limit is refused even when it does not compress (no ratio to catch it)', async () => {
    const zip = zipOf([{ name: 'noise.txt', deflated: deflateRepeated([{ chunk: randomBytes(2 ** 20), times: 21 }]) }]);
    const { files } = await expandInputs([{ name: 'n.zip', bytes: new Uint8Array(zip) }]);
    expect(files[0].reason).toBe(
      '“noise.txt”解压后为 22.0 MB（压缩包中记录的大小），超过此类文件的上限 20.0 MB，未读取',
    );
    // The same, its size understated: found out while inflating.
    zip.writeUInt32LE(1000, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const lied = await expandInputs([{ name: 'n.zip', bytes: new Uint8Array(zip) }]);
    expect(lied.files[0].reason).toBe('“noise.txt”解压后超过此类文件的上限 20.0 MB，未读取');
  });

  it('the archive’s total is enforced across entries: the entry that passes it and every later one are listed with the reason', async () => {
    const entries = [1, 2, 3, 4].map((k) => ({
      name: `r${k}.txt`,
      deflated: deflateRepeated([{ chunk: randomBytes(2 ** 20), times: 10 }]),
    }));
    const { files } = await expandInputs([{ name: 'many.zip', bytes: new Uint8Array(zipOf(entries)) }], {
      totalBytes: 25 * 2 ** 20,
    });
    expect(files.map((f) => f.bytes.length)).toEqual([10 * 2 ** 20, 10 * 2 ** 20, 0, 0]);
    expect(files[2].reason).toMatch(/压缩包“many\.zip”解压后的总大小超过上限 25 MiB/);
    expect(files[3].reason).toMatch(/压缩包“many\.zip”解压后的总大小已达上限 25 MiB，此文件未读取/);
  });

  it('a zip whose directory claims more entries than any archive we open is refused before it is parsed', async () => {
    const zip = zipOf([{ name: 'a.txt', stored: Buffer.from('年度报告') }]);
    const end = zip.length - 22;
    zip.writeUInt16LE(65_000, end + 8);
    zip.writeUInt16LE(65_000, end + 10);
    expect(statedEntries(zip)).toBe(65_000);
    const { files } = await expandInputs([{ name: 'claims.zip', bytes: new Uint8Array(zip) }]);
    expect(files[0].reason).toMatch(/声明有 65000 个文件，超过上限/);
  });

  it(`more than ${ZIP_MAX_ENTRIES} files in a zip of reports is refused as a whole, with the reason`, async () => {
    const entries = Array.from({ length: ZIP_MAX_ENTRIES + 1 }, (_, i) => ({
      name: `${i}.txt`,
      stored: Buffer.from('x'),
    }));
    const { files } = await expandInputs([{ name: 'lots.zip', bytes: new Uint8Array(zipOf(entries)) }]);
    expect(files).toHaveLength(1);
    expect(files[0].reason).toMatch(/包含 20001 个文件，超过上限 20000 个/);
  });
});
