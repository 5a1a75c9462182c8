/**
 * Label damage on real report texts, for tests/alignment.test.ts: find where
 * a table row's label is printed, and print it split, shortened, mistyped or
 * renumbered, as reports and text extraction do.
 */
import { ACTIVE_ITEMS, REQUEST_ROWS, squeezeLabel } from '../../src/lib/report/formats';

/** Where a row's label is printed: the line, and the chunk of it (a cell, or a whitespace-free token in plain text). */
export interface LabelSite {
  key: string;
  table: 'requests' | 'active';
  line: number;
  start: number;
  end: number;
  text: string;
  plain: boolean;
}

const HEADINGS = {
  active: /^\s*二[、.]\s*主动公开/,
  requests: /^\s*三[、.]\s*收到和处理/,
  review: /^\s*四[、.]\s*政府信息公开行政复议/,
};

const NUMERIC = /^[\d,.]+$/;

/**
 * Chunks of a line: delimited cells (tab or |), or, in plain text, runs of
 * words that are not numbers, joined where one space parts them
 * (`4.无正当理由大量反复 申请`).
 */
function chunks(line: string): { start: number; end: number; text: string; plain: boolean }[] {
  const out: { start: number; end: number; text: string; plain: boolean }[] = [];
  const delimited = line.includes('\t') || line.trimStart().startsWith('|');
  const re = delimited ? /[^\t|]+/g : /\S+/g;
  for (const m of line.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const text = m[0].trim();
    if (!text) continue;
    const start = m.index! + lead;
    const last = out[out.length - 1];
    if (!delimited && last && start - last.end === 1 && !NUMERIC.test(text) && !NUMERIC.test(last.text)) {
      last.text = line.slice(last.start, start + text.length);
      last.end = start + text.length;
      continue;
    }
    out.push({ start, end: start + text.length, text, plain: !delimited });
  }
  return out;
}

/**
 * The chunk where each printed row's label is found by its pattern, rows in
 * format order, each after the one before (as the reader finds them).
 * `keys`: the rows the report prints (its expected record).
 */
export function labelSites(text: string, table: 'requests' | 'active', keys: ReadonlySet<string>): LabelSite[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => HEADINGS[table].test(l));
  const to = lines.findIndex((l, i) => i > from && (table === 'active' ? HEADINGS.requests : HEADINGS.review).test(l));
  if (from < 0) return [];
  const defs =
    table === 'requests'
      ? REQUEST_ROWS.filter((r) => keys.has(r.key)).map((r) => ({ key: r.key, match: r.match }))
      : ACTIVE_ITEMS.filter((it) => keys.has(it.item)).map((it) => ({ key: it.item, match: it.match }));
  const sites: LabelSite[] = [];
  let at = { line: from + 1, chunk: 0 };
  for (const d of defs) {
    search: for (let i = at.line; i < (to < 0 ? lines.length : to); i++) {
      const cs = chunks(lines[i]);
      for (let c = i === at.line ? at.chunk : 0; c < cs.length; c++) {
        // A label wrapped onto the next line (`4.无正当理由大量反` `复申请`) is found with that line's first
        // chunk, where the pattern begins in this one.
        const next = c === cs.length - 1 ? (chunks(lines.slice(i + 1).find((l) => l.trim()) ?? '')[0]?.text ?? '') : '';
        const own = squeezeLabel(cs[c].text);
        const wrapped = d.match.exec(squeezeLabel(cs[c].text + next));
        if (!d.match.test(own) && !(next && wrapped && wrapped.index < own.length)) continue;
        // A chunk that holds a group label and then the row's own numbered label: the row's label is the latter.
        const numbered = [...cs[c].text.matchAll(/\s\d{1,2}[.、．]/g)].pop();
        const from = numbered ? numbered.index! + 1 : 0;
        sites.push({ key: d.key, table, line: i, ...cs[c], start: cs[c].start + from, text: cs[c].text.slice(from) });
        at = { line: i, chunk: c + 1 };
        break search;
      }
    }
  }
  return sites;
}

export type Damage =
  | { kind: 'drop'; at: number }
  | { kind: 'mistype'; at: number }
  | { kind: 'number'; to: string }
  | { kind: 'cut'; at: number; len: number }
  | { kind: 'spaces'; at: number }
  /**
   * The label broken at `at`: in plain text its numbers stay after the first
   * part and the rest goes on the next line (a PDF's wrapped label, numbers on
   * its middle line); in delimited text it becomes two cells, or wraps.
   */
  | { kind: 'split'; at: number };

const NUMBER = /^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]{1,2}[）)]\s*|[一二三四五六七八九十]{1,2}、)/;
/** A character no label holds, in place of another (a typo, an OCR slip). */
const TYPO = '囗';

/**
 * Where a label may be broken: never next to an ASCII digit (a lone `1`
 * would read as a number, which is a different damage) or a space.
 */
export function cutPoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.length; i++) if (!/[0-9\s]/.test(s[i - 1]) && !/[0-9\s]/.test(s[i])) out.push(i);
  return out;
}

/** The label chunk with the damage applied; `rest` goes on a line of its own after the line (split). */
export function damageLabel(label: string, d: Damage): { label: string; rest?: string } {
  const n = label.length;
  const cut = (at: number) => {
    const ps = cutPoints(label);
    return ps.length ? ps[at % ps.length] : n;
  };
  switch (d.kind) {
    case 'drop':
      return { label: label.slice(0, d.at % n) + label.slice((d.at % n) + 1) };
    case 'mistype': {
      const i = d.at % n;
      return { label: label.slice(0, i) + TYPO + label.slice(i + 1) };
    }
    case 'number':
      return { label: d.to + label.replace(NUMBER, '') };
    case 'cut': {
      const i = d.at % n;
      return { label: label.slice(0, i) + label.slice(i + Math.min(d.len, n - i - 1)) };
    }
    case 'spaces': {
      const i = cut(d.at);
      return { label: `${label.slice(0, i)} ${label.slice(i)}` };
    }
    case 'split': {
      const i = cut(d.at);
      return { label: label.slice(0, i), rest: label.slice(i) };
    }
  }
}

/** The text with the damage applied to the site's label. Sites are applied last line first, so indexes hold. */
export function applyDamage(text: string, site: LabelSite, d: Damage): string {
  const lines = text.split('\n');
  const line = lines[site.line];
  const { label, rest } = damageLabel(site.text, d);
  const kept = label.trim() === '' ? '囗' : label; // a label never vanishes entirely: that is a different test
  if (!rest || site.plain) {
    lines[site.line] = line.slice(0, site.start) + kept + line.slice(site.end);
    if (rest) lines.splice(site.line + 1, 0, rest);
    return lines.join('\n');
  }
  // Delimited: the label wrapped onto a line of its own (cell per line), broken over two cells (tab-separated),
  // or broken by a space (markdown: a cell more would shift the row against its table's grid, which no converter does).
  const cellPerLine = line.startsWith('\t') && line.indexOf('\t', 1) < 0;
  const sep = line.includes('|') ? ' ' : cellPerLine ? '\n' : '\t';
  lines[site.line] = line.slice(0, site.start) + kept + sep + rest + line.slice(site.end);
  return lines.join('\n');
}
