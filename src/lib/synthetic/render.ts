/**
 * Re-render the numbers of a report record as a complete report text, with
 * its tables laid out the way real reports print them: PDF text (wrapped and
 * vertical labels, page footers), one cell per line, markdown and
 * tab-separated tables. The property tests (tests/properties.test.ts) parse
 * the text back and expect the same numbers; sample-texts.ts prints a sample
 * of the synthetic data set with it, so the parse benchmark (bench/parse.ts)
 * times the parser on whole reports. No fast-check here: the layouts are
 * drawn by the callers.
 *
 * Every row label, column label and group label comes from formats.ts, so a
 * table here is the table the format prescribes. The few header words that
 * formats.ts does not hold (申请人情况, 第二十条第（五）项 …) are below; none
 * contains a digit, and the narrative holds no number at all, so nothing
 * outside the table cells can be read as (or contradict) a value.
 *
 * The layout is a description chosen by fast-check (or, for the synthetic
 * sample, by a seeded PRNG): a few switches per table plus a list of small
 * integers (`choices`) that decide the details — where a label wraps, where
 * a footer falls. Choices run out to 0, the plainest option, so shrinking a
 * failing case makes its layout simpler.
 */
import {
  ACTIVE_ITEMS,
  OUTCOME_GROUPS,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  squeezeLabel,
  type FormatId,
  type RequestRowKey,
} from '../report/formats';

export type Cell = number | null;

/** The numbers of a report: the fields of an `*.expected.json` this renderer prints. */
export interface ReportNumbers {
  agency: string;
  year: number;
  format: FormatId;
  active: Record<string, Cell>;
  requests: Partial<Record<RequestRowKey, Cell[]>>;
  review: Cell[];
  litigation_direct: Cell[];
  litigation_after_review: Cell[];
}

/*
 * Three layouts the parser once read wrong are generated like every other
 * (their reproductions were tests/output/parser-bugs/01–03, all fixed):
 * 01 a group label printed as a row of its own with blank cells above its
 * sub-rows (`| （六）其他处理 |  |  | … |`); 02 markdown filler before a row
 * with no label (表四's data row) whose last cell is blank; 03 表四 printed
 * with all 15 cells blank (delimited): 15 blanks, not a missing table.
 */

/* ------------------------------------------------------------- layout */

/** (1) plain PDF text, (2) one cell per line, (3) markdown, (4) tab-separated. */
export type TableKind = 'plain' | 'cells' | 'markdown' | 'tsv';
export const TABLE_KINDS: readonly TableKind[] = ['plain', 'cells', 'markdown', 'tsv'];
/** Layouts that mark cell boundaries, so that a blank cell can be printed. */
export const DELIMITED_KINDS: readonly TableKind[] = ['cells', 'markdown', 'tsv'];

export interface TableLayout {
  kind: TableKind;
  /** (5) Group labels broken into single characters, one per line, between the data rows. */
  vertical: boolean;
  /** Delimited layouts: a group label on a row of its own instead of sharing its first sub-row (rowspan). */
  groupOwnRow: boolean;
  /** (6) Spaces (ASCII or ideographic) inside labels. */
  spaces: boolean;
  /** (6) Extra blank lines between rows (and, in plain text, between any lines). */
  blankLines: boolean;
  /** (7) Page footers (`-3-`, `第3页 共6页` …) and form feeds in the middle of the table. */
  pageBreaks: boolean;
  /** (8) Half-width brackets `(一)` for some or all of the full-width ones `（一）`. */
  halfWidth: boolean;
  /** (8) What follows an item number: `1.` `1、` `1．`. */
  itemSep: '.' | '、' | '．';
  /** Header words broken into single characters (or spaced out, in delimited layouts). */
  brokenHeader: boolean;
  /**
   * (3) Markdown: an extra empty column at the start or end of some rows
   * (ragged), or whole empty columns at the start and end of the table (grid).
   */
  filler: boolean;
  /**
   * (3) Markdown as converters print a web page's table: every row as wide
   * as the table, the cells a rowspan or colspan covers printed empty (so a
   * colspan label is followed by empty cells before its numbers), column
   * labels over their columns. Otherwise ragged: each row only its own cells.
   */
  grid: boolean;
  /** Numbers of 1000 and more printed with thousands separators (3,985,758). */
  thousands: boolean;
  /** Delimited layouts: some blank cells printed as a dash (`-` `—` `/`) instead of nothing. */
  dashes: boolean;
  /** The details; see the file comment. */
  choices: number[];
}

export interface Layout {
  /** The title on one line or two (agency, then year and 年度报告). */
  titleSplit: boolean;
  active: TableLayout;
  requests: TableLayout;
  review: TableLayout;
}

/** Draws the detail choices of one table, in order; 0 once they run out. */
class Dice {
  private i = 0;
  constructor(private readonly xs: readonly number[]) {}
  /** An integer in [0, n). */
  int(n: number): number {
    if (n <= 1) return 0;
    const x = this.xs[this.i++];
    return x === undefined ? 0 : x % n;
  }
  flip(): boolean {
    return this.int(2) === 1;
  }
  /** A sorted choice of `k` distinct elements of `xs`. */
  some<T>(xs: readonly T[], k: number): T[] {
    const pool = [...xs];
    const out: number[] = [];
    for (let j = 0; j < k && pool.length; j++) out.push(xs.indexOf(pool.splice(this.int(pool.length), 1)[0]));
    return out.sort((a, b) => a - b).map((i) => xs[i]);
  }
}

/* -------------------------------------------------------- table model */

/** Header words of the national format that formats.ts does not spell (they anchor nothing). */
const OUTCOME_HEADING = '三、本年度办理结果';
const REQUEST_HEADER_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const APPLICANTS = '申请人情况';
const ORGANISATIONS = '法人或其他组织';
const ACTIVE_CONTENT = '信息内容';
/** 第二十条第（X）项: the clause of the regulation each 表二 item reports under. */
const ACTIVE_CLAUSE: Record<string, string> = {
  regulations: '一',
  normative_documents: '一',
  licensing: '五',
  other_services: '五',
  penalty: '六',
  enforcement: '六',
  fees: '八',
  procurement: '九',
};

interface Printed {
  value: Cell;
  unit?: '元';
}

/** A group label (rowspan) that starts at a data row and covers `span` printed data rows. */
interface GroupStart {
  label: string;
  span: number;
  /** The label anchors a row of its own when whole (（六）其他处理). */ anchors: boolean;
}

type Row =
  | {
      kind: 'header';
      cells: string[];
      /** The data column each cell stands over (0 = the first column of numbers); null for the label columns. */
      cols: (number | null)[];
      /** first row of a (sub-)table: markdown puts its separator after it */
      first: boolean;
    }
  | {
      kind: 'data';
      label: string | null;
      match: RegExp | null;
      cells: Printed[];
      groups: GroupStart[];
      /** inside a rowspan, not its first row */ continued: number;
    };

function activeRows(r: ReportNumbers): Row[] {
  const rows: Row[] = [];
  let clause = '';
  for (const it of ACTIVE_ITEMS) {
    const measures = it.measures[r.format];
    if (!measures) continue;
    if (ACTIVE_CLAUSE[it.item] !== clause) {
      clause = ACTIVE_CLAUSE[it.item];
      rows.push({ kind: 'header', cells: [`第二十条第（${clause}）项`], cols: [null], first: true });
      rows.push({
        kind: 'header',
        cells: [ACTIVE_CONTENT, ...measures.map((m) => (m.unit ? `${m.label}（单位：${m.unit}）` : m.label))],
        cols: [null, ...measures.map((_, i) => i)],
        first: false,
      });
    }
    const cells = measures.map((m): Printed => {
      const key = `${it.item}.${m.key}`;
      // An amount the report printed in 元 is kept under amount_yuan and printed with its unit.
      const inYuan = `${it.item}.amount_yuan`;
      if (m.unit === '万元' && !(key in r.active) && inYuan in r.active) return { value: r.active[inYuan], unit: '元' };
      if (!(key in r.active)) throw new Error(`render: record has no active.${key}`);
      return { value: r.active[key] };
    });
    rows.push({ kind: 'data', label: it.label, match: it.match, cells, groups: [], continued: 0 });
  }
  return rows;
}

function requestRows(r: ReportNumbers, d: Dice): Row[] {
  const printed = REQUEST_ROWS.filter((def) => r.requests[def.key]);
  const note = d.flip();
  const rows: Row[] = [
    {
      kind: 'header',
      cells: note ? [REQUEST_HEADER_NOTE, APPLICANTS] : [APPLICANTS],
      cols: note ? [null, 0] : [0],
      first: true,
    },
    {
      kind: 'header',
      cells: [REQUEST_COLUMNS[0].label, ORGANISATIONS, REQUEST_COLUMNS[6].label],
      cols: [0, 1, 6],
      first: false,
    },
    { kind: 'header', cells: REQUEST_COLUMNS.slice(1, 6).map((c) => c.label), cols: [1, 2, 3, 4, 5], first: false },
  ];
  const outcome = printed.filter((def) => def.group || def.key === 'processed_total');
  for (const def of printed) {
    const groups: GroupStart[] = [];
    let continued = 0;
    if (def === outcome[0]) groups.push({ label: OUTCOME_HEADING, span: outcome.length, anchors: false });
    else if (outcome.includes(def)) continued++;
    // Sub-rows (1. 2. …) print their group label before the first of them.
    if (def.group && /^\d/.test(def.label)) {
      const subs = printed.filter((s) => s.group === def.group && /^\d/.test(s.label));
      const label = OUTCOME_GROUPS[def.group].label;
      if (def === subs[0])
        groups.push({ label, span: subs.length, anchors: REQUEST_ROWS.some((x) => x.match.test(label)) });
      else continued++;
    }
    rows.push({
      kind: 'data',
      label: def.label,
      match: def.match,
      cells: r.requests[def.key]!.map((value) => ({ value })),
      groups,
      continued,
    });
  }
  return rows;
}

function reviewRows(r: ReportNumbers): Row[] {
  const words = REVIEW_GROUPS.map((g) => g.label.split(' '));
  const top = [...new Set(words.map((w) => w[0]))]; // 行政复议 行政诉讼
  const sub = words.filter((w) => w.length > 1).map((w) => w[1]); // 未经复议直接起诉 复议后起诉
  const cols = REVIEW_COLUMNS.map((c) => c.label);
  const w = REVIEW_COLUMNS.length;
  const at = (from: number) => cols.map((_, i) => from + i);
  return [
    // 行政复议 over its five columns, 行政诉讼 over the ten after them.
    { kind: 'header', cells: top, cols: [0, w], first: true },
    { kind: 'header', cells: [...cols, ...sub], cols: [...at(0), w, 2 * w], first: false },
    { kind: 'header', cells: [...cols, ...cols], cols: [...at(w), ...at(2 * w)], first: false },
    {
      kind: 'data',
      label: null,
      match: null,
      groups: [],
      continued: 0,
      cells: [...r.review, ...r.litigation_direct, ...r.litigation_after_review].map((value) => ({ value })),
    },
  ];
}

/* ------------------------------------------------------------ details */

const DIGIT = /[0-9]/;

/**
 * Where a label may be cut or spaced: never next to an ASCII digit (a lone
 * `1` would read as a number) and never next to a space already there.
 */
function cutPoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.length; i++) {
    if (DIGIT.test(s[i - 1]) || DIGIT.test(s[i]) || /\s/.test(s[i - 1]) || /\s/.test(s[i])) continue;
    out.push(i);
  }
  return out;
}

function cutAt(s: string, at: readonly number[]): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const i of at) {
    parts.push(s.slice(from, i));
    from = i;
  }
  parts.push(s.slice(from));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** A label as this layout prints it: bracket width, item separator, stray spaces. */
function styleLabel(label: string, t: TableLayout, d: Dice): string {
  let s = label.replace(/^(\d)\./, `$1${t.itemSep}`);
  // Each bracket on its own: real text mixes widths, even within one pair.
  if (t.halfWidth) s = s.replace(/[（）]/g, (b) => (d.int(4) === 0 ? b : b === '（' ? '(' : ')'));
  if (t.spaces) {
    const at = d.some(cutPoints(s), d.int(3));
    const space = () => [' ', '  ', '\u3000'][d.int(3)];
    s = cutAt(s, at).join(space());
  }
  return s;
}

/** A label wrapped onto 1–3 lines at random points. */
function wrap(s: string, d: Dice, max = 3): string[] {
  return cutAt(s, d.some(cutPoints(s), d.int(max)));
}

/** A word broken into pieces of one to `max` characters. */
function breakWord(w: string, d: Dice, max = 2): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length;) {
    const n = 1 + d.int(max);
    out.push(w.slice(i, i + n));
    i += n;
  }
  return out;
}

function formatNumber(v: number, t: TableLayout): string {
  if (!t.thousands || Math.abs(v) < 1000) return String(v);
  const [int, frac] = String(Math.abs(v)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${v < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

const DASHES = ['-', '—', '/', '－'];

function printCell(c: Printed, t: TableLayout, d: Dice): string {
  if (c.value === null) return t.dashes && t.kind !== 'plain' && d.flip() ? DASHES[d.int(DASHES.length)] : '';
  return `${formatNumber(c.value, t)}${c.unit ?? ''}`;
}

const FOOTERS = ['-3-', '— 4 —', '- 12 -', '第3页 共6页', '第 5 页', '3/6'];

/**
 * The lines of a group label printed vertically: its characters split over
 * the gaps before each row it covers and the gap after the last one. A label
 * that anchors a row when whole (（六）其他处理) is never left whole after its
 * sub-rows: a printed vertical label is centred on the rows it spans.
 */
function verticalChunks(g: GroupStart, t: TableLayout, d: Dice): string[][] {
  const chars = [...styleLabel(g.label, { ...t, spaces: false }, d)];
  for (;;) {
    const cuts = Array.from({ length: g.span }, () => d.int(chars.length + 1)).sort((a, b) => a - b);
    const bounds = [0, ...cuts, chars.length];
    const chunks = Array.from({ length: g.span + 1 }, (_, i) => chars.slice(bounds[i], bounds[i + 1]));
    if (!(g.anchors && chunks[g.span].length === chars.length)) return chunks;
    // Out of choices the dice give 0s: every cut at 0 puts the label after the rows; put it before them instead.
    if (cuts.every((c) => c === 0)) return [chars, ...Array.from({ length: g.span }, () => [])];
  }
}

/**
 * For each data row, the lines of vertical labels printed before it (and, at
 * the end, after the last row): one to three characters a line, as
 * pdftotext prints a narrow cell (`（三）不` / `予公开`).
 */
function verticalPlan(rows: readonly Row[], t: TableLayout, d: Dice): string[][] {
  const data = rows.filter((r): r is Extract<Row, { kind: 'data' }> => r.kind === 'data');
  const plan: string[][] = Array.from({ length: data.length + 1 }, () => []);
  data.forEach((row, i) => {
    for (const g of row.groups) {
      verticalChunks(g, t, d).forEach((chunk, j) =>
        plan[Math.min(i + j, data.length)].push(...breakWord(chunk.join(''), d, 3)),
      );
    }
  });
  return plan;
}

/* ------------------------------------------------------------ layouts */

/** Lines of one table, and the line indexes before which blank lines or a page break may go. */
interface Out {
  lines: string[];
  boundaries: number[];
}

function renderPlain(rows: readonly Row[], t: TableLayout, d: Dice): Out {
  const out: Out = { lines: [], boundaries: [] };
  const push = (...ls: string[]) => out.lines.push(...ls);
  const gap = () => ' '.repeat(1 + d.int(6));
  const plan = t.vertical ? verticalPlan(rows, t, d) : [];
  let di = 0;
  for (const row of rows) {
    if (row.kind === 'header') {
      // A header row on one line, word by word on lines of its own, or broken into characters.
      if (t.brokenHeader) row.cells.forEach((w) => push(...breakWord(w, d)));
      else if (d.flip()) push(...row.cells);
      else push(row.cells.join(gap()));
      continue;
    }
    // Group labels before the row: vertical characters, or the label wrapped on lines of its own.
    let prefix = '';
    if (t.vertical) {
      push(...plan[di]);
      // The last vertical character may share the row's first line (as in PDF text).
      if (plan[di].length && d.flip()) prefix = `${out.lines.pop()}${gap()}`;
    } else {
      for (const g of row.groups) push(...wrap(styleLabel(g.label, t, d), d, 2));
      if (row.groups.length && d.flip()) prefix = `${out.lines.pop()}${gap()}`;
    }
    di++;
    const nums = row.cells.map((c) => printCell(c, t, d));
    if (row.label === null) {
      // 表四: the numbers alone, on one to three lines.
      const at = d.some(nums.map((_, i) => i).slice(1), d.int(3));
      let from = 0;
      for (const i of [...at, nums.length]) {
        push(nums.slice(from, i).join(gap()));
        from = i;
      }
      continue;
    }
    const label = wrap(styleLabel(row.label, t, d), d);
    label[0] = prefix + label[0];
    // Numbers after line k of the label (k < the last line only where the lines so far already name the row,
    // as in PDFs that centre numbers on a wrapped label), on that line or on their own.
    const ks = [
      label.length,
      ...label
        .map((_, i) => i + 1)
        .filter((k) => k < label.length && row.match!.test(squeezeLabel(label.slice(0, k).join('')))),
    ];
    const k = ks[d.int(ks.length)];
    // Long runs may wrap: the rest of the numbers on the next line.
    const split = nums.length > 1 && d.int(4) === 3 ? 1 + d.int(nums.length - 1) : nums.length;
    const first = nums.slice(0, split).join(gap());
    const rest = nums.slice(split).join(gap());
    push(...label.slice(0, k));
    if (d.flip()) push(first);
    else out.lines[out.lines.length - 1] += gap() + first;
    if (rest) push(rest);
    push(...label.slice(k));
  }
  if (t.vertical) push(...plan[di]);
  out.boundaries = out.lines.map((_, i) => i).slice(1);
  return out;
}

/** Rows as arrays of cell texts, for the delimited layouts. Group labels become cells or rows of their own. */
interface DelimRow {
  cells: string[];
  /** Leading cells that hold a label (they may wrap, in the cell-per-line layout). */
  labelCells: number;
  /** A header row: markdown may pad it with empty cells. */
  header: boolean;
  /** The first row of a (sub-)table: markdown puts its separator line after it. */
  first: boolean;
  /** A vertical label character: may be printed as a line of plain text. */
  plainLines?: string[];
  /** A group label (or a piece of a vertical one) on a row of its own. */
  group?: boolean;
  /** A header row: the data column each cell stands over, null for the label columns. */
  cols?: (number | null)[];
}

function delimitedRows(rows: readonly Row[], t: TableLayout, d: Dice): DelimRow[] {
  const out: DelimRow[] = [];
  const plan = t.vertical ? verticalPlan(rows, t, d) : [];
  let di = 0;
  // A vertical label: one character per row.
  const vertical = (lines: string[]) => {
    for (const l of lines)
      out.push({ cells: [l], labelCells: 1, header: false, first: false, plainLines: [l], group: true });
  };
  for (const row of rows) {
    if (row.kind === 'header') {
      const cells = row.cells.map((w) => (t.brokenHeader ? breakWord(w, d).join(' ') : w));
      out.push({ cells, labelCells: cells.length, header: true, first: row.first, cols: row.cols });
      continue;
    }
    const values = row.cells.map((c) => printCell(c, t, d));
    if (row.label === null) {
      out.push({ cells: values, labelCells: 0, header: false, first: false });
      continue;
    }
    const labels: string[] = [];
    if (t.vertical) vertical(plan[di]);
    for (const g of row.groups) {
      const label = styleLabel(g.label, t, d);
      if (t.vertical) continue;
      if (!t.groupOwnRow) labels.push(label);
      else if (d.flip())
        out.push({ cells: [label, ...values.map(() => '')], labelCells: 1, header: false, first: false, group: true });
      else out.push({ cells: [label], labelCells: 1, header: false, first: false, group: true });
    }
    di++;
    // Inside a rowspan the covered label columns may be left as empty cells.
    const placeholders = !t.groupOwnRow && !t.vertical && row.continued && d.flip() ? row.continued : 0;
    labels.push(styleLabel(row.label, t, d));
    out.push({
      cells: [...Array(placeholders).fill(''), ...labels, ...values],
      labelCells: placeholders + labels.length,
      header: false,
      first: false,
    });
  }
  if (t.vertical) vertical(plan[di]);
  return out;
}

function renderCells(rows: readonly Row[], t: TableLayout, d: Dice): Out {
  const out: Out = { lines: [], boundaries: [] };
  for (const row of delimitedRows(rows, t, d)) {
    if (out.lines.length) out.boundaries.push(out.lines.length);
    if (row.plainLines && d.flip()) {
      out.lines.push(...row.plainLines, '');
      continue;
    }
    row.cells.forEach((c, i) => {
      if (c === '') {
        out.lines.push(d.flip() ? '\t ' : '\t');
        return;
      }
      // Label cells may wrap: the rest of the text on the following lines, without a tab.
      const parts = i < row.labelCells ? wrap(c, d) : [c];
      out.lines.push(`\t${parts[0]}`, ...parts.slice(1));
    });
    out.lines.push('');
  }
  return out;
}

/**
 * The rows of a grid markdown table (see `TableLayout.grid`): label columns
 * as many as the row with the most label cells needs, a colspan label
 * followed by empty cells; numbers in the table's data columns; header
 * labels over their columns; filler as whole empty columns, the same in
 * every row (as in seed 003).
 */
function gridRows(rows: readonly DelimRow[], t: TableLayout, d: Dice): string[][] {
  const split = (r: DelimRow) => {
    if (r.cols) {
      const label = r.cells.filter((_, i) => r.cols![i] === null);
      const data: string[] = [];
      r.cells.forEach((c, i) => {
        if (r.cols![i] !== null) data[r.cols![i]!] = c;
      });
      return { label, data };
    }
    return { label: r.cells.slice(0, r.labelCells), data: r.cells.slice(r.labelCells) };
  };
  const parts = rows.map(split);
  const labelWidth = Math.max(...parts.map((p) => p.label.length));
  const dataWidth = Math.max(...parts.map((p) => p.data.length));
  const before = t.filler ? d.int(2) : 0;
  const after = t.filler ? d.int(3) : 0;
  const blanks = (n: number) => Array<string>(n).fill('');
  return parts.map(({ label, data }) => [
    ...blanks(before),
    ...label,
    ...blanks(labelWidth - label.length),
    ...Array.from({ length: dataWidth }, (_, i) => data[i] ?? ''),
    ...blanks(after),
  ]);
}

function renderMarkdown(rows: readonly Row[], t: TableLayout, d: Dice): Out {
  const out: Out = { lines: [], boundaries: [] };
  const pad = () => ' '.repeat(d.int(3));
  const delimited = delimitedRows(rows, t, d);
  if (t.grid) {
    gridRows(delimited, t, d).forEach((cells, i) => {
      if (out.lines.length) out.boundaries.push(out.lines.length);
      out.lines.push(`|${cells.map((c) => `${pad()} ${c} ${pad()}`).join('|')}|`);
      if (delimited[i].first) out.lines.push(`|${cells.map(() => (d.flip() ? ' --- ' : ':---:')).join('|')}|`);
    });
    return out;
  }
  for (const row of delimited) {
    let cells = [...row.cells];
    if (row.header && !row.plainLines && d.flip()) cells.push(...Array(d.int(4)).fill(''));
    if (t.filler) {
      const where = d.int(3);
      if (where === 1) cells = ['', ...cells];
      if (where === 2) cells = [...cells, ''];
    }
    if (out.lines.length) out.boundaries.push(out.lines.length);
    out.lines.push(`|${cells.map((c) => `${pad()} ${c} ${pad()}`).join('|')}|`);
    if (row.first) out.lines.push(`|${cells.map(() => (d.flip() ? ' --- ' : ':---:')).join('|')}|`);
  }
  return out;
}

function renderTsv(rows: readonly Row[], t: TableLayout, d: Dice): Out {
  const out: Out = { lines: [], boundaries: [] };
  for (const row of delimitedRows(rows, t, d)) {
    if (out.lines.length) out.boundaries.push(out.lines.length);
    if (row.plainLines) out.lines.push(...row.plainLines);
    else out.lines.push(row.cells.join('\t'));
  }
  return out;
}

/** (6) blank lines and (7) page footers and form feeds, at the places the layout allows. */
function decorate(out: Out, t: TableLayout, d: Dice): string[] {
  const extra = new Map<number, string[]>();
  const feeds = new Set<number>();
  const at = (i: number) => extra.get(i) ?? (extra.set(i, []), extra.get(i)!);
  if (t.blankLines) for (const b of d.some(out.boundaries, 1 + d.int(6))) at(b).push(...Array(1 + d.int(3)).fill(''));
  if (t.pageBreaks) {
    for (const b of d.some(out.boundaries, 1 + d.int(2))) {
      const kind = d.int(3);
      // pdftotext puts the form feed at the start of the next page's first line;
      // the cell-per-line layout has no such line, so there it stands alone.
      if (kind !== 1) at(b).push('', FOOTERS[d.int(FOOTERS.length)], '');
      if (kind !== 0 && t.kind === 'cells') at(b).push('\f', '');
      else if (kind !== 0) feeds.add(b);
    }
  }
  const lines: string[] = [];
  out.lines.forEach((l, i) => {
    lines.push(...(extra.get(i) ?? []));
    lines.push(feeds.has(i) ? `\f${l}` : l);
  });
  return lines;
}

function renderTable(rows: (d: Dice) => Row[], t: TableLayout): string[] {
  const d = new Dice(t.choices);
  const model = rows(d);
  const out =
    t.kind === 'plain'
      ? renderPlain(model, t, d)
      : t.kind === 'cells'
        ? renderCells(model, t, d)
        : t.kind === 'markdown'
          ? renderMarkdown(model, t, d)
          : renderTsv(model, t, d);
  return decorate(out, t, d);
}

/* ----------------------------------------------------------- document */

/** Narrative without a single digit: nothing in it can contradict (or be read as) a table value. */
const OVERVIEW = [
  '本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，',
  '持续深化政务公开，不断提升政府信息公开工作的规范化、标准化水平。',
  '（一）主动公开方面',
  '及时通过政府门户网站、政务新媒体等平台主动公开政府信息，做好政策解读和回应关切。',
  '（二）依申请公开方面',
  '严格按照法定程序和期限办理政府信息公开申请，规范答复文书，保障申请人合法权益。',
  '（三）政府信息管理方面',
  '健全公文公开属性源头认定机制，动态更新政府信息公开目录和公开指南。',
];
const PROBLEMS = [
  '存在的主要问题：政策解读的形式还不够丰富，基层工作人员业务能力有待提升。',
  '改进情况：加强业务培训，丰富解读形式，进一步提升政务公开质量。',
];
const OTHER = ['本机关本年度未收取信息处理费。无其他需要报告的事项。'];

/** The whole report text for `record`, with its tables in `layout`. */
export function renderReport(record: ReportNumbers, layout: Layout): string {
  const title = `${record.year}年政府信息公开工作年度报告`;
  const lines: string[] = [
    ...(layout.titleSplit ? [record.agency, title] : [`${record.agency}${title}`]),
    '',
    '一、总体情况',
    ...OVERVIEW,
    '二、主动公开政府信息情况',
    ...renderTable(() => activeRows(record), layout.active),
    '',
    '三、收到和处理政府信息公开申请情况',
    ...renderTable((d) => requestRows(record, d), layout.requests),
    '',
    '四、政府信息公开行政复议、行政诉讼情况',
    ...renderTable(() => reviewRows(record), layout.review),
    '',
    '五、存在的主要问题及改进情况',
    ...PROBLEMS,
    '六、其他需要报告的事项',
    ...OTHER,
  ];
  return `${lines.join('\n')}\n`;
}

/** True when some cell is blank (null): plain layouts cannot print it. */
export function hasNull(values: unknown): boolean {
  if (values === null) return true;
  if (Array.isArray(values)) return values.some(hasNull);
  if (typeof values === 'object') return Object.values(values as object).some(hasNull);
  return false;
}
