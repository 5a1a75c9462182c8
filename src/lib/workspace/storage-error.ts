/**
 * When the browser refuses to store something: never an empty reason. A full
 * quota (QuotaExceededError — or, as some browsers report it, an aborted
 * transaction with no message) says how much this site uses and may use
 * (navigator.storage.estimate()) and what to do about it.
 */
import { bytesText } from '$lib/limits/package';

/** A message in both languages: the page shows the one it speaks. */
export interface Bilingual {
  zh: string;
  en: string;
}

type Estimate = { usage?: number; quota?: number } | null;

/** Whether an error is the browser saying its storage is full (or saying nothing, which is how a full quota often looks). */
export function isStorageFull(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  const message = String((e as { message?: unknown } | null)?.message ?? '').trim();
  return name === 'QuotaExceededError' || /quota|storage.*full|disk.*full|空间/i.test(message) || message === '';
}

async function estimate(): Promise<Estimate> {
  try {
    return typeof navigator !== 'undefined' && navigator.storage?.estimate ? await navigator.storage.estimate() : null;
  } catch {
    return null;
  }
}

/**
 * What to tell the user when storing `what` failed: the browser's own reason when it gave one; for a full
 * quota, how much is used and available, and what to free.
 */
export async function storageProblem(
  e: unknown,
  what: Bilingual,
  known: Estimate | undefined = undefined,
): Promise<Bilingual> {
  if (!isStorageFull(e)) {
    const m = String((e as Error).message);
    return { zh: `${what.zh}：${m}`, en: `${what.en}: ${m}` };
  }
  const est = known === undefined ? await estimate() : known;
  const used = est?.usage,
    quota = est?.quota;
  const figures =
    used !== undefined && quota !== undefined
      ? {
          zh: `本站已用 ${bytesText(used)}，浏览器允许 ${bytesText(quota)}，剩余 ${bytesText(Math.max(0, quota - used))}`,
          en: `this site uses ${bytesText(used)} of the ${bytesText(quota)} the browser allows, ${bytesText(Math.max(0, quota - used))} left`,
        }
      : { zh: '浏览器没有报告用量', en: 'the browser did not report its usage' };
  const named = (e as { name?: string } | null)?.name;
  const said = named && named !== 'Error' ? `（${named}）` : '';
  return {
    zh: `${what.zh}：浏览器的存储空间不足${said}，${figures.zh}。可以：先导出“完整数据包”保存到本机，再清空工作区；或删除未采用和无法读取的文件（它们的原始文件占用空间最多）；或释放本机磁盘空间（浏览器的配额随磁盘剩余空间而定）。然后重试。`,
    en: `${what.en}: the browser's storage is full${said ? ` ${said.replace(/[（）]/g, (c) => (c === '（' ? '(' : ')'))}` : ''}; ${figures.en}. You can export the full package to this machine and then clear the workspace; or delete the files set aside or unreadable (their originals take the most space); or free disk space on this machine (the browser's quota follows it). Then try again.`,
  };
}
