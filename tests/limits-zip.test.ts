/**
 * A zip entry is read under a byte budget enforced while it inflates: a
 * small archive that expands a thousandfold is stopped at the budget, fast
 * and without holding the expansion in memory; a shared budget spans entries.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { archiveBudget, BudgetError, inflateEntry, inflateText } from '../src/lib/limits/zip';

async function zipOf(files: Record<string, Uint8Array | string>): Promise<JSZip> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  return JSZip.loadAsync(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

describe('inflateEntry', () => {
  it('reads an entry within its budget', async () => {
    const zip = await zipOf({ 'a.txt': '政府信息公开'.repeat(100) });
    expect(await inflateText(zip.file('a.txt')!, 10_000)).toBe('政府信息公开'.repeat(100));
  });

  it('stops a bomb at the budget, with the entry named, without inflating the rest', async () => {
    const bomb = new Uint8Array(64 * 2 ** 20); // 64 MiB of zeros deflate to about 64 KiB
    const zip = await zipOf({ 'word/document.xml': bomb });
    const t = performance.now();
    const err = await inflateEntry(zip.file('word/document.xml')!, 2 ** 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetError);
    expect((err as Error).message).toMatch(/“word\/document\.xml”解压后超过 1 MiB/);
    // Stopped after about 1 MiB of inflation, not 64.
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('shares a budget across the entries of one archive', async () => {
    const kb = (n: number) => new Uint8Array(n * 1024).fill(65);
    const zip = await zipOf({ 'a.txt': kb(600), 'b.txt': kb(600) });
    const budget = archiveBudget(1024 * 1024, '压缩包“reports.zip”');
    expect((await inflateEntry(zip.file('a.txt')!, 2 ** 20, budget)).length).toBe(600 * 1024);
    expect(budget.left).toBe(424 * 1024);
    const err = await inflateEntry(zip.file('b.txt')!, 2 ** 20, budget).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/压缩包“reports\.zip”解压后的总大小超过上限 1 MiB.*b\.txt/);
  });
});
