/**
 * Hostile and unlucky input on /import, in Debian's Chromium against the
 * production build, with the browser's real IndexedDB and DuckDB-WASM:
 * 1. a crafted package (shadows: 123) dropped with a good report: the package
 *    is refused with file, line and field, nothing of it lands, the report is
 *    kept; /sql and /ranking work; after a reload /import opens normally;
 * 2. a package bringing a report already accepted here: it comes in
 *    undecided, waiting for keep / replace / versions — never a second copy;
 * 3. a report whose title has a word joiner (U+2060) inside the agency is a
 *    duplicate of the embedded one; 替换 → another copy 替换 → reload →
 *    撤销决定 gives the first one back, accepted and in the data;
 * 4. bad entries, a bad correction and a bad undo history written straight
 *    into IndexedDB: the workspace still opens, lists them as set aside with
 *    their reason, /sql and /ranking work, and 清空工作区 clears them;
 * 5. a database that cannot be opened at all (a newer version, no stores):
 *    /import says so, 清空工作区 is offered and works;
 * 6. the browser's storage full (QuotaExceededError with no message): the
 *    decision is not taken and the reason gives the quota and what to free;
 * the same pages in English speak English outside lang="zh". Screenshots go
 * to tests/output/screenshots/workspace-hostile-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFileWithText } from '../../src/lib/report/io/read';
import { exportBundle } from '../../src/lib/workspace/bundle';
import { dbQuery, SHOTS, strayChinese, useApp } from '../support/app';
import { entryOf } from '../support/entries';
import {
  file,
  openImport as openImportPage,
  row,
  rows,
  settled,
  txt,
  YUNCHENG,
  YUNCHENG_2022,
} from '../support/import-page';
import { openSql, runSql } from '../support/sql-page';

const zipFile = (name: string, bytes: Uint8Array) => file(name, bytes, 'application/zip');

/** A package exported in Node from one report file, with its parts then changed as `craft` says. */
async function pkg(name: string, text: string, craft?: (parts: Record<string, string>) => void): Promise<Uint8Array> {
  const { record, text: read } = await readReportFileWithText(new TextEncoder().encode(text), name, nodeEnv);
  const entry = entryOf(record, read, {
    id: 'wpkg0001',
    name,
    size: text.length,
    hash: '0123456789abcdef',
    decision: 'accepted',
  });
  const good = await exportBundle([entry], [], async () => new TextEncoder().encode(text));
  if (!craft) return good;
  const zip = await JSZip.loadAsync(good);
  const parts: Record<string, string> = {};
  for (const f of ['manifest.json', 'workspace.jsonl', 'records.jsonl', 'corrections.jsonl'])
    parts[f] = await zip.file(f)!.async('string');
  craft(parts);
  for (const [f, s] of Object.entries(parts)) zip.file(f, s);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** /sql answers a query from the live database, and the ranking draws its table. */
async function viewsWork(page: Page, origin: string, shot: string) {
  await openSql(page, origin);
  await runSql(page, 'SELECT dataset, count(*) AS n FROM reports GROUP BY ALL ORDER BY ALL');
  await page.locator('[data-total]').waitFor({ timeout: 60_000 });
  expect(Number(await page.locator('[data-total]').getAttribute('data-total'))).toBeGreaterThan(0);
  await page.goto(`${origin}/ranking?level=${encodeURIComponent('办公室')}&year=2021`);
  await page.waitForSelector('table[data-ready="true"]', { timeout: 60_000 });
  expect(await page.locator('tbody tr[data-report]').count()).toBeGreaterThan(0);
  await page.screenshot({ path: join(SHOTS, `workspace-hostile-${shot}.png`), fullPage: true });
}

/** /import, its workspace opened. */
async function openImport(page: Page, origin: string, lang = '') {
  await openImportPage(page, origin, lang);
  await page.waitForFunction(
    () =>
      !document.body.textContent!.includes('正在打开工作区') &&
      !document.body.textContent!.includes('Opening the workspace'),
    undefined,
    { timeout: 150_000 },
  );
}

describe('hostile and unlucky input on /import (Chromium, production build)', () => {
  const app = useApp({ needs: 'import.html', viewport: { width: 1400, height: 1000 }, handle: true });

  it(
    'refuses a crafted package whole, keeps the workspace usable and clearable whatever is stored',
    { timeout: 900_000 },
    async () => {
      const { origin } = app;
      const page = await app.newPage();

      // 1. The tester's package (shadows: 123) dropped together with a good report.
      const crafted = await pkg('运城-2022-pkg.txt', YUNCHENG_2022, (p) => {
        p['workspace.jsonl'] = p['workspace.jsonl'].replace('"shadows":null', '"shadows":123');
      });
      await openImport(page, origin);
      await page.setInputFiles('input[data-pick="files"]', [
        zipFile('crafted.zip', crafted),
        txt('运城-2022.txt', YUNCHENG_2022),
      ]);
      await settled(page, 2);
      const refused = (await rows(page)).find((r) => r.name === 'crafted.zip')!;
      expect(refused.status).toBe('unreadable');
      expect(refused.reason).toMatch(
        /明镜数据包无法导入：数据包中的 workspace\.jsonl 第 1 行，字段 shadows：应为文本（至多 1024 个字符）或 null，实际为数字 123/,
      );
      // Nothing of it landed: only the package file itself is listed (unreadable), beside the good report.
      expect((await rows(page)).map((r) => r.name).sort()).toEqual(['crafted.zip', '运城-2022.txt']);
      expect((await rows(page)).find((r) => r.name === '运城-2022.txt')!.status).toBe('ok');
      await page.screenshot({ path: join(SHOTS, 'workspace-hostile-refused.png'), fullPage: true });
      await page.click('[data-accept-clean]');
      await expect
        .poll(async () => (await rows(page)).find((r) => r.name === '运城-2022.txt')?.decision)
        .toBe('accepted');
      await viewsWork(page, origin, 'ranking-after-refusal');
      await openImport(page, origin);
      expect(await page.locator('[data-broken], [data-set-aside]').count()).toBe(0);
      expect(await page.locator('[data-clear]').isEnabled()).toBe(true);
      expect((await rows(page)).map((r) => [r.name, r.decision])).toEqual([
        ['crafted.zip', 'undecided'],
        ['运城-2022.txt', 'accepted'],
      ]);

      // 2. A good package that brings the same report, accepted: it waits for a decision instead.
      await page.setInputFiles('input[data-pick="files"]', [
        zipFile('good.zip', await pkg('运城-2022-pkg.txt', YUNCHENG_2022)),
      ]);
      await settled(page, 3);
      await page.locator('[data-notice]').waitFor();
      expect(await page.locator('[data-notice]').innerText()).toMatch(
        /数据包已导入 1 个文件；其中 1 个与已有报告同一单位同一年度，等待决定/,
      );
      const fromPkg = (await rows(page)).find((r) => r.name === '运城-2022-pkg.txt')!;
      expect([fromPkg.decision, fromPkg.dup]).toEqual(['undecided', true]);
      expect((await dbQuery<{ n: number }>(page, 'SELECT count(*) AS n FROM mine_reports'))[0].n).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'workspace-hostile-package-duplicate.png'), fullPage: true });
      await row(page, '运城-2022-pkg.txt').locator('[data-dup="keep"]').click();
      await expect
        .poll(async () => (await rows(page)).find((r) => r.name === '运城-2022-pkg.txt')?.decision)
        .toBe('rejected');

      // 3. A word joiner inside the agency: the embedded 运城 2021 all the same. 替换, another copy 替换, reload, 撤销决定.
      const joined = YUNCHENG.replace('运城市人民政府办公室', '运城市人民政府\u2060办公室');
      await page.setInputFiles('input[data-pick="files"]', [txt('运城-joiner.txt', joined)]);
      await settled(page, 4);
      expect((await rows(page)).find((r) => r.name === '运城-joiner.txt')!.dup).toBe(true);
      await row(page, '运城-joiner.txt').locator('[data-dup="replace"]').click();
      await expect
        .poll(async () => (await rows(page)).find((r) => r.name === '运城-joiner.txt')?.decision)
        .toBe('accepted');
      await page.setInputFiles('input[data-pick="files"]', [txt('运城-again.txt', YUNCHENG)]);
      await settled(page, 5);
      await row(page, '运城-again.txt').locator('[data-dup="replace"]').click();
      await expect
        .poll(async () => (await rows(page)).find((r) => r.name === '运城-joiner.txt')?.decision)
        .toBe('rejected');
      await openImport(page, origin);
      await row(page, '运城-again.txt').locator('[data-undecide]').click();
      await expect
        .poll(async () =>
          (await rows(page))
            .filter((r) => r.name.startsWith('运城-j') || r.name === '运城-again.txt')
            .map((r) => `${r.name}:${r.decision}`),
        )
        .toEqual(['运城-joiner.txt:accepted', '运城-again.txt:undecided']);
      // In the data: the first copy, replacing the embedded report in 全部 — one 运城 2021, not two.
      const in2021 = await dbQuery<{ n: number; mine: number }>(
        page,
        "SELECT count(*) AS n, count(*) FILTER (WHERE dataset = 'mine') AS mine FROM reports WHERE agency_id = '运城市人民政府办公室' AND year = 2021",
      );
      expect(in2021[0]).toEqual({ n: 1, mine: 1 });

      // Clear: everything goes.
      await page.click('[data-clear]');
      await page.locator('.empty').waitFor();
      expect(await page.locator('[data-review-list]').count()).toBe(0);

      // 4. Bad things written straight into IndexedDB, as another program or an older bug might have left them.
      await page.setInputFiles('input[data-pick="files"]', [txt('运城-2022.txt', YUNCHENG_2022)]);
      await settled(page, 1);
      await page.click('[data-accept-clean]');
      await expect.poll(async () => (await rows(page))[0]?.decision).toBe('accepted');
      await page.evaluate(
        () =>
          new Promise<void>((ok, fail) => {
            const req = indexedDB.open('mingjing-workspace', 1);
            req.onerror = () => fail(req.error);
            req.onsuccess = () => {
              const db = req.result;
              const tx = db.transaction(['entries', 'corrections', 'settings'], 'readwrite');
              tx.objectStore('entries').put({
                id: 'evil',
                name: '坏记录.txt',
                size: 1,
                hash: 'ab',
                addedAt: '2026-01-01T00:00:00Z',
                status: 'ok',
                reason: null,
                record: { year: {} },
                text: null,
                decision: 'accepted',
                shadows: 123,
              });
              tx.objectStore('entries').put({
                id: '../../../../tmp/zipslip',
                name: 'zipslip.txt',
                size: 1,
                hash: 'ab',
                addedAt: '2026-01-01T00:00:00Z',
                status: 'unreadable',
                reason: null,
                record: null,
                text: null,
                decision: 'undecided',
                shadows: null,
              });
              tx.objectStore('entries').put({ id: 42, name: 7 });
              tx.objectStore('corrections').put({
                id: 'cbad',
                entryId: 'evil',
                cell: 'requests.granted[0]',
                value: 'lots',
              });
              tx.objectStore('settings').put({ seq: 'x', steps: 5 }, 'history');
              tx.oncomplete = () => {
                db.close();
                ok();
              };
              tx.onerror = () => fail(tx.error);
            };
          }),
      );
      await openImport(page, origin);
      await page.locator('[data-set-aside]').waitFor();
      const setAside = await page.locator('[data-set-aside-item]').allInnerTexts();
      expect(setAside).toHaveLength(5);
      expect(setAside.join('\n')).toMatch(
        /evil “坏记录\.txt”：字段 shadows：应为文本（至多 1024 个字符）或 null，实际为数字 123/,
      );
      expect(setAside.join('\n')).toMatch(/\.\.\/\.\.\/\.\.\/\.\.\/tmp\/zipslip “zipslip\.txt”：字段 id：应为编号/);
      expect(setAside.join('\n')).toMatch(/42：字段 size：应为必填字段，实际为缺失/);
      expect(setAside.join('\n')).toMatch(/cbad：更正：/);
      expect(setAside.join('\n')).toMatch(/history：撤销记录：字段 history\.seq：应为非负整数/);
      // The readable report is still there, accepted, and in the data; the bad ones are not.
      expect((await rows(page)).map((r) => [r.name, r.decision])).toEqual([['运城-2022.txt', 'accepted']]);
      expect((await dbQuery<{ n: number }>(page, 'SELECT count(*) AS n FROM mine_reports'))[0].n).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'workspace-hostile-set-aside.png'), fullPage: true });
      await openImport(page, origin, '?lang=en');
      await page.locator('[data-set-aside]').waitFor();
      expect(await strayChinese(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'workspace-hostile-set-aside-en.png'), fullPage: true });
      await viewsWork(page, origin, 'ranking-with-bad-entries');
      // 删除这些内容 takes exactly them away (by their stored keys, the number 42 too); the report stays.
      await openImport(page, origin);
      await page.click('[data-remove-set-aside]');
      await page.waitForFunction(() => !document.querySelector('[data-set-aside]'));
      await openImport(page, origin);
      expect(await page.locator('[data-set-aside], [data-broken]').count()).toBe(0);
      expect((await rows(page)).map((r) => [r.name, r.decision])).toEqual([['运城-2022.txt', 'accepted']]);
      // The same once more, then 清空工作区 clears them with everything else.
      await page.evaluate(
        () =>
          new Promise<void>((ok, fail) => {
            const req = indexedDB.open('mingjing-workspace', 1);
            req.onsuccess = () => {
              const tx = req.result.transaction('entries', 'readwrite');
              tx.objectStore('entries').put({ id: 42, name: 7 });
              tx.oncomplete = () => {
                req.result.close();
                ok();
              };
              tx.onerror = () => fail(tx.error);
            };
          }),
      );
      await openImport(page, origin);
      await page.locator('[data-set-aside]').waitFor();
      await page.click('[data-clear]');
      await page.locator('.empty').waitFor();
      expect(await page.locator('[data-set-aside]').count()).toBe(0);
      await openImport(page, origin);
      expect(await page.locator('[data-set-aside], [data-broken]').count()).toBe(0);
      expect(await page.locator('[data-review-list]').count()).toBe(0);

      // 5. A database this app cannot open at all: a newer version with none of its stores.
      await page.evaluate(
        () =>
          new Promise<void>((ok, fail) => {
            const del = indexedDB.deleteDatabase('mingjing-workspace');
            del.onerror = () => fail(del.error);
            del.onsuccess = () => {
              const req = indexedDB.open('mingjing-workspace', 5);
              req.onupgradeneeded = () => req.result.createObjectStore('junk');
              req.onsuccess = () => {
                req.result.close();
                ok();
              };
              req.onerror = () => fail(req.error);
            };
          }),
      );
      await openImport(page, origin);
      await page.locator('[data-broken]').waitFor();
      expect(await page.locator('[data-broken]').innerText()).toMatch(
        /浏览器中保存的工作区无法打开（.+）。内置数据照常可用；清空工作区可以删除保存的内容/,
      );
      expect(await page.locator('[data-clear]').isEnabled()).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'workspace-hostile-broken.png'), fullPage: true });
      await viewsWork(page, origin, 'ranking-with-broken-store');
      await openImport(page, origin);
      await page.click('[data-clear]');
      await page.waitForFunction(() => !document.querySelector('[data-broken]'));
      await page.locator('.empty').waitFor();
      // And it works again: a file is stored, read and accepted.
      await page.setInputFiles('input[data-pick="files"]', [txt('运城-2022.txt', YUNCHENG_2022)]);
      await settled(page, 1);
      await openImport(page, origin);
      // A reload right after the read may find the file still pending in the browser (its write not yet done):
      // the workspace parses it again as it opens — wait for that, as a user would see it settle.
      await settled(page, 1);
      expect((await rows(page)).map((r) => r.status)).toEqual(['ok']);

      // 6. The browser's storage full: the decision is not taken, and the reason says the quota and what to free.
      await page.evaluate(() => {
        const put = IDBObjectStore.prototype.put;
        (window as unknown as { __put: typeof put }).__put = put;
        IDBObjectStore.prototype.put = function () {
          throw new DOMException('', 'QuotaExceededError');
        };
      });
      await row(page, '运城-2022.txt').locator('[data-accept]').click();
      await page.locator('[data-error]').waitFor();
      expect(await page.locator('[data-error]').innerText()).toMatch(
        /^保存决定失败：浏览器的存储空间不足（QuotaExceededError），本站已用 .+，浏览器允许 .+，剩余 .+。可以：先导出“完整数据包”保存到本机，再清空工作区/,
      );
      expect((await rows(page))[0].decision).toBe('undecided');
      await page.screenshot({ path: join(SHOTS, 'workspace-hostile-quota.png'), fullPage: true });
      await page.evaluate(() => {
        IDBObjectStore.prototype.put = (window as unknown as { __put: typeof IDBObjectStore.prototype.put }).__put;
      });
      await row(page, '运城-2022.txt').locator('[data-accept]').click();
      await expect.poll(async () => (await rows(page))[0].decision).toBe('accepted');
      expect(await page.locator('[data-error]').count()).toBe(0);

      expect(app.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    },
  );
});
