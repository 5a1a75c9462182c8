/**
 * What the user dropped, turned into files to parse: plain files as they
 * are, a .zip of reports opened into its files, a Mingjing export recognised
 * as such (it is restored, not parsed), a saved web page with its pictures
 * folded into it (./saved-pages.ts). A .zip that cannot be opened is one
 * file that fails with its reason; the rest of the batch goes on.
 *
 * An archive is read under budgets enforced while it inflates (limits/zip.ts,
 * limits/files.ts): each entry up to its type's size and a plausible
 * expansion, the whole archive up to a total. A zip bomb's entries are each
 * stopped at their limit and listed with the reason — nothing of them is kept
 * — and the other files of the drop are listed and parsed as usual. Between
 * entries the page gets the main thread back, so the tab stays responsive
 * however many entries there are.
 */
import JSZip from 'jszip';
import {
  fileName,
  mb,
  mib,
  ZIP_MAX_BYTES,
  ZIP_MAX_ENTRIES,
  ZIP_MAX_RATIO,
  ZIP_RATIO_FREE,
  ZIP_TOTAL_BYTES,
  zipEntryLimit,
} from '$lib/limits/files';
import { PACKAGE_LIMITS } from '$lib/limits/package';
import { archiveBudget, BudgetError, inflateEntry } from '$lib/limits/zip';
import { importBundle, isBundle, type ImportedBundle } from './bundle';
import { groupSavedPages } from './saved-pages';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
  /** Set when the file is known to be unreadable before parsing (a broken archive). */
  reason?: string;
}

const isZip = (name: string, bytes: Uint8Array) =>
  /\.zip$/i.test(name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && !/\.(docx|xlsx|pptx|odt)$/i.test(name));

/** Zip entry names: UTF-8 when flagged or valid, else GBK (archives made on Chinese Windows). */
function decodeName(bytes: string[] | Uint8Array | Buffer): string {
  const u8 = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes as string[], (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(u8);
  } catch {
    return new TextDecoder('gbk').decode(u8);
  }
}

/** Files a report folder may hold that are not reports of anyone's: system files. */
const JUNK = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini)(\/|$)|(^|\/)\._/i;

/**
 * The number of entries a zip's end-of-central-directory record states (zip64
 * too), read before JSZip parses the directory: the directory of a crafted
 * archive can list millions. Null when the record is not found (JSZip will
 * say the zip is broken).
 */
export function statedEntries(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The record is 22 bytes plus a comment of at most 65,535.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const n = view.getUint16(at + 10, true);
    if (n !== 0xffff || at < 20 || view.getUint32(at - 20, true) !== 0x07064b50) return n;
    // zip64: the locator before the record points at the zip64 record, which holds the count in 8 bytes.
    const z64 = Number(view.getBigUint64(at - 20 + 8, true));
    if (z64 + 40 > bytes.length || view.getUint32(z64, true) !== 0x06064b50) return n;
    return Number(view.getBigUint64(z64 + 32, true));
  }
  return null;
}

/** The page gets the main thread back between pieces of work, once ~16 ms have passed (a frame). */
function yielder(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < 16) return;
    // A message, not setTimeout: timers nested this deep are clamped to 4 ms each.
    await new Promise<void>((resolve) => {
      if (typeof MessageChannel === 'undefined') {
        setTimeout(resolve, 0);
        return;
      }
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
    last = performance.now();
  };
}

type Sizes = { _data?: { compressedSize?: number; uncompressedSize?: number } };
/** The compressed size of an entry, as its archive states it (what jszip hands to the inflater: it cannot lie about this one). */
const compressedSize = (z: JSZip.JSZipObject) => (z as unknown as Sizes)._data?.compressedSize ?? 0;
/** The inflated size the archive states for an entry: may be a lie, so it can refuse an entry, never admit one. */
const statedSize = (z: JSZip.JSZipObject) => (z as unknown as Sizes)._data?.uncompressedSize ?? 0;

export interface ExpandOptions {
  /** The inflated total of one archive (ZIP_TOTAL_BYTES): smaller in tests. */
  totalBytes?: number;
}

/** The entries of a zip of reports, each read under its budget; one over it is listed with the reason and no bytes. */
async function zipEntries(
  f: InputFile,
  zip: JSZip,
  opts: ExpandOptions,
  pause: () => Promise<void>,
): Promise<InputFile[]> {
  const zipName = fileName(f.name);
  const inner = Object.values(zip.files).filter((z) => !z.dir && !JUNK.test(z.name));
  if (inner.length === 0) return [{ ...f, reason: '压缩包中没有文件' }];
  if (inner.length > ZIP_MAX_ENTRIES) {
    return [
      {
        ...f,
        bytes: new Uint8Array(),
        reason: `压缩包“${zipName}”包含 ${inner.length} 个文件，超过上限 ${ZIP_MAX_ENTRIES} 个，未打开；请分成几个压缩包`,
      },
    ];
  }
  // The whole archive may expand as far as each entry may: ZIP_MAX_RATIO times its size, and never past ZIP_TOTAL_BYTES.
  const total = Math.min(opts.totalBytes ?? ZIP_TOTAL_BYTES, Math.max(ZIP_RATIO_FREE, f.bytes.length * ZIP_MAX_RATIO));
  const budget = archiveBudget(total, `压缩包“${zipName}”`);
  const out: InputFile[] = [];
  for (const z of inner) {
    await pause();
    const name = `${f.name}/${z.name}`;
    const refuse = (reason: string) => out.push({ name, bytes: new Uint8Array(), reason });
    if (budget.left <= 0) {
      refuse(`压缩包“${zipName}”解压后的总大小已达上限 ${mib(total)}，此文件未读取；请分成几个压缩包`);
      continue;
    }
    const limit = zipEntryLimit(z.name, compressedSize(z));
    /** Why an entry over `limit` is refused: its type's limit, or an expansion no report file has. */
    const overLimit = (stated?: number) => {
      const was = stated === undefined ? '' : `为 ${mb(stated)}（压缩包中记录的大小），`;
      if (limit >= zipEntryLimit(z.name, Infinity))
        return `“${z.name}”解压后${was}超过此类文件的上限 ${mb(limit)}，未读取`;
      const packed = compressedSize(z);
      return `“${z.name}”解压后${was || `超过 ${mb(limit)}，`}是压缩后大小（${packed < 1e6 ? `${(packed / 1e3).toFixed(1)} KB` : mb(packed)}）的 ${ZIP_MAX_RATIO} 倍以上，报告文件不会这样压缩（可能是“压缩炸弹”），未读取`;
    };
    // An archive that states its entry's size honestly: refused without inflating a byte.
    const stated = statedSize(z);
    if (stated > limit) {
      refuse(overLimit(stated));
      continue;
    }
    const overTotal = budget.left < limit;
    try {
      out.push({ name, bytes: await inflateEntry(z, limit, budget) });
    } catch (e) {
      if (!(e instanceof BudgetError)) {
        refuse(`压缩包中的此文件已损坏（${(e as Error).message.slice(0, 80)}）`);
        continue;
      }
      if (overTotal) {
        refuse(
          `压缩包“${zipName}”解压后的总大小超过上限 ${mib(total)}（不超过 ${ZIP_TOTAL_BYTES / 2 ** 30} GiB，也不超过压缩包大小的 ${ZIP_MAX_RATIO} 倍），此文件及其后的文件未读取`,
        );
        budget.left = 0;
      } else refuse(overLimit());
    }
  }
  return out;
}

export async function expandInputs(
  files: readonly InputFile[],
  opts: ExpandOptions = {},
): Promise<{ files: InputFile[]; bundles: ImportedBundle[] }> {
  const out: InputFile[] = [];
  const bundles: ImportedBundle[] = [];
  const pause = yielder();
  for (const f of files) {
    if (JUNK.test(f.name)) continue;
    if (!isZip(f.name, f.bytes) || f.reason) {
      out.push(f);
      continue;
    }
    await pause();
    if (f.bytes.length > ZIP_MAX_BYTES) {
      out.push({
        ...f,
        bytes: new Uint8Array(),
        reason: `压缩包过大（${mb(f.bytes.length)}），超过上限 ${mb(ZIP_MAX_BYTES)}；请分成几个压缩包`,
      });
      continue;
    }
    // A workspace package may list more entries than a zip of reports (its own limit, checked by importBundle).
    const stated = statedEntries(f.bytes);
    const most = Math.max(ZIP_MAX_ENTRIES, PACKAGE_LIMITS.zipEntries);
    if (stated !== null && stated > most) {
      out.push({
        ...f,
        bytes: new Uint8Array(),
        reason: `压缩包“${fileName(f.name)}”声明有 ${stated} 个文件，超过上限 ${most} 个，未打开`,
      });
      continue;
    }
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(f.bytes, { decodeFileName: decodeName });
    } catch (e) {
      out.push({ ...f, reason: `压缩包已损坏或不是 zip 文件，无法打开（${(e as Error).message.slice(0, 80)}）` });
      continue;
    }
    if (await isBundle(zip)) {
      try {
        bundles.push(await importBundle(zip));
      } catch (e) {
        out.push({ ...f, reason: `明镜数据包无法导入：${(e as Error).message}` });
      }
      continue;
    }
    out.push(...(await zipEntries(f, zip, opts, pause)));
  }
  // A saved page and its `X_files/` pictures (dropped together, or from one zip) are one report.
  return { files: groupSavedPages(out), bundles };
}
