/**
 * A web page's pictures on disk, for `mingjing parse page.html` (issue 18):
 * a relative `<img src>` is looked for beside the page, inside its folder
 * only — the path is made safe by pagePath (no `..` out, no absolute path, no
 * scheme), and a symbolic link that leads out of the folder is not followed.
 * Nothing is fetched. A saved page's `X_files/` folder is the page's: a
 * folder argument does not list its files as reports of their own.
 */
import { realpathSync } from 'node:fs';
import type { PageResources } from '../lib/report/io/resources';
import { readRegular } from './read-file';
import type { Input } from './inputs';

const SLASH = 0x2f;

/** The folder of a path given as a string or as bytes, with its trailing '/' ('' for a bare name). */
function folderOf(page: string | Uint8Array): Buffer {
  const b = Buffer.from(page);
  return b.subarray(0, b.lastIndexOf(SLASH) + 1);
}

export function diskResources(page: string | Uint8Array): PageResources {
  const dir = folderOf(page);
  let root: string | null = null;
  return {
    get(path) {
      const file = Buffer.concat([dir, Buffer.from(path)]);
      try {
        root ??= realpathSync(dir.length ? dir : '.');
        const real = realpathSync(file);
        if (!real.startsWith(root.endsWith('/') ? root : root + '/')) return null; // a link out of the folder
      } catch {
        return null;
      }
      const got = readRegular(file, path);
      return 'bytes' in got ? got.bytes : null;
    },
  };
}

const PAGE = /\.(?:html?|xhtml|shtml)$/i;

/** The inputs less the files inside a saved page's `X_files/` (or `X.files/`) folder when `X.html` is among them. */
export function withoutPageFolders(inputs: readonly Input[]): Input[] {
  const folders = inputs
    .filter((i) => PAGE.test(i.source))
    .flatMap((i) => {
      const stem = i.source.replace(PAGE, '');
      return [`${stem}_files/`, `${stem}.files/`];
    });
  if (folders.length === 0) return [...inputs];
  return inputs.filter((i) => !folders.some((f) => i.source.startsWith(f)));
}
