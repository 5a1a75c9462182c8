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

export interface TextLine {
  /** Top and bottom of the line's glyph boxes, PDF units (y grows upwards). */
  top: number;
  bottom: number;
  /** Left to right. */
  items: PdfItem[];
}

/** Fraction of the smaller glyph height two items must share vertically to sit on one line. */
const SAME_LINE = 0.5;
/** A gap wider than this fraction of the font size separates two items with a space. */
const WORD_GAP = 0.3;

export const isVisible = (i: PdfItem) => i.str.trim() !== '' && i.height > 0;

/** Items grouped into lines, top of the page first. */
export function groupLines(items: readonly PdfItem[]): TextLine[] {
  // Top of the page first; PDF y grows upwards.
  const sorted = items.filter(isVisible).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: TextLine[] = [];
  for (const it of sorted) {
    const top = it.y + it.height;
    const bottom = it.y;
    let line: TextLine | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 4; k--) {
      const l = lines[k];
      const overlap = Math.min(top, l.top) - Math.max(bottom, l.bottom);
      if (overlap >= SAME_LINE * Math.min(it.height, l.top - l.bottom)) {
        line = l;
        break;
      }
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
  for (const l of lines) l.items.sort((a, b) => a.x - b.x);
  return lines;
}

/** One line's items as text, with spaces where the page leaves a gap (about one per half em, like pdftotext -layout). */
export function lineText(items: readonly PdfItem[]): string {
  let out = '';
  let end = -Infinity;
  for (const p of items) {
    const gap = p.x - end;
    const marker = p.str === BLANK_MARK || out.endsWith(BLANK_MARK);
    if (out && (gap > WORD_GAP * p.height || marker)) {
      out += ' '.repeat(Math.max(1, Math.min(40, Math.round(gap / (p.height * 0.5)))));
    }
    out += p.str;
    end = Math.max(end, p.x + p.width);
  }
  return out;
}

export function layoutPage(items: readonly PdfItem[]): string[] {
  return groupLines(items).map((l) => lineText(l.items));
}
