/**
 * Numbers in the narrative (section 一, 总体情况) that contradict the tables.
 *
 * Only claims that unmistakably name a table quantity are checked — 受理…申请
 * N 件, 予以公开 N 件, 行政复议 N 件 — and only when the sentence speaks of
 * the reporting body itself. A sentence about 全市/各部门 in an office's
 * report is another scope (other tools raise false alarms there), so it is
 * skipped. A contradiction is a warning: the table may be right and the
 * sentence wrong, or the other way round; the user decides.
 */
import { REVIEW_GROUPS, TOTAL_COL, type RequestRowKey } from '../formats';
import type { SourceLine } from '../text/lines';
import type { Cell, Finding, ReportRecord, SourceSpan } from '../types';

/** Squeezed text with the source position of every character (line number and column, packed). */
interface Mapped {
  text: string;
  line: Int32Array;
  col: Int32Array;
}

/** Whitespace as the squeezing sees it: ASCII, NBSP and the ideographic space. */
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000;

function squeezeMapped(lines: readonly SourceLine[]): Mapped {
  let total = 0;
  for (const l of lines) total += l.text.length;
  const line = new Int32Array(total);
  const col = new Int32Array(total);
  const parts: string[] = [];
  let n = 0;
  for (const l of lines) {
    const t = l.text;
    let start = -1;
    for (let i = 0; i <= t.length; i++) {
      const space = i === t.length || isSpace(t.charCodeAt(i));
      if (!space) {
        if (start < 0) start = i;
        line[n] = l.no;
        col[n] = i;
        n++;
      } else if (start >= 0) {
        parts.push(t.slice(start, i));
        start = -1;
      }
    }
  }
  return { text: parts.join(''), line, col };
}

const spanOf = (m: Mapped, start: number, end: number): SourceSpan => {
  const b = Math.max(start, end - 1);
  const sameLine = m.line[start] === m.line[b];
  return {
    line: m.line[start],
    col: m.col[start],
    len: sameLine ? m.col[b] - m.col[start] + 1 : end - start,
    text: m.text.slice(start, end),
  };
};

/** A row's total for comparison: the printed 总计, or where it is blank the sum of the printed applicant cells. */
function rowTotal(r: ReportRecord, key: RequestRowKey): number | null {
  const row = r.requests[key];
  if (!row) return null;
  if (row[TOTAL_COL] !== null) return row[TOTAL_COL];
  const parts = row.slice(0, TOTAL_COL).filter((x): x is number => x !== null);
  return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
}

function sumOf(values: (number | null)[]): number | null {
  const got = values.filter((x): x is number => x !== null);
  return got.length ? got.reduce((a, b) => a + b, 0) : null;
}

const rows = (r: ReportRecord, prefix: string) =>
  (Object.keys(r.requests) as RequestRowKey[]).filter((k) => k.startsWith(prefix));

const groupTotal = (r: ReportRecord, g: 'review' | 'litigation_direct' | 'litigation_after_review'): Cell => {
  const row = r[g];
  if (!row) return null;
  return row[4] ?? sumOf(row.slice(0, 4));
};

interface Claim {
  re: RegExp;
  what: string;
  /** Acceptable table values for the number in the claim, with the cells they come from. */
  table: (
    r: ReportRecord,
    m: RegExpMatchArray,
    sentence: string,
  ) => { values: (number | null)[]; shown: string; cells: string[] } | null;
}

const total = (key: RequestRowKey) => `requests.${key}[${TOTAL_COL}]`;

/** Ordered: longer phrases first; each match blanks its text so shorter claims do not re-read it. */
const CLAIMS: Claim[] = [
  {
    re: /予以公开(?:及|和|、|与)部分公开(\d+)件/g,
    what: '予以公开及部分公开',
    table: (r) => {
      const v = sumOf([rowTotal(r, 'granted'), rowTotal(r, 'partially_granted')]);
      return {
        values: [v],
        shown: `（一）予以公开+（二）部分公开 = ${v ?? '空白'}`,
        cells: [total('granted'), total('partially_granted')],
      };
    },
  },
  {
    re: /行政复议(?:和|及|、|与)(?:行政)?诉讼(?:案件)?(?:均为|共|合计)?(\d+)件/g,
    what: '行政复议和行政诉讼',
    table: (r) => {
      const v = sumOf(REVIEW_GROUPS.map((g) => groupTotal(r, g.key)));
      return {
        values: [v],
        shown: `表四三组总计之和为 ${v ?? '空白'}`,
        cells: REVIEW_GROUPS.map((g) => `${g.key}[4]`),
      };
    },
  },
  {
    re: /(?:受理|收到)(?:和办理)?([^。；，,\d]{0,16}?)(\d+)件/g,
    what: '受理申请',
    table: (r, m) => {
      const between = m[1] ?? '';
      if (between !== '' && !/申请/.test(between)) return null; // 受理政策咨询类诉求… is not a request count
      if (/咨询|诉求|投诉|留言|来信|来电/.test(between)) return null;
      const n = rowTotal(r, 'new_received');
      const load = sumOf([n, rowTotal(r, 'carried_over')]);
      return {
        values: [n, load],
        shown: `一、本年新收 ${n ?? '空白'}（连同上年结转共 ${load ?? '空白'}）`,
        cells: [total('new_received'), total('carried_over')],
      };
    },
  },
  {
    re: /(?:已办理)?(?:答复|办结)(?:政府信息公开申请|申请)?(\d+)件/g,
    what: '答复',
    table: (r) => {
      const v = rowTotal(r, 'processed_total');
      return { values: [v], shown: `（七）总计 ${v ?? '空白'}`, cells: [total('processed_total')] };
    },
  },
  {
    re: /上年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(\d+)件/g,
    what: '上年结转',
    table: (r) => ({
      values: [rowTotal(r, 'carried_over')],
      shown: `二、上年结转 ${rowTotal(r, 'carried_over') ?? '空白'}`,
      cells: [total('carried_over')],
    }),
  },
  {
    re: /(?:结转|转入|转|顺延)(?:到|至)?下一?年度?(?:继续)?(?:办理|处理|答复)?(\d+)件|(\d+)件[^。；，,\d]{0,12}?(?:结转|顺延)(?:到|至)?下一?年/g,
    what: '结转下年度',
    table: (r) => ({
      values: [rowTotal(r, 'carried_forward')],
      shown: `四、结转下年度 ${rowTotal(r, 'carried_forward') ?? '空白'}`,
      cells: [total('carried_forward')],
    }),
  },
  {
    re: /(?<!不)予以公开(\d+)件/g,
    what: '予以公开',
    table: (r) => ({
      values: [rowTotal(r, 'granted')],
      shown: `（一）予以公开 ${rowTotal(r, 'granted') ?? '空白'}`,
      cells: [total('granted')],
    }),
  },
  {
    re: /部分公开(\d+)件/g,
    what: '部分公开',
    table: (r) => ({
      values: [rowTotal(r, 'partially_granted')],
      shown: `（二）部分公开 ${rowTotal(r, 'partially_granted') ?? '空白'}`,
      cells: [total('partially_granted')],
    }),
  },
  {
    re: /不予公开(\d+)件/g,
    what: '不予公开',
    table: (r) => {
      const ks = rows(r, 'denied_');
      const v = sumOf(ks.map((k) => rowTotal(r, k)));
      return { values: [v], shown: `（三）不予公开各项合计 ${v ?? '空白'}`, cells: ks.map(total) };
    },
  },
  {
    re: /无法提供(\d+)件/g,
    what: '无法提供',
    table: (r, m, s) => {
      const before = s.slice(Math.max(0, m.index! - 16), m.index!);
      if (/不掌握/.test(before) && !/等/.test(before)) {
        const v = rowTotal(r, 'unable_not_held');
        return { values: [v], shown: `（四）1.本机关不掌握 ${v ?? '空白'}`, cells: [total('unable_not_held')] };
      }
      const ks = rows(r, 'unable_');
      const v = sumOf(ks.map((k) => rowTotal(r, k)));
      return { values: [v], shown: `（四）无法提供各项合计 ${v ?? '空白'}`, cells: ks.map(total) };
    },
  },
  {
    re: /不予处理(\d+)件/g,
    what: '不予处理',
    table: (r) => {
      const ks = rows(r, 'not_processed_');
      const v = sumOf(ks.map((k) => rowTotal(r, k)));
      return { values: [v], shown: `（五）不予处理各项合计 ${v ?? '空白'}`, cells: ks.map(total) };
    },
  },
  {
    re: /行政复议(?:案件)?(\d+)件/g,
    what: '行政复议',
    table: (r) => ({
      values: [groupTotal(r, 'review')],
      shown: `表四行政复议总计 ${groupTotal(r, 'review') ?? '空白'}`,
      cells: ['review[4]'],
    }),
  },
  {
    re: /(?:行政)?诉讼(?:案件)?(\d+)件/g,
    what: '行政诉讼',
    table: (r) => {
      const v = sumOf([groupTotal(r, 'litigation_direct'), groupTotal(r, 'litigation_after_review')]);
      return {
        values: [v],
        shown: `表四行政诉讼两组总计之和 ${v ?? '空白'}`,
        cells: ['litigation_direct[4]', 'litigation_after_review[4]'],
      };
    },
  },
];

/** The claim quoted whole: from the clause that names 复议 or 诉讼 up to 均获维持. */
function upheldClaim(sentence: string, end: number): string {
  const first = sentence.search(/行政复议|复议|诉讼/);
  const start =
    first < 0 ? 0 : Math.max(sentence.lastIndexOf('，', first) + 1, sentence.lastIndexOf('。', first) + 1, 0);
  return sentence.slice(start, end);
}

/** Sentences about another scope than the reporting body itself. */
function otherScope(sentence: string, agency: string | null): boolean {
  if (/各县|各区|各乡镇|各部门|各单位|市直|县直|区直|下属/.test(sentence)) return true;
  const isGovernment = !!agency && /人民政府$/.test(agency);
  return !isGovernment && /全(?:省|市|县|区|州|盟|旗)/.test(sentence);
}

export function checkNarrative(r: ReportRecord, narrative: readonly SourceLine[]): Finding[] {
  const out: Finding[] = [];
  const mapped = squeezeMapped(narrative);
  const sentences = mapped.text.split(/(?<=[。；;])/);
  let offset = 0;
  for (const original of sentences) {
    const start = offset;
    offset += original.length;
    // Every claim and the 均获维持 check need a count (…N件) or 维持: skip the rest cheaply.
    if (!/\d件|维持/.test(original)) continue;
    if (otherScope(original, r.agency)) continue;
    let s = original;
    for (const claim of CLAIMS) {
      for (const m of s.matchAll(claim.re)) {
        // The claimed number is the last group that captured digits.
        const n = Number(
          [...m]
            .slice(1)
            .reverse()
            .find((g) => g !== undefined && /^\d+$/.test(g)),
        );
        const res = claim.table(r, m, s);
        if (!res) continue;
        const known = res.values.filter((v): v is number => v !== null);
        if (known.length > 0 && !known.includes(n)) {
          out.push({
            rule: 'narrative.contradiction',
            severity: 'warning',
            origin: 'report',
            message: `正文称“${original.slice(m.index!, m.index! + m[0].length)}”，但${res.shown}`,
            cells: res.cells,
            source: spanOf(mapped, start + m.index!, start + m.index! + m[0].length),
          });
        }
      }
      // Blank out what this claim read so that shorter claims do not read it again.
      s = s.replace(claim.re, (x) => '□'.repeat(x.length));
    }
    // "均获维持": every case upheld — check the other outcome columns are zero.
    const upheld = /均(?:获|被)?维持|全部(?:获)?维持/.exec(original);
    if (upheld && /复议|诉讼/.test(original)) {
      const groups = REVIEW_GROUPS.filter((g) => (g.key === 'review' ? /复议/ : /诉讼/).test(original));
      const notUpheld = groups.flatMap((g) =>
        (r[g.key] ?? [])
          .slice(1, 4)
          .map((v, i) => ({ g, i: i + 1, v }))
          .filter((x) => (x.v ?? 0) > 0),
      );
      if (notUpheld.length) {
        out.push({
          rule: 'narrative.contradiction',
          severity: 'warning',
          origin: 'report',
          message: `正文称“${upheldClaim(original, upheld.index + upheld[0].length)}”，但表四${notUpheld.map((x) => `${x.g.label}${['', '结果纠正', '其他结果', '尚未审结'][x.i]} ${x.v}`).join('、')}`,
          cells: notUpheld.map((x) => `${x.g.key}[${x.i}]`),
          source: spanOf(mapped, start + upheld.index, start + upheld.index + upheld[0].length),
        });
      }
    }
  }
  return out;
}
