/**
 * A saved web page and its pictures, dropped together or in one .zip (issue
 * 18): as Chrome, Edge, IE and 360 save "网页，全部" — `报告.html` and a folder
 * `报告_files/` (or `报告.files/`) beside it. The pictures belong to the page:
 * they are folded into it as data: URIs (report/io/resources.ts
 * inlinePictures), so the page is ONE file — stored, listed, exported and read
 * again like any other — and they are not listed as reports of their own. The
 * page's other files (styles, scripts, icons in its folder) go with it.
 */
import { declaredCharset, isGbk } from '$lib/report/io/sniff';
import { inlinePictures } from '$lib/report/io/resources';
import type { InputFile } from './inputs';

const PAGE = /\.(?:html?|xhtml|shtml)$/i;

/** The folders a browser saves a page's files into, for the page `stem`. */
const folderOf = (stem: string) => [`${stem}_files/`, `${stem}.files/`];

/** The src bytes (one char per byte) as the name the page means, in its own charset. */
function srcDecoder(page: Uint8Array): (latin1: string) => string {
  const decoder = new TextDecoder(isGbk(declaredCharset(page)) ? 'gb18030' : 'utf-8');
  return (s) => decoder.decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

/** The files with each saved page's pictures folded into it, and the page's folder taken out of the list. */
export function groupSavedPages(files: readonly InputFile[]): InputFile[] {
  const pages = files.filter((f) => PAGE.test(f.name) && !f.reason && f.bytes.length > 0);
  if (pages.length === 0) return [...files];
  const taken = new Set<InputFile>();
  const replaced = new Map<InputFile, InputFile>();
  for (const page of pages) {
    const slash = page.name.lastIndexOf('/');
    const dir = page.name.slice(0, slash + 1);
    const stem = page.name.slice(slash + 1).replace(PAGE, '');
    // The files under the page's folder, by their path from it (what a relative src names).
    const near = new Map<string, InputFile>();
    for (const f of files) if (f !== page && f.name.startsWith(dir)) near.set(f.name.slice(dir.length), f);
    const own = [...near.entries()].filter(([rel]) => folderOf(stem).some((d) => rel.startsWith(d)));
    const bytes = new Map([...near].filter(([, f]) => !f.reason).map(([rel, f]) => [rel, f.bytes]));
    const { bytes: inlined, used } = inlinePictures(page.bytes, bytes, srcDecoder(page.bytes));
    if (used.size === 0 && own.length === 0) continue;
    for (const [, f] of own) taken.add(f);
    for (const rel of used) taken.add(near.get(rel)!);
    if (used.size) replaced.set(page, { ...page, bytes: inlined });
  }
  return files.filter((f) => !taken.has(f) || replaced.has(f)).map((f) => replaced.get(f) ?? f);
}
