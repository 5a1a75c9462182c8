/**
 * Files from a drop or a picker, folders included: a dropped folder is
 * walked (webkitGetAsEntry), a picked folder comes with its relative paths.
 * Each file is read into bytes here; one that cannot be read is still
 * returned, with the reason, so it shows in the list instead of vanishing.
 */
import type { InputFile } from './inputs';

async function readFile(file: File, name: string): Promise<InputFile> {
  try {
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
    out.push(new Promise<InputFile>((resolve) => (entry as FileSystemFileEntry).file(
      (f) => resolve(readFile(f, entry.fullPath.replace(/^\//, ''))),
      (e) => resolve({ name: entry.fullPath.replace(/^\//, ''), bytes: new Uint8Array(), reason: `浏览器无法读取此文件（${e.message}）` }),
    )));
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
