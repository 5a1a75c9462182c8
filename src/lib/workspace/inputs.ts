/**
 * What the user dropped, turned into files to parse: plain files as they
 * are, a .zip of reports opened into its files, a Mingjing export recognised
 * as such (it is restored, not parsed). A .zip that cannot be opened is one
 * file that fails with its reason; the rest of the batch goes on.
 */
import JSZip from 'jszip';
import { importBundle, isBundle, type ImportedBundle } from './bundle';

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

export async function expandInputs(files: readonly InputFile[]): Promise<{ files: InputFile[]; bundles: ImportedBundle[] }> {
  const out: InputFile[] = [];
  const bundles: ImportedBundle[] = [];
  for (const f of files) {
    if (JUNK.test(f.name)) continue;
    if (!isZip(f.name, f.bytes) || f.reason) {
      out.push(f);
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
    const inner = Object.values(zip.files).filter((z) => !z.dir && !JUNK.test(z.name));
    if (inner.length === 0) out.push({ ...f, reason: '压缩包中没有文件' });
    for (const z of inner) {
      try {
        out.push({ name: `${f.name}/${z.name}`, bytes: await z.async('uint8array') });
      } catch (e) {
        out.push({ name: `${f.name}/${z.name}`, bytes: new Uint8Array(), reason: `压缩包中的此文件已损坏（${(e as Error).message.slice(0, 80)}）` });
      }
    }
  }
  return { files: out, bundles };
}
