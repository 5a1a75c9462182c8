/**
 * 导入 → 粘贴文本 in Debian's Chromium against the production build: a
 * report's text pasted on the import page becomes one text file, parsed in the
 * parse worker and stored like a dropped file. The report lands with the
 * numbers its fixture expects (read off the report view, side by side) and
 * the findings the same reader finds in Node; an empty paste and a work plan
 * are listed with the reason they are not imported. Nothing leaves the origin.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readReportFileWithText } from '../../src/lib/report/io/read';
import { nodeEnv } from '../../src/lib/report/io/node';
import { ROOT, SHOTS, useApp } from '../support/app';
import { openImport, row, rows } from '../support/import-page';

const SEEDS = resolve(ROOT, '../shared/fixtures/seeds');
const PASTED = '粘贴的文本.txt';

/** Paste `text` and import it; resolves when the panel shows what it came to. */
async function paste(page: Page, text: string): Promise<void> {
  await page.locator('textarea[data-paste]').fill(text);
  await page.locator('button[data-paste-import]').click();
  await page.locator('[data-pasted]:not([data-pasted="pending"])').waitFor({ timeout: 120_000 });
}

describe('import by pasting text (Chromium, production build)', () => {
  const app = useApp({ needs: 'import.html', viewport: { width: 1400, height: 1000 } });

  it(
    'parses a pasted report in the worker to its fixture’s numbers; an empty paste and a work plan say why not',
    { timeout: 300_000 },
    async () => {
      const seed = '003_869c2ba055e881c8';
      const text = readFileSync(join(SEEDS, `${seed}.txt`), 'utf8');
      const want = JSON.parse(readFileSync(join(SEEDS, `${seed}.expected.json`), 'utf8'));
      expect(want.kind).toBe('annual_report');
      // The same reader the worker runs, in Node, on the same bytes: the findings the page must list.
      const { record: node } = await readReportFileWithText(new TextEncoder().encode(text), PASTED, nodeEnv);

      const page = await app.newPage();
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      await openImport(page, app.origin);

      // 1. A real report: it lands, with its body and year, and the findings the reader finds.
      await paste(page, text);
      const result = page.locator('[data-pasted]');
      expect(['ok', 'findings']).toContain(await result.getAttribute('data-pasted'));
      expect(await result.locator('[data-pasted-report] strong[lang="zh"]').innerText()).toBe(want.agency);
      expect(await result.locator('li [lang="zh"]').allInnerTexts()).toEqual(node.findings.map((f) => f.message));
      // Parsed in the worker, not on the page.
      expect(workers.some((u) => /parse\.worker/.test(u))).toBe(true);
      const pastedRow = row(page, PASTED);
      expect(await pastedRow.count()).toBe(1);
      expect(await pastedRow.locator('td').nth(1).innerText()).toBe(want.agency);
      expect(await pastedRow.locator('td').nth(2).innerText()).toBe(String(want.year));
      await page.screenshot({ path: join(SHOTS, 'import-paste.png'), fullPage: true });

      // Its numbers, side by side with the text, are the fixture's.
      const open = (await pastedRow.locator('[data-open]').getAttribute('href'))!;
      expect(decodeURIComponent(open)).toMatch(/^\/report\?id=mine:/);
      await page.goto(`${app.origin}${open}`);
      await page.locator('[data-workspace-report]').waitFor({ timeout: 60_000 });
      const cell = (path: string) => page.locator(`button.num[data-path="${path}"]`).innerText();
      for (const [key, col] of [
        ['new_received', 6],
        ['new_received', 4],
        ['granted', 6],
        ['processed_total', 6],
        ['carried_forward', 6],
      ] as const) {
        expect(await cell(`requests.${key}[${col}]`), `${key}[${col}]`).toBe(String(want.requests[key][col]));
      }
      for (const key of ['licensing.decisions', 'penalty.decisions', 'normative_documents.in_force']) {
        expect(await cell(`active.${key}`), key).toBe(String(want.active[key]));
      }

      // 2. An empty paste: listed, unreadable, with the reason.
      await openImport(page, app.origin);
      await paste(page, '');
      expect(await result.getAttribute('data-pasted')).toBe('unreadable');
      expect(await result.locator('[data-pasted-reason]').innerText()).toContain('空');

      // 3. A work plan: not an annual report, and says so.
      await paste(page, readFileSync(join(SEEDS, '002_780c50781c104938.txt'), 'utf8'));
      expect(await result.getAttribute('data-pasted')).toBe('not_report');
      expect(await result.locator('[data-pasted-reason]').innerText()).toContain('不是政府信息公开工作年度报告');
      const listed = (await rows(page)).filter((r) => r.name === PASTED);
      expect(listed.map((r) => r.status)).toEqual([
        expect.stringMatching(/^(ok|findings)$/),
        'unreadable',
        'not_report',
      ]);
      expect(listed.slice(1).every((r) => !!r.reason)).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'import-paste-refused.png'), fullPage: true });

      expect(app.offOrigin()).toEqual([]);
      expect(app.errors).toEqual([]);
    },
  );
});
