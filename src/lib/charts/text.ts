/** Text in the SVG: the font stack, width estimates and line wrapping (no DOM measuring, so it also works in SSR). */
import { format } from 'd3';

/** Text in the charts (the PNG export puts its embedded font in front of this). */
export const FONT = "'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif";

const WIDE = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u3000-\u303F]/;
/** Estimated advance of a string: CJK and full-width characters 1 em, the rest about 0.6 em. */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? size : size * 0.6;
  return w;
}

/** Greedy wrapping to a width; Chinese may break between any two characters, Latin words stay whole. */
export function wrap(s: string, width: number, size: number): string[] {
  const lines: string[] = [];
  for (const para of s.split('\n')) {
    const tokens = para.match(/[A-Za-z0-9.,%()+\-−×÷=<>/_]+|\s+|./gu) ?? [];
    let line = '';
    for (const t of tokens) {
      if (line && textWidth(line + t, size) > width) {
        lines.push(line.trimEnd());
        line = t.trimStart();
      } else line += t;
    }
    if (line) lines.push(line);
  }
  return lines.length ? lines : [''];
}

/** Cut a label to a width with an ellipsis (the full label stays in the tooltip and the table). */
export function clip(s: string, width: number, size: number): string {
  if (textWidth(s, size) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(out + ch + '…', size) > width) break;
    out += ch;
  }
  return out + '…';
}

export const fmtCount = format(',');
export const fmtShare = format('.0%');
/** A value for a chart label: blank shown as —, never as 0. */
export const show = (v: number | null | undefined, f: (n: number) => string = fmtCount) =>
  v === null || v === undefined ? '—' : f(v);

/**
 * An axis label in at most `maxLines` lines of `width`. A label may end in a
 * part after a line break (`name\n2021`) that must stay readable — the year that
 * tells two reports of one body apart: it is kept whole on the last line and
 * only the part before it is cut (with …). A label that fits on one line reads
 * as one line (the break is a space there).
 */
export function fitLabel(s: string, width: number, size: number, maxLines: number): string[] {
  const cut = s.lastIndexOf('\n');
  const flat = s.replace(/\n/g, ' ');
  const whole = wrap(flat, width, size);
  if (whole.length <= maxLines) return whole;
  if (cut < 0 || maxLines < 2) {
    const head = whole.slice(0, maxLines);
    head[maxLines - 1] = clip(whole.slice(maxLines - 1).join(''), width, size);
    return head;
  }
  const tail = clip(s.slice(cut + 1), width, size);
  const lines = wrap(s.slice(0, cut).replace(/\n/g, ' '), width, size);
  const room = maxLines - 1;
  const head = lines.slice(0, room);
  if (lines.length > room) head[room - 1] = clip(lines.slice(room - 1).join(''), width, size);
  return [...head, tail];
}
