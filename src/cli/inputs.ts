/**
 * The command line's file arguments → the files to read, each with the name
 * it is shown by (`source`).
 *
 * File names that are not UTF-8. Node decodes argv as UTF-8, so a GBK or
 * Latin-1 name arrives with U+FFFD where its bytes were, and no file has that
 * name. When a path does not exist as given, each part of it that holds a
 * U+FFFD is looked up in its directory, listed as raw bytes: the one entry
 * whose lossy UTF-8 decoding is the given part is the file meant, and it is
 * opened by its bytes (a Buffer path). Two entries that decode alike cannot be
 * told apart: the argument is refused with that reason.
 *
 * A directory argument is read whole: every file under it (subfolders too,
 * symbolic links to folders inside it not followed), in byte order of the names, each
 * opened by its bytes. Its name for output is the lossy decoding.
 */
import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute } from 'node:path';

export interface Input {
  /** What to open: the argument itself, or its bytes when they are not UTF-8. */
  path: string | Buffer;
  /** How it is named in the output. */
  source: string;
  /** Set when it is known before opening that it cannot be read: the reason, as for a file that cannot be opened. */
  refusal?: string;
}

const exists = (p: string | Buffer) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/**
 * A path given with U+FFFD for bytes that were not UTF-8, found on disk: its
 * bytes, or a reason when no entry (or more than one) matches.
 */
export function findLossy(given: string): { path: Buffer } | { refusal: string } {
  const parts = given.split('/');
  let at: Buffer = Buffer.from(isAbsolute(given) ? '/' : '.');
  let prefix: Buffer | null = isAbsolute(given) ? Buffer.from('') : null; // the path built so far ('' before the root's '/')
  for (const [k, part] of parts.entries()) {
    if (k === 0 && isAbsolute(given)) continue; // the empty part before the leading '/'
    let name: Buffer;
    if (part.includes('\ufffd')) {
      let entries: Buffer[];
      try {
        entries = readdirSync(at, { encoding: 'buffer' });
      } catch {
        return { refusal: '文件不存在' };
      }
      const matches = entries.filter((e) => e.toString('utf8') === part);
      if (matches.length === 0) return { refusal: '文件不存在' };
      if (matches.length > 1)
        return {
          refusal: `文件名不是 UTF-8 编码，且有 ${matches.length} 个文件的名称看起来相同（“${part}”），无法确定是哪一个；请改名后再试`,
        };
      name = matches[0];
    } else name = Buffer.from(part);
    prefix = prefix === null ? name : Buffer.concat([prefix, Buffer.from('/'), name]);
    at = prefix.length ? prefix : Buffer.from('/');
  }
  return { path: prefix ?? Buffer.from(given) };
}

/** Every file under a directory (its subfolders too), in byte order of the names. */
function walk(dir: Buffer, shown: string, out: Input[]): void {
  let entries: Dirent<Buffer>[];
  try {
    entries = readdirSync(dir, { encoding: 'buffer', withFileTypes: true });
  } catch (e) {
    out.push({
      path: dir,
      source: shown,
      refusal: `无法列出文件夹中的文件（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`,
    });
    return;
  }
  entries.sort((a, b) => Buffer.compare(a.name, b.name));
  const before = out.length;
  for (const e of entries) {
    const path = Buffer.concat([dir, Buffer.from(dir[dir.length - 1] === 0x2f ? '' : '/'), e.name]);
    const name = `${shown.replace(/\/+$/, '')}/${e.name.toString('utf8')}`;
    if (e.isDirectory()) walk(path, name, out);
    else out.push({ path, source: name });
  }
  if (out.length === before) out.push({ path: dir, source: shown, refusal: '文件夹中没有文件' });
}

export function resolveInputs(args: readonly string[]): Input[] {
  const out: Input[] = [];
  for (const arg of args) {
    let path: string | Buffer = arg;
    // Looked for on disk only when it may be a lossy name: one system call less per file given.
    if (arg.includes('\ufffd') && !exists(arg)) {
      const found = findLossy(arg);
      if ('refusal' in found) {
        out.push({ path: arg, source: arg, refusal: found.refusal });
        continue;
      }
      path = found.path;
    }
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory(); // a link to a folder given by name is followed; links inside are not
    } catch {
      /* opened later: the reader says why not */
    }
    if (isDir) walk(typeof path === 'string' ? Buffer.from(path) : path, arg, out);
    else out.push({ path, source: arg });
  }
  return out;
}
