/**
 * Bytes → text for report files: UTF-8 (with or without BOM), UTF-16 with a
 * BOM, and otherwise GB18030 (a superset of GBK and GB2312). Works the same
 * in Node and in the browser (TextDecoder with full ICU in both).
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

// Made once: a decoder keeps no state between whole-buffer decodes, and making one costs more than a small file.
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });
const decoders = new Map<TextEncodingName, TextDecoder>();
const decoder = (e: TextEncodingName) => decoders.get(e) ?? decoders.set(e, new TextDecoder(e)).get(e)!;

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  // ignoreBOM: false strips the BOM, so columns count from the first real character.
  const fixed: TextEncodingName | null =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8' : utf16Bom(bytes);
  if (fixed) return { text: decoder(fixed).decode(bytes), encoding: fixed };
  // Valid UTF-8 is UTF-8, decoded by the same pass that checked it; anything else is read as GB18030.
  try {
    return { text: UTF8_STRICT.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** A UTF-16 byte-order mark (either order): the text is UTF-16, and its NUL bytes are half of its ASCII characters. */
export function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Control characters other than TAB, LF, VT, FF, CR: text has almost none, binary files many. */
const isControl = (c: number) => c < 9 || (c > 13 && c < 32);

/**
 * Characters a report's text is made of, in any script a Chinese government
 * body writes: ASCII and Latin, general and CJK punctuation, enclosed numbers,
 * box drawing, CJK ideographs, full-width forms; Arabic (Uyghur), Tibetan,
 * Mongolian.
 */
const TEXTLIKE =
  /[\t\n\v\f\r\x20-\x7e\xa0-\u02ff\u0600-\u06ff\u0f00-\u0fff\u1800-\u18af\u2000-\u206f\u2460-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/g;

/**
 * Bytes that are plainly not text (images, archives, executables): a NUL, or
 * more than 10% control characters, in the first 4 KB. Text in UTF-16 with a
 * BOM is judged by its characters, not its bytes: any two bytes make some
 * character, so there most of them must also be characters text is made of.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const bom = utf16Bom(bytes);
  if (bom) {
    const text = new TextDecoder(bom).decode(bytes.subarray(2, 4098));
    let control = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0) return true;
      if (isControl(c)) control++;
    }
    const textlike = text.match(TEXTLIKE)?.length ?? 0;
    return text.length > 0 && (control / text.length > 0.1 || textlike / text.length < 0.7);
  }
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (isControl(b)) control++;
  }
  return n > 0 && control / n > 0.1;
}
