/** Locate the six numbered sections of a report by their headings. */
import { SECTION_HEADINGS, squeezeLabel, type SectionKey } from '../formats';
import type { SourceLine } from '../text/lines';

export interface SectionRange {
  /** Index (0-based, into the line array) of the heading line. */
  start: number;
  /** Index one past the last line of the section. */
  end: number;
}

export type Sections = Partial<Record<SectionKey, SectionRange>>;

const HEAD_CHAR = /^[\s|]*[一二三四五六]/;
const ORDER: SectionKey[] = ['overview', 'active', 'requests', 'review', 'problems', 'other'];

/**
 * Headings are searched in order, each after the previous one found, so a
 * phrase like 四、结转下年度继续办理 inside 表三 is never taken for section 四.
 */
export function findSections(lines: readonly SourceLine[]): Sections {
  const found: { key: SectionKey; at: number }[] = [];
  let from = 0;
  for (const key of ORDER) {
    const re = SECTION_HEADINGS[key];
    for (let i = from; i < lines.length; i++) {
      const t = lines[i].text;
      // A heading is a short line of its own (tables and paragraphs are longer),
      // and starts with its numeral: test that before squeezing the line.
      if (t.length > 80 && !t.includes('\t')) continue;
      if (!HEAD_CHAR.test(t)) continue;
      if (re.test(squeezeLabel(t))) {
        found.push({ key, at: i });
        from = i + 1;
        break;
      }
    }
  }
  const out: Sections = {};
  found.forEach((f, i) => {
    out[f.key] = { start: f.at, end: i + 1 < found.length ? found[i + 1].at : lines.length };
  });
  return out;
}
