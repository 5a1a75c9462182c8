/**
 * Scans in the browser tests (issue 18): what the workspace stored, read back from IndexedDB as the app wrote it,
 * and tesseract's start-up chatter told apart from real errors.
 */
import type { Page } from 'playwright-core';
import type { ReportRecord } from '../../src/lib/report/types';
import type { Correction } from '../../src/lib/workspace/types';

/** Every record of one object store of the workspace's database. */
const storedAll = <T>(page: Page, store: 'entries' | 'corrections') =>
  page.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('mingjing-workspace');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => {
            resolve(req.result as T[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );

/** The workspace's stored entries. */
export const storedEntries = (page: Page) =>
  storedAll<{ id: string; name: string; record: ReportRecord | null }>(page, 'entries');

/** The stored corrections (confirmations are corrections to the same value). */
export const storedCorrections = (page: Page) => storedAll<Correction>(page, 'corrections');

/** One stored entry by its file name. */
export const storedEntry = async (page: Page, name: string) => {
  const e = (await storedEntries(page)).find((x) => x.name === name);
  if (!e) throw new Error(`no stored entry ${name}`);
  return e;
};

/** The report view of a workspace file, once its reading problems are listed. */
export async function openScanReport(page: Page, origin: string, entryId: string): Promise<void> {
  await page.goto(`${origin}/report?id=${encodeURIComponent(`mine:${entryId}`)}`);
  await page.waitForSelector('[data-reading-findings]', { timeout: 60_000 });
}

/** The number of reading problems the report's heading counts. */
export const readingTotal = async (page: Page) =>
  Number(/\d+/.exec((await page.locator('[data-reading-count]').textContent()) ?? '')?.[0]);

/**
 * A page's errors but tesseract's own start-up chatter: chi_sim's data names settings of the legacy engine, which
 * the LSTM-only core we ship does not have, and the wasm says so on stderr (console.error in a browser) once per
 * engine start, whatever the settings given (debug_file set at start does not reach these). Nothing else passes.
 */
export const withoutOcrChatter = (errors: readonly string[]) =>
  errors.filter((e) => !/^console: Warning: Parameter not found: [a-z_]+$/.test(e));
