/**
 * The first character of an OCR'd line is tesseract's weakest (四、 comes
 * back as 男、 or 切、), and the parser finds a report's sections by their
 * numbered headings. A line that reads as one of the six standard headings
 * except for its numeral gets the numeral the rest of the heading names.
 */
import { SECTION_HEADINGS, squeezeLabel } from '../formats';

const NUMERALS = '一二三四五六';
/** Each section's numeral and the words that make its heading unmistakable (五 and 六 by their standard titles). */
const BY_WORDS: [string, RegExp][] = [
  ['一', SECTION_HEADINGS.overview],
  ['二', SECTION_HEADINGS.active],
  ['三', SECTION_HEADINGS.requests],
  ['四', SECTION_HEADINGS.review],
  ['五', /^五[、.]存在的?主要问题/],
  ['六', /^六[、.]其他需要报告/],
];

export function mendHeading(line: string): string {
  // One character misread, or split in two (四 → 了区).
  const m = /^(\s*)(\S{1,2}?)([、.].*)$/su.exec(line);
  if (!m || NUMERALS.includes(m[2])) return line;
  const hits = BY_WORDS.filter(([n, re]) => re.test(squeezeLabel(n + m[3])));
  return hits.length === 1 ? m[1] + hits[0][0] + m[3] : line;
}
