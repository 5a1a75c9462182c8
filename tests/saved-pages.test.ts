/**
 * Web pages whose tables are pictures (issue 18), without OCR: how a page's
 * pictures are found — from the page itself (data:), from the files handed in
 * with it, never from the network — how a saved page and its `X_files/`
 * folder become one file when dropped or zipped, how the CLI finds them on
 * disk inside the page's folder only, and the kind of a lone 表四. The OCR of
 * the pictures is measured in tests/ocr/scans.test.ts and in the browser in
 * tests/browser/saved-page.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScanManifest, fromRepo, type PageEntry } from '../scripts/scans/manifest';
import { diskResources, withoutPageFolders } from '../src/cli/page-resources';
import { parseReportText } from '../src/lib/report/parse';
import { nodeEnv } from '../src/lib/report/io/node';
import { readReportFile } from '../src/lib/report/io/read';
import {
  dataUri,
  inlinePictures,
  mapResources,
  pagePath,
  resolvePicture,
  toDataUri,
} from '../src/lib/report/io/resources';
import { htmlToText } from '../src/lib/report/io/html';
import { expandInputs, type InputFile } from '../src/lib/workspace/inputs';
import { groupSavedPages } from '../src/lib/workspace/saved-pages';
import { SHARED } from './support/fixtures';

const pages = loadScanManifest().entries.filter((e): e is PageEntry => e.kind === 'page');
const page = (form: PageEntry['form'], report = 'huaian-hongze-2024') =>
  pages.find((e) => e.form === form && e.report === report)!;
const png = new Uint8Array(readFileSync(fromRepo(page('folder').pictures[0])));

// Anything that tries the network fails the test: a page's src is never fetched.
const realFetch = globalThis.fetch;
let fetched: string[] = [];
beforeEach(() => {
  fetched = [];
  globalThis.fetch = ((url: unknown) => {
    fetched.push(String(url));
    throw new Error('no network');
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('pagePath: a relative src as a path inside the page’s folder', () => {
  it('keeps relative paths, decodes %-escapes and backslashes, resolves . and .. inside', () => {
    expect(pagePath('报告_files/image001.png')).toBe('报告_files/image001.png');
    expect(pagePath('./%E6%8A%A5%E5%91%8A_files/a.png?v=2#x')).toBe('报告_files/a.png');
    expect(pagePath('报告_files\\img\\..\\a.png')).toBe('报告_files/a.png');
  });
  it('refuses what leaves the folder or is not a relative path', () => {
    for (const src of ['../secret.png', 'a/../../b.png', '/etc/passwd', 'C:/x.png', 'c:\\x.png', 'file:///etc/x', ''])
      expect(pagePath(src), src).toBeNull();
  });
});

describe('resolvePicture: from the page or the files handed in, never fetched', () => {
  it('decodes a data: URI (base64) to the picture’s bytes', async () => {
    const got = await resolvePicture(toDataUri(png));
    expect('bytes' in got && Buffer.from(got.bytes).equals(Buffer.from(png))).toBe(true);
    expect(dataUri('data:text/plain,%E6%8A%A5')).toEqual(new TextEncoder().encode('报'));
  });
  it('says a picture on the web was not in the file, and does not request it', async () => {
    for (const src of ['http://www.example.gov.cn/a.png', 'https://x.cn/b.jpg', '//cdn.x.cn/c.png']) {
      const got = await resolvePicture(src, mapResources(new Map([['a.png', png]])));
      expect('reason' in got && got.reason, src).toMatch(/在网上，不在文件中；明镜不联网下载/);
    }
    expect(fetched).toEqual([]);
  });
  it('reads a relative src from the resources, and says which are missing, outside or not pictures', async () => {
    const res = mapResources(
      new Map([
        ['p_files/a.png', png],
        ['p_files/s.css', new TextEncoder().encode('a{}')],
      ]),
    );
    expect('bytes' in (await resolvePicture('p_files/a.png', res))).toBe(true);
    expect(await resolvePicture('p_files/b.png', res)).toMatchObject({
      reason: expect.stringMatching(/不在导入的文件中/),
    });
    expect(await resolvePicture('../p_files/a.png', res)).toMatchObject({ reason: expect.stringMatching(/文件夹内/) });
    expect(await resolvePicture('p_files/s.css', res)).toMatchObject({
      reason: expect.stringMatching(/不是 JPEG 或 PNG/),
    });
  });
});

describe('htmlToText: where each picture stands', () => {
  it('lists the pictures outside data tables with the line they follow (lazy-loaded ones by data-src)', () => {
    const h = htmlToText(
      '<p>一、总体情况</p><p><img src="a.png"></p><p>二、主动公开</p>' +
        '<img src="loading.gif" data-src="b.png"><table><tr><td><img src="in-cell.png">1</td><td>2</td></tr></table>',
    );
    expect(h.pictures).toEqual([
      { src: 'a.png', at: 1 },
      { src: 'b.png', at: 2 },
    ]);
    expect(h.text.split('\n').slice(0, 3)).toEqual(['一、总体情况', '二、主动公开', '1\t2']);
  });
});

describe('a saved page and its folder become one file', () => {
  const files = (entries: Record<string, Uint8Array | string>): InputFile[] =>
    Object.entries(entries).map(([name, b]) => ({
      name,
      bytes: typeof b === 'string' ? new TextEncoder().encode(b) : b,
    }));

  it('folds the X_files/ pictures into the page, drops the folder, leaves other files alone', () => {
    const out = groupSavedPages(
      files({
        '报告/报告.html':
          '<html><body><p>正文</p><img src="报告_files/image001.png"><img src=\'报告.files/b.png\'></body></html>',
        '报告/报告_files/image001.png': png,
        '报告/报告_files/style.css': 'p{}',
        '报告/报告.files/b.png': png,
        '报告/其他.txt': '另一份报告',
        '别处/image001.png': png,
      }),
    );
    expect(out.map((f) => f.name)).toEqual(['报告/报告.html', '报告/其他.txt', '别处/image001.png']);
    const html = new TextDecoder().decode(out[0].bytes);
    expect(html).toContain(`<img src="${toDataUri(png)}">`);
    expect(html.match(/data:image\/png;base64,/g)).toHaveLength(2);
    expect(html).toContain('<p>正文</p>');
  });

  it('keeps a GBK page GBK: the src named in GBK is found, the other bytes are untouched', () => {
    const gbk = (s: string) => Uint8Array.from(s.split(' ').map((h) => parseInt(h, 16)));
    const bao = gbk('b1 a8 b8 e6'); // 报告
    const head = new TextEncoder().encode('<html><head><meta charset="gbk"></head><body><p>');
    const mid = new TextEncoder().encode('</p><img src="');
    const tail = new TextEncoder().encode('_files/a.png"></body></html>');
    const bytes = new Uint8Array([...head, ...bao, ...mid, ...bao, ...tail]);
    const { bytes: out, used } = inlinePictures(bytes, new Map([['报告_files/a.png', png]]), (s) =>
      new TextDecoder('gb18030').decode(Uint8Array.from(s, (c) => c.charCodeAt(0))),
    );
    expect([...used]).toEqual(['报告_files/a.png']);
    const text = new TextDecoder('gb18030').decode(out);
    expect(text).toContain('<p>报告</p>');
    expect(text).toContain(toDataUri(png));
  });

  it('leaves a page without its folder, and a lone picture, as they are', () => {
    const input = files({ 'a.html': '<img src="a_files/x.png">', 'x.png': png });
    expect(groupSavedPages(input)).toEqual(input);
  });

  it('opens the fixture .zip into ONE page holding its three pictures', async () => {
    const e = page('zip');
    const { files: out } = await expandInputs([
      { name: 'page.zip', bytes: new Uint8Array(readFileSync(fromRepo(e.file))) },
    ]);
    expect(out.map((f) => f.name)).toEqual(['page.zip/huaian-hongze-2024.page-zip.html']);
    const html = new TextDecoder().decode(out[0].bytes);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(html).toContain('http://www.example.gov.cn/images/logo.png'); // the logo stays a link, never fetched
  });
});

describe('the reader: no OCR, no network', () => {
  it('says why a page’s table pictures were not read, naming the web picture it did not fetch', async () => {
    const html = `<html><body><p>某县人民政府2024年政府信息公开工作年度报告</p><img src="http://x.gov.cn/t.png"><img src="${toDataUri(png)}"></body></html>`;
    const rec = await readReportFile(new TextEncoder().encode(html), 'p.html', nodeEnv);
    expect(rec.kind).not.toBe('annual_report');
    expect(rec.reason).toMatch(/表格图片未能读取.*需要文字识别（OCR），此处未启用/);
    const web = await readReportFile(
      new TextEncoder().encode(html.replace(/<img src="data[^>]+>/, '')),
      'p.html',
      nodeEnv,
    );
    expect(web.reason).toMatch(/“http:\/\/x\.gov\.cn\/t\.png”在网上，不在文件中；明镜不联网下载/);
    expect(fetched).toEqual([]);
  });
});

describe('a single-file page (.mht): its pictures are its own parts', () => {
  it('finds the HTML part and reads a picture named by its URL from the file, not from the web', async () => {
    const b64 = Buffer.from(png).toString('base64').replace(/.{76}/g, '$&\r\n');
    const mht = [
      'From: <Saved by Blink>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related;',
      '\ttype="text/html";',
      '\tboundary="----MultipartBoundary--abc"',
      '',
      '------MultipartBoundary--abc',
      'Content-Type: text/html',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Location: http://www.x.gov.cn/art/2025/1/1/art_1.html',
      '',
      '<html><body><p>=E6=8A=A5=E5=91=8A</p><img src=3D"images/t.png"><img src=3D"http://www.x.gov.cn/lo=',
      'go.png"></body></html>',
      '------MultipartBoundary--abc',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-Location: http://www.x.gov.cn/art/2025/1/1/images/t.png',
      '',
      b64,
      '------MultipartBoundary--abc--',
      '',
    ].join('\r\n');
    const bytes = new TextEncoder().encode(mht);
    const { isMhtml, readMhtml, mhtmlResources } = await import('../src/lib/report/io/mhtml');
    expect(isMhtml(bytes)).toBe(true);
    const m = readMhtml(bytes)!;
    expect(m.html).toContain('<p>报告</p>');
    const res = mhtmlResources(m);
    const got = await resolvePicture('images/t.png', res);
    expect('bytes' in got && Buffer.from(got.bytes).equals(Buffer.from(png))).toBe(true);
    expect(await resolvePicture('http://www.x.gov.cn/logo.png', res)).toMatchObject({
      reason: expect.stringMatching(/在网上/),
    });
    // Read without OCR: the picture is found (so OCR is what is missing), the logo is not fetched.
    const rec = await readReportFile(bytes, '报告.mht', nodeEnv);
    expect(rec.reason).toMatch(/需要文字识别（OCR）/);
    expect(fetched).toEqual([]);
  });
});

describe('the CLI: a page’s pictures beside it on disk, inside its folder only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mj-page-'));
  mkdirSync(join(dir, 'site', 'p_files'), { recursive: true });
  writeFileSync(join(dir, 'site', 'p_files', 'a.png'), png);
  writeFileSync(join(dir, 'outside.png'), png);
  symlinkSync(join(dir, 'outside.png'), join(dir, 'site', 'p_files', 'link.png'));
  const res = diskResources(join(dir, 'site', 'p.html'));

  it('reads a picture in the page’s folder', async () => {
    expect(Buffer.from((await res.get('p_files/a.png'))!).equals(Buffer.from(png))).toBe(true);
  });
  it('follows no link out of the folder, and no .. (pagePath never hands one over)', async () => {
    expect(await res.get('p_files/link.png')).toBeNull();
    expect(await resolvePicture('../outside.png', res)).toMatchObject({ reason: expect.stringMatching(/文件夹内/) });
    expect(await res.get('p_files/none.png')).toBeNull();
  });
  it('`mingjing parse FOLDER` prints one record for a saved page, none for its folder’s files', () => {
    const site = join(dir, 'cli');
    mkdirSync(join(site, 'p_files'), { recursive: true });
    // An icon (16 × 16 by its header: never decoded, too small to be a table) and a style sheet.
    const icon = Buffer.concat([
      Buffer.from(png.subarray(0, 16)),
      Buffer.from([0, 0, 0, 16, 0, 0, 0, 16]),
      Buffer.from(png.subarray(24)),
    ]);
    writeFileSync(join(site, 'p_files', 'icon.png'), icon);
    writeFileSync(join(site, 'p_files', 'style.css'), 'p{}');
    writeFileSync(
      join(site, 'p.html'),
      '<html><body><p>某县2024年政府信息公开工作年度报告</p><img src="p_files/icon.png"></body></html>',
    );
    const run = spawnSync(process.execPath, [fromRepo('bin/mingjing.mjs'), 'parse', site], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const records = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; kind: string });
    expect(records.map((r) => r.source)).toEqual([`${site}/p.html`]);
    expect(fetched).toEqual([]);
  }, 60_000);

  it('does not list a saved page’s folder as reports of their own', () => {
    const inputs = ['d/p.html', 'd/p_files/a.png', 'd/p.files/b.png', 'd/q.png'].map((source) => ({
      path: source,
      source,
    }));
    expect(withoutPageFolders(inputs).map((i) => i.source)).toEqual(['d/p.html', 'd/q.png']);
  });
});

describe('a lone 表三 (a picture of it, no heading)', () => {
  it('reads its first row too: the table is found by that row, which is the table’s', () => {
    // 表三 of a real report as a picture of it gives it: from its first row to its last, nothing around it.
    const lines = readFileSync(join(SHARED, 'real/huaian-hongze-2024.txt'), 'utf8').split('\n');
    const from = lines.findIndex((l) => l.startsWith('一、本年新收'));
    const to = lines.findIndex((l, i) => i > from && l.startsWith('四、结转下年度'));
    const rec = parseReportText(lines.slice(from, to + 1).join('\n'), 'requests.png');
    const want = JSON.parse(readFileSync(join(SHARED, 'real/huaian-hongze-2024.expected.json'), 'utf8'));
    expect(rec.kind).toBe('annual_report');
    expect(rec.requests).toEqual(want.requests);
    expect(rec.findings.filter((f) => f.rule === 'table.missing_row' && f.cells[0].startsWith('requests'))).toEqual([]);
  });
});

describe('a lone 表四: a partial report when its grid is proven, never for a mere mention', () => {
  const header = [
    '行政复议\t\t行政诉讼',
    '\t\t\t\t\t未经复议直接起诉\t复议后起诉',
    '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t'.repeat(3),
  ];
  it('reads the 15 cells of a picture of 表四 alone as a partial report', () => {
    const rec = parseReportText([...header, '1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3'].join('\n'), 'review.png');
    expect(rec.kind).toBe('annual_report');
    expect([rec.review, rec.litigation_direct, rec.litigation_after_review]).toEqual([
      [1, 1, 0, 0, 2],
      [1, 0, 0, 0, 1],
      [2, 0, 1, 0, 3],
    ]);
    expect(rec.findings.map((f) => f.rule)).toContain('section.not_in_file');
  });
  it('takes blank cells as blank (not 0) and header words OCR garbled, the identities holding', () => {
    const garbled = [
      '行政复议\t\t行政诉讼',
      header[1].replace('直接起诉', '直.:志二诉'),
      header[2].replace(/维持/g, '沽持'),
    ];
    const rec = parseReportText([...garbled, '5\t\t\t2\t7\t8\t\t\t1\t9\t\t\t\t\t'].join('\n'), 'review.jpg');
    expect(rec.kind).toBe('annual_report');
    expect([rec.review, rec.litigation_direct, rec.litigation_after_review]).toEqual([
      [5, null, null, 2, 7],
      [8, null, null, 1, 9],
      [null, null, null, null, null],
    ]);
  });
  it('stays not_annual_report when the identities fail or a cell is missing', () => {
    for (const row of ['1\t1\t0\t0\t5\t1\t0\t0\t0\t1\t2\t0\t1\t0\t3', '1\t1\t0\t0\t2\t1\t0\t0\t0\t1'])
      expect(parseReportText([...header, row].join('\n'), 'review.png').kind, row).toBe('not_annual_report');
  });
  it('stays not_annual_report for prose that names every header of 表四 and has 15 fitting numbers', () => {
    // No title to refuse it by: only the rule that 表四's header is table rows keeps this out.
    const prose = [
      '一、做好政府信息公开行政复议、行政诉讼应诉工作，全年行政复议结果维持率不低于90%',
      '二、结果维持、结果纠正、其他结果、尚未审结等情况按季度统计',
      '三、未经复议直接起诉和复议后起诉案件 2 3 1 0 6 1 1 0 0 2 0 0 0 0 0',
    ];
    expect(parseReportText(prose.join('\n'), 'plan.txt').kind).toBe('not_annual_report');
    expect(parseReportText(['某县2025年政务公开工作要点', ...prose].join('\n'), 'plan.txt').kind).toBe(
      'not_annual_report',
    );
  });
});
