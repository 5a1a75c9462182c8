/**
 * The layout of a chart's SVG around its plot: header (title, n), legend, the
 * unit of the value axis, and the footer (口径, note, source). One function, so
 * the page's chart and its 16:9 slide copy (drawn at another width) are laid
 * out alike, and the slide's plot can be given exactly the height that is left.
 */
import type { LegendItem } from './context';
import { textWidth, wrap } from './text';

export const TITLE = 15;
export const SMALL = 12;
export const FOOT = 11;
export const LH = 1.45;
/** The band of the unit line above the plot. */
export const UNIT_H = 16;

export interface ChromeText {
  title: string;
  n: string;
  legend: readonly LegendItem[];
  /** The unit line (“单位：件”), or '' for none. */
  unit: string;
  /** The definition, note and source lines as drawn (with their 口径：/注： prefixes). */
  foot: readonly string[];
}

export interface Chrome {
  titleLines: string[];
  nLines: string[];
  headerH: number;
  legendRows: { item: LegendItem; x: number; row: number }[];
  legendH: number;
  unitH: number;
  footLines: string[];
  /** Where the plot (with its padding) starts. */
  plotTop: number;
  /** Everything but the plot: total height = chrome + plot height. */
  height: number;
}

export function chrome(text: ChromeText, width: number): Chrome {
  const titleLines = wrap(text.title, width - 8, TITLE);
  const nLines = wrap(text.n, width - 8, SMALL);
  const headerH = titleLines.length * TITLE * LH + nLines.length * SMALL * LH + 6;
  const legendRows: Chrome['legendRows'] = [];
  let cx = 0,
    row = 0;
  for (const item of text.legend) {
    const w = 18 + textWidth(item.label, SMALL) + 14;
    if (cx > 0 && cx + w > width - 8) {
      cx = 0;
      row += 1;
    }
    legendRows.push({ item, x: cx, row });
    cx += w;
  }
  const legendH = text.legend.length ? (row + 1) * 18 + 4 : 0;
  const unitH = text.unit ? UNIT_H : 0;
  const footLines = text.foot.filter(Boolean).flatMap((l) => wrap(l, width - 8, FOOT));
  const plotTop = headerH + legendH + unitH;
  return {
    titleLines,
    nLines,
    headerH,
    legendRows,
    legendH,
    unitH,
    footLines,
    plotTop,
    height: plotTop + footLines.length * FOOT * LH + 6,
  };
}

/** A slide's shape and the least plot height a chart on it keeps. */
export const SLIDE_RATIO = 16 / 9;
export const SLIDE_WIDTH = 1200;
export const SLIDE_MIN_PLOT = 240;
/**
 * The drawing size of a chart's 16:9 copy: 1200 × 675 unless its text leaves the plot less than
 * SLIDE_MIN_PLOT — then wider (text wraps less, the slide is taller) until it fits. Widths are
 * multiples of 16, so the height is a whole number.
 */
export function slideSize(chromeAt: (width: number) => number): { width: number; height: number } {
  let width = SLIDE_WIDTH;
  while (width < 4 * SLIDE_WIDTH && (width * 9) / 16 - chromeAt(width) < SLIDE_MIN_PLOT) width += 16 * 8;
  return { width, height: (width * 9) / 16 };
}
