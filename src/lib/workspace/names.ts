/**
 * Ids and file names that may go into a path: inside an exported zip
 * (`texts/<id>.txt`, `originals/<id>/<name>`) and onto the disk of whoever
 * unpacks it. An id is a safe name or it is refused; a file name as dropped
 * is kept readable but reduced to one harmless path segment.
 */

/** An entry's or a correction's id: what this app generates (`w…`, `c…`), and nothing that can climb out of a folder. */
export const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const isSafeId = (id: unknown): id is string => typeof id === 'string' && SAFE_ID.test(id);

/** Control characters (C0, DEL, C1), and what Windows refuses in a name. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f<>:"|?*\\/]/g;
/** Characters that print as nothing (format characters, bidi overrides that would disguise an extension). */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
/** Names Windows reserves whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
const MAX_NAME = 120;

/**
 * One path segment from a name as dropped (`archive.zip/path/报告.pdf` → `报告.pdf`): the last part only,
 * no control or invisible characters, nothing Windows refuses, no leading dots (no `..`, no hidden files),
 * at most 120 characters with the extension kept; `file` when nothing is left.
 */
export function safeBaseName(name: string): string {
  const last =
    name
      .split(/[\\/]/)
      .filter((p) => p !== '')
      .pop() ?? '';
  let s = last
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE_CHARS, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (RESERVED.test(s)) s = `_${s}`;
  if ([...s].length > MAX_NAME) {
    const chars = [...s];
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = chars.slice(0, MAX_NAME - [...ext].length).join('') + ext;
  }
  return s || 'file';
}

/** Whether a segment is already what safeBaseName makes of it (a name read from a package is checked with this). */
export const isSafeBaseName = (s: string) => s !== '' && safeBaseName(s) === s;

/**
 * Whether a path inside a zip stays inside it: relative, `/`-separated, no empty, `.` or `..` part,
 * no backslash, no control character.
 */
export function isSafeZipPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(path) || /^[A-Za-z]:/.test(path))
    return false;
  const parts = path.replace(/\/$/, '').split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..');
}
