/** 导入 (/import) as the browser tests drive it: the files handed over, the review list read back. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPORTS } from './app';

/** A file for setInputFiles. */
export const file = (name: string, content: Buffer | Uint8Array | string, mimeType = 'application/octet-stream') => ({
  name,
  mimeType,
  buffer: Buffer.from(content),
});
export const txt = (name: string, text: string) => file(name, text, 'text/plain');

/** The real 运城 2021 report (in the embedded data). */
export const YUNCHENG = readFileSync(join(REPORTS, '000_8077d3367313ca29.txt'), 'utf8');
/** The real 运城 report moved to 2022: not in the embedded data, so it lands as a clean new report. */
export const YUNCHENG_2022 = YUNCHENG.replace(/2021年/g, '2022年').replace(/2021 年/g, '2022 年');

/** /import, once it takes files. */
export async function openImport(page: Page, origin: string, query = ''): Promise<void> {
  await page.goto(`${origin}/import${query}`);
  await page.waitForSelector('input[data-pick="files"][data-hydrated="true"]');
}

export type Row = { name: string; status: string; decision: string; reason: string | null; dup: boolean };

/** The review list as shown. */
export const rows = (page: Page) =>
  page.$$eval('[data-review-list] tbody tr', (trs) =>
    trs.map((tr) => ({
      name: (tr as HTMLElement).dataset.entry!,
      status: (tr as HTMLElement).dataset.status!,
      decision: (tr as HTMLElement).dataset.decision!,
      reason: tr.querySelector('[data-reason]')?.textContent ?? null,
      dup: !!tr.querySelector('[data-duplicate]'),
    })),
  ) as Promise<Row[]>;

/** The review list by file name. */
export const rowsByName = async (page: Page) => new Map((await rows(page)).map((r) => [r.name, r]));

/** One file's row. */
export const row = (page: Page, name: string) => page.locator(`[data-review-list] tr[data-entry="${name}"]`);

/** Waits until the list has `n` files and none is still being read. */
export const settled = (page: Page, n: number, timeout = 120_000) =>
  page.waitForFunction(
    (n) => {
      const trs = document.querySelectorAll('[data-review-list] tbody tr');
      return trs.length === n && !document.querySelector('[data-review-list] tr[data-status="pending"]');
    },
    n,
    { timeout },
  );
