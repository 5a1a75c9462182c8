/**
 * Files from a drop or a picker, folders included: a dropped folder is
 * walked (webkitGetAsEntry), a picked folder comes with its relative paths.
 * Each file is read into bytes here; one that cannot be read is still
 * returned, with the reason, so it shows in the list instead of vanishing.
 *
 * A file is looked at before it is read: its first 4 KB tell its type, and
 * one over its type's size limit (or of a type we do not read, or a zip over
 * the archive limit) is returned with the reason and no bytes — a 1.5 GB file
 * never enters the tab's memory, nor IndexedDB.
 */
import { mb, SNIFF_BYTES, ZIP_MAX_BYTES } from '$lib/limits/files';
import { refusalBeforeReading } from '$lib/report/io/sniff';
import type { InputFile } from './inputs';

/** Archives are opened by inputs.ts (which has the same test): by name, or PK at the start of anything but an Office file. */
const isZip = (name: string, head: Uint8Array) =>
  /\.zip$/i.test(name) || (head[0] === 0x50 && head[1] === 0x4b && !/\.(docx|xlsx|pptx|odt)$/i.test(name));

/** Why a file is refused before it is read, from its size and first bytes; null: read it. */
async function refusal(file: File, name: string): Promise<string | null> {
  if (file.size <= SNIFF_BYTES) return null; // read whole anyway: the reader says the rest
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  if (isZip(name, head))
    return file.size > ZIP_MAX_BYTES
      ? `压缩包过大（${mb(file.size)}），超过上限 ${mb(ZIP_MAX_BYTES)}；请分成几个压缩包`
      : null;
  return refusalBeforeReading(head, file.size, name);
}

async function readFile(file: File, name: string): Promise<InputFile> {
  try {
    const reason = await refusal(file, name);
    if (reason) return { name, bytes: new Uint8Array(), reason };
    return { name, bytes: new Uint8Array(await file.arrayBuffer()) };
  } catch (e) {
    return { name, bytes: new Uint8Array(), reason: `浏览器无法读取此文件（${(e as Error).message}）` };
  }
}

export function fromFileList(list: FileList | readonly File[]): Promise<InputFile[]> {
  return Promise.all(Array.from(list, (f) => readFile(f, f.webkitRelativePath || f.name)));
}

async function walk(entry: FileSystemEntry, out: Promise<InputFile>[]): Promise<void> {
  if (entry.isFile) {
    out.push(
      new Promise<InputFile>((resolve) =>
        (entry as FileSystemFileEntry).file(
          (f) => resolve(readFile(f, entry.fullPath.replace(/^\//, ''))),
          (e) =>
            resolve({
              name: entry.fullPath.replace(/^\//, ''),
              bytes: new Uint8Array(),
              reason: `浏览器无法读取此文件（${e.message}）`,
            }),
        ),
      ),
    );
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the entries in chunks until an empty one.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) break;
    for (const child of chunk) await walk(child, out);
  }
}

export async function fromDataTransfer(dt: DataTransfer): Promise<InputFile[]> {
  const entries = Array.from(dt.items ?? []).map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) return fromFileList(dt.files);
  const out: Promise<InputFile>[] = [];
  for (const e of entries) await walk(e!, out);
  return Promise.all(out);
}
