/**
 * 导入 in Debian's Chromium against the production build, with the browser's
 * real IndexedDB, the real parse worker and DuckDB-WASM:
 * - a batch closed mid-way resumes when the page opens again, losing nothing;
 * - fixtures in every format land together with bad files (empty, random
 *   bytes, an image-only PDF, the work plan, a 50 MB text, a truncated DOCX,
 *   a duplicate): each bad file shows its reason, the good ones land;
 * - duplicates wait for a decision; accepted reports appear in the ranking
 *   (我的数据 / 全部); a correction is kept with who and why and recomputes findings;
 * - after a reload everything is still there;
 * - export → clear → import gives identical tables, compared row by row.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/lib/db/types';
import { readReports } from '../../src/lib/data/build';
import { exposeTestHandle, launchChromium, serveBuild } from '../support/browser';
import { minimalPdf } from '../support/pdf';

const ROOT = resolve(__dirname, '../..');
const BUILD = join(ROOT, 'build');
const SHOTS = join(ROOT, 'tests/output/screenshots');
const FX = join(ROOT, 'tests/fixtures');
const file = (name: string, buffer: Buffer | Uint8Array, mimeType = 'application/octet-stream') => ({ name, buffer: Buffer.from(buffer), mimeType });

type Row = { name: string; status: string; decision: string; reason: string | null; dup: boolean };
const rows = (page: Page) => page.$$eval('[data-review-list] tbody tr', (trs) => trs.map((tr) => ({
  name: (tr as HTMLElement).dataset.entry!, status: (tr as HTMLElement).dataset.status!, decision: (tr as HTMLElement).dataset.decision!,
  reason: tr.querySelector('[data-reason]')?.textContent ?? null, dup: !!tr.querySelector('[data-duplicate]'),
}))) as Promise<Row[]>;
const settled = (page: Page, n: number) => page.waitForFunction((n) => {
  const trs = document.querySelectorAll('[data-review-list] tbody tr');
  return trs.length === n && !document.querySelector('[data-review-list] tr[data-status="pending"]');
}, n, { timeout: 120_000 });
const row = (page: Page, name: string) => page.locator(`[data-review-list] tr[data-entry="${name}"]`);
/** The user's tables as DuckDB has them, every row, in a stable order. */
const mineTables = (page: Page) => page.evaluate(async (tables) => {
  const db = await (window as unknown as { __mingjing: { database(): Promise<{ query(s: string): Promise<unknown[]> }> } }).__mingjing.database();
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await db.query(`SELECT * FROM mine_${t} ORDER BY ALL`);
  return out;
}, [...TABLES]);

describe('import and workspace (Chromium, production build)', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  it('imports a batch with bad files, keeps it across reloads, and round-trips an export', { timeout: 600_000 }, async () => {
    if (!existsSync(join(BUILD, 'import.html'))) throw new Error('build/ missing: run `npm run data && npx vite build` (npm test does)');
    mkdirSync(SHOTS, { recursive: true });
    const { records } = await readReports(join(ROOT, 'data/reports'));
    const served = await serveBuild(BUILD);
    server = served.server;
    const { origin } = served;
    browser = await launchChromium();
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
    await exposeTestHandle(context);
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const watch = (p: Page) => {
      p.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      p.on('dialog', (d) => void d.accept());
      return p;
    };

    // 1. A batch closed mid-way: the files were stored first, so the rest is parsed when the page opens again.
    let page = watch(await context.newPage());
    await page.goto(`${origin}/import`);
    await page.waitForSelector('input[data-pick="files"][data-hydrated="true"]');
    const pdfs = ['huaian-city-2024.pdf', 'huaian-hongze-2023.pdf', 'huaian-hongze-2024.pdf'];
    await page.setInputFiles('input[data-pick="files"]', pdfs.map((f) => file(f, readFileSync(join(FX, 'pdf', f)), 'application/pdf')));
    await page.waitForFunction(() => document.querySelectorAll('[data-review-list] tbody tr').length === 3 && !!document.querySelector('[data-review-list] tr:not([data-status="pending"])'), undefined, { timeout: 120_000 });
    await page.close();
    page = watch(await context.newPage());
    await page.goto(`${origin}/import`);
    await settled(page, 3);
    expect((await rows(page)).map((r) => [r.name, r.status === 'ok' || r.status === 'findings'])).toEqual(pdfs.map((f) => [f, true]));

    // 2. Every format, with bad files and duplicates, in one drop.
    const yuncheng = readFileSync(join(ROOT, 'data/reports/000_8077d3367313ca29.txt'), 'utf8');
    // The same real report under the next year: not in the embedded data, so it is a clean new report.
    const yuncheng2022 = yuncheng.replace(/2021年/g, '2022年').replace(/2021 年/g, '2022 年');
    const docx = readFileSync(join(FX, 'docx/001_108c735e6ce59796.docx'));
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const huge = Buffer.alloc(50e6, '年度报告 ');
    const batch = [
      file('运城-2022.txt', Buffer.from(yuncheng2022), 'text/plain'),
      file('000_8077d3367313ca29.html', readFileSync(join(FX, 'html/000_8077d3367313ca29.html')), 'text/html'),
      file('001_108c735e6ce59796.docx', docx),
      file('004-gbk.txt', readFileSync(join(FX, 'gbk/004_7f04bf6579decff7.txt')), 'text/plain'),
      file('003_869c2ba055e881c8.txt', readFileSync(join(ROOT, 'data/reports/003_869c2ba055e881c8.txt')), 'text/plain'),
      file('003-again.html', readFileSync(join(FX, 'html/003_869c2ba055e881c8.html')), 'text/html'),
      file('空文件.txt', Buffer.alloc(0), 'text/plain'),
      file('random.bin', random),
      file('扫描件.pdf', Buffer.from(minimalPdf('0 0 0 rg 72 72 200 200 re f')), 'application/pdf'),
      file('工作要点.txt', readFileSync(join(ROOT, 'data/reports/002_780c50781c104938.txt')), 'text/plain'),
      file('huge.txt', huge, 'text/plain'),
      file('截断.docx', docx.subarray(0, Math.floor(docx.length / 2))),
    ];
    // Handed over as files on disk: a 50 MB payload through the protocol is slow.
    const dir = join(ROOT, 'tests/output/import-batch');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of batch) writeFileSync(join(dir, f.name), f.buffer);
    await page.setInputFiles('input[data-pick="files"]', batch.map((f) => join(dir, f.name)), { timeout: 120_000 });
    await settled(page, 3 + batch.length);
    const got = new Map((await rows(page)).map((r) => [r.name, r]));
    const reasons: [string, string, RegExp][] = [
      ['空文件.txt', 'unreadable', /空/],
      ['random.bin', 'unreadable', /不支持的文件类型|不是文字/],
      ['扫描件.pdf', 'unreadable', /扫描版PDF/],
      ['工作要点.txt', 'not_report', /不是政府信息公开工作年度报告/],
      ['huge.txt', 'unreadable', /文件过大（50\.0 MB）/],
      ['截断.docx', 'unreadable', /Word文件已损坏/],
    ];
    for (const [name, status, reason] of reasons) {
      expect(got.get(name)?.status, name).toBe(status);
      expect(got.get(name)?.reason ?? '', name).toMatch(reason);
    }
    // The real reports are also in the embedded data: each is a duplicate and waits for a decision.
    for (const name of ['000_8077d3367313ca29.html', '001_108c735e6ce59796.docx', '004-gbk.txt', '003_869c2ba055e881c8.txt', '003-again.html', ...pdfs]) {
      expect(got.get(name)?.dup, name).toBe(true);
      expect(got.get(name)?.decision, name).toBe('undecided');
    }
    expect(got.get('运城-2022.txt')).toMatchObject({ status: 'ok', dup: false });
    await page.screenshot({ path: join(SHOTS, 'import-batch.png'), fullPage: true });

    // 3. Decisions: one click takes the clean file only; duplicates are decided one by one.
    await expect(page.locator('[data-accept-clean]').innerText()).resolves.toContain('1');
    await page.click('[data-accept-clean]');
    await expect.poll(async () => (await rows(page)).find((r) => r.name === '运城-2022.txt')?.decision).toBe('accepted');
    for (const name of ['000_8077d3367313ca29.html', '004-gbk.txt', 'huaian-city-2024.pdf']) await row(page, name).locator('[data-dup="replace"]').click();
    await row(page, '003_869c2ba055e881c8.txt').locator('[data-dup="versions"]').click();
    await expect.poll(async () => (await rows(page)).find((r) => r.name === '003-again.html')?.dup).toBe(true);
    await row(page, '003-again.html').locator('[data-dup="keep"]').click();
    await expect.poll(async () => (await rows(page)).map((r) => r.decision).filter((d) => d === 'accepted').length).toBe(5);
    expect((await rows(page)).find((r) => r.name === '003-again.html')?.decision).toBe('rejected');

    // 4. They appear in the ranking: 我的数据 shows only them; in 全部 a replaced embedded report is not counted twice.
    await page.click('input[data-dataset="mine"]');
    await page.goto(`${origin}/ranking?level=${encodeURIComponent('办公室')}&year=2022`);
    await page.waitForSelector('table[data-ready="true"]');
    expect(await page.locator('tbody tr[data-report]').evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-report-link]')?.textContent))).toEqual(['运城市人民政府办公室']);
    await page.screenshot({ path: join(SHOTS, 'import-ranking-mine.png'), fullPage: true });
    await page.goto(`${origin}/import`);
    await settled(page, 3 + batch.length);
    await page.click('input[data-dataset="all"]');
    await page.goto(`${origin}/ranking?level=${encodeURIComponent('办公室')}&year=2021`);
    await page.waitForSelector('table[data-ready="true"]');
    const ids = await page.locator('tbody tr[data-report]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.report!));
    expect(ids.filter((id) => id.includes('运城') || id.startsWith('mine:'))).toHaveLength(1);
    expect(ids.some((id) => id.startsWith('mine:'))).toBe(true);

    // The overview follows: its figures now come from DuckDB over 全部 — 8 embedded, 4 of them replaced by
    // the user's versions (3 replaced, 1 kept as an earlier version), plus the 5 accepted = 9 reports.
    await page.goto(`${origin}/`);
    await page.locator('[data-live-overview]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-figure="reports"] .value').innerText()).toBe('9');
    expect(await page.locator('[data-dataset-switch]').inputValue()).toBe('all');

    // 4b. A correction: 济源's 表四 (复议后起诉) does not add up in the report. The user sets the total to the
    // sum of its parts; the original stays, the finding goes, the correction itself is shown with who and why.
    const jiyuan = records.find((r) => r.agency === '济源市人民政府')!;
    const parts = jiyuan.litigation_after_review!.slice(0, 4).reduce<number>((a, b) => a + (b ?? 0), 0);
    expect(parts).not.toBe(jiyuan.litigation_after_review![4]);
    await page.goto(`${origin}/import`);
    await settled(page, 3 + batch.length);
    const open = (await row(page, '003_869c2ba055e881c8.txt').locator('[data-open]').getAttribute('href'))!;
    await page.goto(`${origin}${open}`);
    await page.locator('[data-workspace-report]').waitFor({ timeout: 60_000 });
    const groupSum = () => page.locator('[data-finding]', { hasText: '表四合计不符' }).count();
    const sumsBefore = await groupSum();
    expect(sumsBefore).toBeGreaterThan(0);
    await page.locator('button.num[data-path="litigation_after_review[4]"]').click();
    expect(await page.locator('[data-correction-panel] [data-original]').innerText()).toBe(String(jiyuan.litigation_after_review![4]));
    await page.fill('[data-correction-value]', String(parts));
    await page.fill('[data-correction-author]', '张三');
    await page.fill('[data-correction-reason]', '原表总计与分项不符，按分项之和更正');
    await page.click('[data-correction-save]');
    await page.locator('td.corrected button.num[data-path="litigation_after_review[4]"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('td.corrected button.num[data-path="litigation_after_review[4]"]').innerText()).toBe(String(parts));
    await expect.poll(groupSum).toBe(sumsBefore - 1);
    expect(await page.locator('[data-finding]', { hasText: '用户更正的数字' }).innerText()).toContain('张三');
    expect(await page.locator('[data-correction-who]').innerText()).toContain('原表总计与分项不符');
    await page.screenshot({ path: join(SHOTS, 'import-correction.png'), fullPage: true });
    const corrected = await page.evaluate(async (id) => {
      const db = await (window as unknown as { __mingjing: { database(): Promise<{ query(s: string): Promise<{ value: number }[]> }> } }).__mingjing.database();
      return (await db.query(`SELECT value FROM review_litigation WHERE report_id = '${id}' AND grp = 'litigation_after_review' AND col = 4`))[0]?.value;
    }, decodeURIComponent(open.split('id=')[1]));
    expect(corrected).toBe(parts);

    // 5. A reload (and a fresh page) keeps everything.
    await page.goto(`${origin}/import`);
    await settled(page, 3 + batch.length);
    const before = await rows(page);
    await page.reload();
    await settled(page, 3 + batch.length);
    expect(await rows(page)).toEqual(before);

    // 6. Export → clear → import: the same tables, row by row.
    const tablesBefore = await mineTables(page);
    expect(tablesBefore.reports).toHaveLength(5);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="bundle"]')]);
    const zipPath = (await dl.path())!;
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['manifest.json', 'records.jsonl', 'tables/reports.csv', '数据字典_data_dictionary.csv']));
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
    const csvZip = await JSZip.loadAsync(readFileSync((await csvDl.path())!));
    expect((await csvZip.file('tables/reports.csv')!.async('string')).trim().split('\r\n')).toHaveLength(6);
    await page.click('[data-clear]');
    await expect.poll(() => page.locator('[data-review-list] tbody tr').count()).toBe(0);
    expect((await mineTables(page)).reports).toHaveLength(0);
    await page.setInputFiles('input[data-pick="files"]', [file('export.zip', readFileSync(zipPath), 'application/zip')]);
    await settled(page, 3 + batch.length);
    expect(await rows(page)).toEqual(before);
    await expect.poll(() => mineTables(page), { timeout: 30_000 }).toEqual(tablesBefore);
    await page.screenshot({ path: join(SHOTS, 'import-restored.png'), fullPage: true });

    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
