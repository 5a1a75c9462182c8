/**
 * The pictures a web page shows (issue 18): many county sites put the three
 * tables on the report page as `<img>`s. The reader never fetches anything a
 * user's file names — no network, whatever the page says. A picture is had
 * only from the file itself (a `data:` URI) or from what the caller hands in
 * with the page (`PageResources`): the files of a saved page's `X_files/`
 * folder, dropped with it or in the same .zip, or — in the CLI — the files
 * beside the page on disk, inside its folder only.
 */
import { isPicture } from './sniff';
import { MAX_BYTES } from '../../limits/files';

/** The files a page may name by a relative `src`: its folder's, by a path made safe by `pagePath`. */
export interface PageResources {
  /** The bytes of the file at `path` (relative to the page's folder, `/`-separated, no `..`), or null: not there. */
  get(path: string): Promise<Uint8Array | null> | Uint8Array | null;
  /** A part of the file itself named by the src as written (an .mht's Content-Location or cid:), tried first. */
  part?(src: string): Uint8Array | null;
}

/** At most this many pictures of one page are read by OCR (a table is one to three pictures; a page's icons are not tables). */
export const PAGE_MAX_PICTURES = 12;
/** A picture smaller than this on either side is an icon, a bullet or a logo, never a table of numbers. */
export const PICTURE_MIN_SIDE = 120;

/** A picture of the page: its bytes, or why it is not read. */
export type Picture = { src: string; bytes: Uint8Array } | { src: string; reason: string };

/**
 * A relative `src` as a path inside the page's folder: %-escapes decoded, `\` as `/`, `./` dropped, `..`
 * resolved — null when it is not such a path (a scheme, an absolute path, or one that leaves the folder).
 */
export function pagePath(src: string): string | null {
  let s = src.trim().replace(/[?#].*$/, '');
  try {
    s = decodeURIComponent(s);
  } catch {
    /* a stray % stays as it is */
  }
  s = s.replace(/\\/g, '/');
  if (s === '' || s.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(s)) return null;
  const parts: string[] = [];
  for (const p of s.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return null; // out of the page's folder
      parts.pop();
    } else parts.push(p);
  }
  return parts.length ? parts.join('/') : null;
}

/** A `data:` URI's bytes (base64 or %-encoded), or null when it is not one. */
export function dataUri(src: string): Uint8Array | null {
  const m = /^\s*data:([^,]*),(.*)$/is.exec(src);
  if (!m) return null;
  const body = m[2].replace(/\s+/g, '');
  if (/;base64$/i.test(m[1])) {
    try {
      const bin = atob(body);
      return Uint8Array.from(bin, (c) => c.charCodeAt(0));
    } catch {
      return null;
    }
  }
  try {
    return new TextEncoder().encode(decodeURIComponent(body));
  } catch {
    return null;
  }
}

/** A data: URI holding these bytes (what a saved page's pictures are folded into, see inlinePictures). */
export function toDataUri(bytes: Uint8Array): string {
  const type = bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
  return `data:${type};base64,${btoa(binary(bytes))}`;
}

const short = (src: string) => (src.length > 60 ? src.slice(0, 57) + '…' : src);

/** One `src` resolved: from the page itself (data:), from the resources handed in, or why not — never fetched. */
export async function resolvePicture(src: string, resources?: PageResources): Promise<Picture> {
  let bytes: Uint8Array | null;
  const own = resources?.part?.(src);
  if (own) bytes = own;
  else if (/^\s*data:/i.test(src)) {
    bytes = dataUri(src);
    if (!bytes) return { src: 'data:', reason: '网页内嵌的图片（data:）无法解码' };
    src = 'data:';
  } else {
    if (/^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src) && !/^\s*file:/i.test(src))
      return { src, reason: `图片“${short(src)}”在网上，不在文件中；明镜不联网下载` };
    const path = pagePath(src);
    if (path === null) return { src, reason: `图片“${short(src)}”不在网页所在的文件夹内，未读取` };
    bytes = resources ? await resources.get(path) : null;
    if (!bytes) return { src, reason: `图片“${short(src)}”不在导入的文件中（请连同网页的“_files”文件夹一起导入）` };
  }
  if (bytes.length > MAX_BYTES.image) return { src, reason: `图片“${short(src)}”超过图片的大小上限，未读取` };
  if (!isPicture(bytes)) return { src, reason: `“${short(src)}”不是 JPEG 或 PNG 图片，未识别` };
  return { src, bytes };
}

/** Resources from files already in memory, by their path relative to the page's folder. */
export function mapResources(files: ReadonlyMap<string, Uint8Array>): PageResources {
  return { get: (path) => files.get(path) ?? null };
}

/**
 * A page's pictures folded into it: each `<img src>` that names one of `files` (a saved page's `X_files/`
 * pictures) becomes a data: URI, so the page is one self-contained file — stored, exported and read again
 * like any other. Done on the bytes as Latin-1 (one char per byte), so a GBK page stays GBK; `decodeSrc`
 * turns a src's bytes into the name in the page's own charset.
 */
export function inlinePictures(
  page: Uint8Array,
  files: ReadonlyMap<string, Uint8Array>,
  decodeSrc: (latin1: string) => string,
): { bytes: Uint8Array; used: Set<string> } {
  const used = new Set<string>();
  // By hand, not TextDecoder('latin1'): that is windows-1252, which does not give back GBK's bytes 0x80–0x9F.
  const latin1 = binary(page);
  const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const out = latin1.replace(
    /(<img\b[^>]*?\bsrc\s*=\s*)(["']?)([^"'\s>]+)\2/gi,
    (all, pre: string, q: string, src: string) => {
      const path = pagePath(decodeSrc(src));
      const bytes = path === null ? undefined : files.get(path);
      if (!bytes || !isPicture(bytes)) return all;
      used.add(path!);
      return `${pre}"${toDataUri(bytes)}"`;
    },
  );
  return { bytes: used.size ? bytesOf(out) : page, used };
}

/** Bytes as a string of one char per byte (U+0000–U+00FF). */
export function binary(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}
