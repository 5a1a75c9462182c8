/**
 * Positioned text items of a PDF page → lines of text, the way a reader sees
 * them: items that share a baseline band form one line, ordered left to
 * right, with spaces where the page leaves a gap. Items that touch are joined
 * without a space, so a number the PDF drew in pieces ("1" "0") stays "10";
 * items a gap apart are never merged, so two cells never become one number.
 */

/** Private-use character the parser reads as a blank cell; never printed by a report. */
export const BLANK_MARK = '\uE000';

export interface PdfItem {
  str: string;
  x: number;
  /** Baseline, PDF units, growing upwards. */
  y: number;
  width: number;
  /** Font size (height of the glyph box). */
  height: number;
}

interface Line { top: number; bottom: number; items: PdfItem[] }

/** Fraction of the smaller glyph height two items must share vertically to sit on one line. */
const SAME_LINE = 0.5;
/** A gap wider than this fraction of the font size separates two items with a space. */
const WORD_GAP = 0.3;

export function layoutPage(items: readonly PdfItem[]): string[] {
  const visible = items.filter((i) => i.str.trim() !== '' && i.height > 0);
  // Top of the page first; PDF y grows upwards.
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of sorted) {
    const top = it.y + it.height;
    const bottom = it.y;
    let line: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 4; k--) {
      const l = lines[k];
      const overlap = Math.min(top, l.top) - Math.max(bottom, l.bottom);
      if (overlap >= SAME_LINE * Math.min(it.height, l.top - l.bottom)) { line = l; break; }
    }
    if (line) {
      line.items.push(it);
      line.top = Math.max(line.top, top);
      line.bottom = Math.min(line.bottom, bottom);
    } else {
      lines.push({ top, bottom, items: [it] });
    }
  }
  lines.sort((a, b) => b.top - a.top);
  return lines.map((l) => {
    const parts = l.items.sort((a, b) => a.x - b.x);
    let out = '';
    let end = -Infinity;
    for (const p of parts) {
      const gap = p.x - end;
      const marker = p.str === BLANK_MARK || out.endsWith(BLANK_MARK);
      if (out && (gap > WORD_GAP * p.height || marker)) {
        // Roughly one space per half em of gap, like pdftotext -layout, at least one.
        out += ' '.repeat(Math.max(1, Math.min(40, Math.round(gap / (p.height * 0.5)))));
      }
      out += p.str;
      end = Math.max(end, p.x + p.width);
    }
    return out;
  });
}
