/**
 * When the browser refuses a write (storage-error.ts): a full quota — a
 * QuotaExceededError, or an error with no message at all — is said with how
 * much this site uses and may use and what to free; never an empty reason.
 */
import { describe, expect, it } from 'vitest';
import { isStorageFull, storageProblem } from '../src/lib/workspace/storage-error';

const WHAT = { zh: '保存决定失败', en: 'Saving the decision failed' };
const quota = () => Object.assign(new Error(''), { name: 'QuotaExceededError' });

describe('a refused write says why', () => {
  it('a full quota: used, allowed, left, and what to do', async () => {
    const m = await storageProblem(quota(), WHAT, { usage: 950 * 2 ** 20, quota: 1024 * 2 ** 20 });
    expect(m.zh).toMatch(
      /^保存决定失败：浏览器的存储空间不足（QuotaExceededError），本站已用 950 MiB，浏览器允许 1 GiB，剩余 74 MiB。/,
    );
    expect(m.zh).toMatch(/导出“完整数据包”.*清空工作区.*删除未采用和无法读取的文件.*释放本机磁盘空间/);
    expect(m.en).toMatch(/storage is full.*950 MiB of the 1 GiB.*74 MiB left.*export the full package/);
    expect(m.en).not.toMatch(/[\u4e00-\u9fff（）]/);
  });

  it('an error with an empty message is taken for a full quota, and still says something', async () => {
    const e = new Error('');
    expect(isStorageFull(e)).toBe(true);
    const m = await storageProblem(e, WHAT, null);
    expect(m.zh).toMatch(/保存决定失败：浏览器的存储空间不足，浏览器没有报告用量。可以/);
    expect(m.zh).not.toMatch(/：$/);
  });

  it("another error keeps the browser's own reason", async () => {
    const m = await storageProblem(
      Object.assign(new Error('The transaction was aborted by the user.'), { name: 'AbortError' }),
      WHAT,
      null,
    );
    expect(m).toEqual({
      zh: '保存决定失败：The transaction was aborted by the user.',
      en: 'Saving the decision failed: The transaction was aborted by the user.',
    });
  });
});
