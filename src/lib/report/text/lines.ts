/**
 * Text preparation: the one place where characters are changed. Every change
 * is one character for one character, so a (line, column) found later points
 * at the same place in the file the user gave us.
 */

export interface SourceLine {
  /** 1-based line number in the original text. */
  no: number;
  text: string;
}

const FULLWIDTH_DIGIT = /[０-９]/g;
/** Spaces that PDFs and web pages leave behind: NBSP, ideographic space, form feed, zero-width. */
const ODD_SPACE = /[\u00a0\u3000\f\u2002-\u200b\ufeff]/g;

/** Page footers that PDF text extraction leaves in the middle of a table. */
const FOOTER = [
  /^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$/, // -3-   — 3 —
  /^\s*第\s*\d{1,3}\s*页\s*(?:[，,/／]?\s*共\s*\d{1,3}\s*页)?\s*$/, // 第3页 共6页
  /^\s*\d{1,3}\s*[/／]\s*\d{1,3}\s*$/, // 3/6
];

export function isFooter(line: string): boolean {
  return FOOTER.some((re) => re.test(line));
}

/** Full-width digits and odd spaces, in one pass (this runs over every character of every report). */
const TO_NORMALIZE = new RegExp(`${FULLWIDTH_DIGIT.source}|${ODD_SPACE.source}`, 'g');

export function normalizeChars(text: string): string {
  return text.replace(TO_NORMALIZE, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xff10 + 0x30) : ' ';
  });
}

/** Split into lines (any line ending), normalize characters, blank out page footers. */
export function toLines(text: string): SourceLine[] {
  const raw = normalizeChars(text).split(/\r\n|\r|\n/);
  // A footer is a short line; only short lines are tested against the footer patterns.
  return raw.map((t, i) => ({ no: i + 1, text: t.length <= 24 && isFooter(t) ? '' : t }));
}
