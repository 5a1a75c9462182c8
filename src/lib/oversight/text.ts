/**
 * Narrative text for the oversight tools: the prose of a report's sections
 * 一 (总体情况) and 五 (存在的主要问题及改进情况), squeezed and cut into
 * sentences that remember the line they start on.
 *
 *   narrativeSections(text)  → { overview, problems }: the lines of each section (heading excluded)
 *   squeeze(lines)           → the text without whitespace, with the source line of every character
 *   sentences(lines)         → Sentence[]: squeezed sentences, each with its first line
 *   proseLines(text)         → the lines outside the table sections 二–四
 *
 * Whitespace is dropped entirely: PDF text wraps a sentence across lines and
 * spaces out characters (`本 报 告`), and Chinese prose needs no spaces.
 * Sections are found by the report parser's own section finder.
 */
import { findSections } from '../report/parse/sections';
import { toLines, type SourceLine } from '../report/text/lines';

export interface Sentence {
  /** The sentence squeezed (no whitespace), punctuation kept. */
  text: string;
  /** 1-based line where it starts in the report text. */
  line: number;
}

export interface Squeezed {
  text: string;
  /** Source line (1-based) of each character of `text`. */
  lineAt: Int32Array;
}

export interface NarrativeSections {
  /** 一、总体情况, without its heading line; empty when the section is not found. */
  overview: SourceLine[];
  /** 五、存在的主要问题及改进情况, without its heading line. */
  problems: SourceLine[];
}

/** A line that opens a new item: （一）, 一、, 1. , 一是 — a sentence boundary even without 。. */
const ITEM_START =
  /^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]是)/;

export function narrativeSections(text: string): NarrativeSections {
  const lines = toLines(text);
  const s = findSections(lines);
  const body = (r: { start: number; end: number } | undefined) => (r ? lines.slice(r.start + 1, r.end) : []);
  return { overview: body(s.overview), problems: body(s.problems) };
}

export function squeeze(lines: readonly SourceLine[], breakAtItems = false): Squeezed {
  const chars: string[] = [];
  const at: number[] = [];
  for (const l of lines) {
    // A break marker (never in report text) where an item heading starts a line.
    if (breakAtItems && ITEM_START.test(l.text) && chars.length) {
      chars.push('\u0001');
      at.push(l.no);
    }
    for (const c of l.text) {
      if (/\s/.test(c)) continue;
      chars.push(c);
      at.push(l.no);
    }
  }
  return { text: chars.join(''), lineAt: Int32Array.from(at) };
}

/** Sentences end at 。！？；, and where a line starts a new numbered item. */
export function sentences(lines: readonly SourceLine[]): Sentence[] {
  const sq = squeeze(lines, true);
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const t = sq.text.slice(start, end).replace(/\u0001/g, '');
    if (t.length > 1) out.push({ text: t, line: sq.lineAt[start] });
  };
  for (let i = 0; i < sq.text.length; i++) {
    const c = sq.text[i];
    if (c === '\u0001') {
      push(i);
      start = i + 1;
      continue;
    }
    if ('。！？；;!?'.includes(c)) {
      push(i + 1);
      start = i + 1;
    }
  }
  push(sq.text.length);
  return out;
}

/**
 * The report's prose: every line except the table sections 二, 三 and 四
 * (their row labels would match plan phrases such as 行政规范性文件).
 * Without any section heading, the whole text.
 */
export function proseLines(text: string): SourceLine[] {
  const lines = toLines(text);
  const s = findSections(lines);
  const tables = [s.active, s.requests, s.review].filter((r): r is { start: number; end: number } => !!r);
  return lines.filter((_, i) => !tables.some((r) => i >= r.start && i < r.end));
}
