/**
 * Reading a zip entry under a byte budget, enforced while it inflates.
 *
 * A zip's central directory states each entry's size, but a crafted archive
 * can state anything: 1 MB of deflate expands to 1 GiB. So the entry is
 * inflated chunk by chunk (jszip's internal stream) and the count is checked
 * on every chunk; past the budget the stream is stopped at once and the
 * bytes read so far are dropped — memory never holds more than the budget.
 */
import type JSZip from 'jszip';

/** A limit of ours was reached: the reason (Chinese, for the user) names the file and the limit. */
export class BudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetError';
  }
}

interface StreamHelper {
  on(event: 'data', f: (chunk: Uint8Array) => void): StreamHelper;
  on(event: 'end', f: () => void): StreamHelper;
  on(event: 'error', f: (e: Error) => void): StreamHelper;
  resume(): StreamHelper;
  pause(): StreamHelper;
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 0)} MiB`;

/** A total shared by the entries of one archive: `left` of `total` bytes, for `what` (e.g. 压缩包“x.zip”). */
export interface ArchiveBudget {
  left: number;
  total: number;
  what: string;
}

export const archiveBudget = (total: number, what: string): ArchiveBudget => ({ left: total, total, what });

/**
 * The entry's bytes, or a BudgetError once more than `maxBytes` have come
 * out of it, or more than the archive's budget has left (which is then
 * decreased by what this entry used).
 */
export function inflateEntry(file: JSZip.JSZipObject, maxBytes: number, budget?: ArchiveBudget): Promise<Uint8Array> {
  const limit = Math.min(maxBytes, budget?.left ?? Infinity);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const helper = (file as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream(
      'uint8array',
    );
    helper
      .on('data', (chunk) => {
        if (done) return;
        total += chunk.length;
        if (total > limit) {
          done = true;
          helper.pause();
          chunks.length = 0;
          reject(
            new BudgetError(
              limit === maxBytes
                ? `“${file.name}”解压后超过 ${mb(maxBytes)}，超出单个文件的上限，未读取`
                : `${budget!.what}解压后的总大小超过上限 ${mb(budget!.total)}（读到“${file.name}”时），其余内容未读取`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (e) => {
        if (!done) {
          done = true;
          reject(e);
        }
      })
      .on('end', () => {
        if (done) return;
        done = true;
        if (budget) budget.left -= total;
        const out = new Uint8Array(total);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        resolve(out);
      })
      .resume();
  });
}

/** The entry as UTF-8 text, under the same budget. */
export async function inflateText(file: JSZip.JSZipObject, maxBytes: number, budget?: ArchiveBudget): Promise<string> {
  return new TextDecoder().decode(await inflateEntry(file, maxBytes, budget));
}
