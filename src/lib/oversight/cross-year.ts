/**
 * Oversight across years: the same reporting body's reports in consecutive
 * years checked against each other, and every report against its deadline.
 *
 * API
 *   crossYear(inputs, opts?)        → CrossYearResult { bodies, pairs, findings }
 *       inputs: { record, text, id? }[] — contract records and the text each was read from (null if none)
 *       every finding names its report (the later year) and, for pair rules, the earlier report
 *   bodyKey(record)                 → the key that says two records are the same body (see below)
 *   checkCarryOver(prev, cur)       → `cross_year.carry_over` (error) / `cross_year.carry_over_unchecked` (info)
 *   checkStockFlow(prev, cur)       → `cross_year.stock_flow` (warning), 规章 and 行政规范性文件
 *   checkBoilerplate(prev, cur)     → `cross_year.boilerplate` (warning) + the similarity of sections 一 and 五
 *   textSimilarity(cur, prev)       → share of this year's text found in last year's, with the shared passages
 *   checkNarrativeChange(prev, cur) → `cross_year.narrative_change` (warning): 较上年增加/减少… of 受理申请 vs both tables
 *   publicationDeadline(record)     → the legal deadline for the report, with its legal basis
 *   timeliness(record)              → on time / late (days) / undated
 *   checkPublication(record)        → `publication.late` (info)
 *
 * Same body. Reports name a body differently from year to year (洪泽区人民政府
 * in 2023, 淮安市洪泽区人民政府 in 2024: the same district government — both
 * resolve to GB/T 2260 code 320813 and the 2023 report is itself "由淮安市洪泽区
 * 人民政府办公室…编制"). So a body is its region code plus its name with the
 * place prefix taken off (`320813|人民政府`); without a code, agencyId(name).
 * A 人民政府 and its 办公室 stay two bodies.
 *
 * Blank is not zero: a blank cell on either side of a comparison cannot be
 * checked and is never reported as a mismatch.
 *
 * Deadlines (《政府信息公开条例》, 2019 revision, 国务院令第711号): 第四十九条第一款 —
 * 县级以上人民政府部门 submit the report to 本级政府信息公开工作主管部门 and
 * publish it by 31 January; 第四十九条第二款 — the 主管部门 publishes 本级政府's
 * report by 31 March (第五十条 lists what a report contains; it sets no date).
 * Reports for 2018 and earlier fall under the 2007 条例 第三十一条: every 行政机关
 * by 31 March. Departments and government offices (levelOf: 部门/办公室) take the
 * 31 January deadline; governments 31 March. A body whose level is unknown
 * (levelOf: 未知 — a functional zone's 管委会 with no county in GB/T 2260)
 * gets no deadline from 2019 on: the two dates depend on the level, and
 * guessing one would raise false 逾期 (timeliness says `unknown`, reason
 * `level_unknown`).
 *
 * Whose problem (Finding.origin): a comparison that reads a table on which
 * our reader had a problem in either year (carry-over and the 较上年 check
 * read 表三, the stock-flow 表二) is `reading` — its mismatch may be ours;
 * boilerplate and publication.late are always the report's.
 */
import { agencyId, levelOf, reportId } from '../data/normalize';
import { PROVINCES } from '../report/divisions';
import { REQUEST_WIDTH, TOTAL_COL } from '../report/formats';
import { requestColumnLabel, rowLabel } from '../report/labels';
import type { SourceLine } from '../report/text/lines';
import type { Cell, Finding, Origin, ReportRecord } from '../report/types';
import { settleOrigins, tablesWithReadingProblems, type TableId } from '../report/validate/origin';
import { narrativeSections, sentences, squeeze } from './text';

export interface ReportInput {
  record: ReportRecord;
  /** The text the record was read from; null when there is none (boilerplate cannot be checked). */
  text: string | null;
  /** The caller's id for the report; default reportId(record). */
  id?: string;
}

export interface ReportRef {
  id: string;
  source: string;
  agency: string;
  year: number;
}

export interface SharedPassage {
  /** The passage as this year's report prints it (whitespace removed). */
  text: string;
  /** Line in this year's text where it starts. */
  line: number;
  /** Line in last year's text where the same words start. */
  previousLine: number;
}

export interface TextSimilarity {
  /** Share (0–1) of this year's characters that lie in passages also in last year's text. */
  share: number;
  /** Characters compared (letters and digits; a run of digits counts as one). */
  chars: number;
  sharedChars: number;
  passages: SharedPassage[];
}

export type NarrativeKey = 'overview' | 'problems';
export const NARRATIVE_LABELS: Record<NarrativeKey, string> = {
  overview: '一、总体情况',
  problems: '五、存在的主要问题及改进情况',
};

export interface OversightFinding extends Finding {
  /** The report the finding belongs to (for pair rules, the later year). */
  report: ReportRef;
  /** The earlier report of a pair rule. */
  previous?: ReportRef;
  /** Cells of the earlier report compared. */
  previousCells?: string[];
  /** Boilerplate: the section and its similarity with the shared passages. */
  section?: NarrativeKey;
  similarity?: TextSimilarity;
}

export interface YearPair {
  body: string;
  previous: ReportRef;
  current: ReportRef;
  /** Similarity of each narrative section; null where a text or the section is missing. */
  boilerplate: Record<NarrativeKey, TextSimilarity | null>;
  findings: OversightFinding[];
}

export interface Body {
  key: string;
  names: string[];
  reports: ReportRef[];
}

export interface CrossYearResult {
  /** Every body with its reports in year order. */
  bodies: Body[];
  /** Consecutive-year pairs. */
  pairs: YearPair[];
  /** All findings: pair rules and publication deadlines, in body and year order. */
  findings: OversightFinding[];
}

export interface CrossYearOptions {
  /** Boilerplate threshold on TextSimilarity.share; a section above it is flagged. Default 0.5 (metrics.md). */
  boilerplateThreshold?: number;
  /** Sections shorter than this (compared characters) are not judged. Default 60. */
  minSectionChars?: number;
  /** Shingle length in characters. Default 8. */
  shingle?: number;
  /** Shortest shared passage counted, in characters. Default 12. */
  minPassage?: number;
}

/* ------------------------------------------------------------- bodies */

const PROVINCE_PREFIX = new RegExp(`^(?:${PROVINCES.map((p) => p.name).join('|')})`);

export function bodyKey(r: ReportRecord): string {
  const name = agencyId(r.agency ?? '');
  if (!r.region_code) return name;
  let rest = name.replace(PROVINCE_PREFIX, '');
  // The longest tail of the region that starts the name: 淮安市洪泽区 or 洪泽区.
  const region = (r.region ?? '').replace(/\s+/g, '');
  for (let i = 0; i < region.length - 1; i++) {
    if (rest.startsWith(region.slice(i))) {
      rest = rest.slice(region.length - i);
      break;
    }
  }
  return `${r.region_code}|${rest}`;
}

const refOf = (x: ReportInput): ReportRef => ({
  id: x.id ?? reportId(x.record),
  source: x.record.source,
  agency: x.record.agency ?? '',
  year: x.record.year ?? 0,
});

/* ------------------------------------------------------ whose problem */

// Settled once per record (records stored before findings had an origin take their rules').
const misreadCache = new WeakMap<ReportRecord, Set<TableId>>();
function misread(r: ReportRecord): Set<TableId> {
  let m = misreadCache.get(r);
  if (!m) misreadCache.set(r, (m = tablesWithReadingProblems(settleOrigins(r.findings))));
  return m;
}

/** `reading` when our reader had a problem with `table` in either year's report: the comparison then says nothing about the body. */
export function pairOrigin(prev: ReportInput, cur: ReportInput, table: TableId): Origin {
  return misread(prev.record).has(table) || misread(cur.record).has(table) ? 'reading' : 'report';
}

/* --------------------------------------------------------- carry-over */

const cellText = (v: Cell) => (v === null ? '空白' : String(v));

export function checkCarryOver(prev: ReportInput, cur: ReportInput): OversightFinding[] {
  const over = cur.record.requests.carried_over;
  const fwd = prev.record.requests.carried_forward;
  if (!over || !fwd) return [];
  const py = prev.record.year;
  const mismatched: number[] = [];
  const unchecked: number[] = [];
  for (let c = 0; c < REQUEST_WIDTH; c++) {
    const a = over[c] ?? null;
    const b = fwd[c] ?? null;
    if (a === null || b === null) {
      // Both blank is the same printing convention both years: nothing to say.
      if (a !== b) unchecked.push(c);
      continue;
    }
    if (a !== b) mismatched.push(c);
  }
  const base = { report: refOf(cur), previous: refOf(prev), origin: pairOrigin(prev, cur, 'requests') };
  const out: OversightFinding[] = [];
  if (mismatched.length) {
    out.push({
      ...base,
      rule: 'cross_year.carry_over',
      severity: 'error',
      message: `${rowLabel('carried_over')}与${py}年度报告的${rowLabel('carried_forward')}不一致：${mismatched
        .map((c) => `${requestColumnLabel(c)}本年 ${over[c]}，上年 ${fwd[c]}`)
        .join('；')}`,
      cells: mismatched.map((c) => `requests.carried_over[${c}]`),
      previousCells: mismatched.map((c) => `requests.carried_forward[${c}]`),
    });
  }
  if (unchecked.length) {
    out.push({
      ...base,
      rule: 'cross_year.carry_over_unchecked',
      severity: 'info',
      message: `上年结转与${py}年度报告的结转下年度无法核对（空白不等于0）：${unchecked
        .map((c) => `${requestColumnLabel(c)}本年${cellText(over[c] ?? null)}，上年${cellText(fwd[c] ?? null)}`)
        .join('；')}`,
      cells: unchecked.map((c) => `requests.carried_over[${c}]`),
      previousCells: unchecked.map((c) => `requests.carried_forward[${c}]`),
    });
  }
  return out;
}

/* --------------------------------------------------------- stock-flow */

const STOCK_ITEMS = [
  { item: 'regulations', label: '规章' },
  { item: 'normative_documents', label: '行政规范性文件' },
] as const;

/**
 * 现行有效件数(t) = 现行有效件数(t−1) + 本年制发件数(t) − 本年废止件数(t), 2021
 * format on both sides. The 2019 format prints 本年新制作/新公开/对外公开总数量,
 * which is no stock of documents in force: such pairs are not checked.
 */
export function checkStockFlow(prev: ReportInput, cur: ReportInput): OversightFinding[] {
  if (prev.record.format !== '2021' || cur.record.format !== '2021') return [];
  const out: OversightFinding[] = [];
  for (const { item, label } of STOCK_ITEMS) {
    const get = (r: ReportRecord, m: string): Cell => r.active[`${item}.${m}`] ?? null;
    const before = get(prev.record, 'in_force');
    const issued = get(cur.record, 'issued');
    const repealed = get(cur.record, 'repealed');
    const now = get(cur.record, 'in_force');
    if (before === null || issued === null || repealed === null || now === null) continue;
    const expected = before + issued - repealed;
    if (expected === now) continue;
    out.push({
      report: refOf(cur),
      previous: refOf(prev),
      rule: 'cross_year.stock_flow',
      severity: 'warning',
      origin: pairOrigin(prev, cur, 'active'),
      message: `${label}现行有效件数 ${now} ≠ ${prev.record.year}年度现行有效 ${before} + 本年制发 ${issued} − 本年废止 ${repealed} = ${expected}（相差 ${now - expected}；文件也可能因到期失效，请核实）`,
      cells: [`active.${item}.in_force`, `active.${item}.issued`, `active.${item}.repealed`],
      previousCells: [`active.${item}.in_force`],
    });
  }
  return out;
}

/* ---------------------------------------------------------- boilerplate */

/** Letters and digits only (punctuation and its width do not matter); a run of digits becomes one `#`, so "2023年…1136条" repeats "2024年…2428条". */
function core(s: string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/[0-9]/.test(c)) {
      if (i > 0 && /[0-9.]/.test(s[i - 1]) && text.endsWith('#')) continue;
      text += '#';
      at.push(i);
    } else if (/[\p{L}]/u.test(c)) {
      text += c;
      at.push(i);
    }
  }
  return { text, at };
}

export function textSimilarity(
  current: readonly SourceLine[],
  previous: readonly SourceLine[],
  opts: CrossYearOptions = {},
): TextSimilarity {
  const k = opts.shingle ?? 8;
  const minPassage = opts.minPassage ?? 12;
  const cur = squeeze(current);
  const prev = squeeze(previous);
  const c = core(cur.text);
  const p = core(prev.text);
  const seen = new Map<string, number>();
  for (let i = 0; i + k <= p.text.length; i++) {
    const sh = p.text.slice(i, i + k);
    if (!seen.has(sh)) seen.set(sh, i);
  }
  const covered = new Uint8Array(c.text.length);
  for (let i = 0; i + k <= c.text.length; i++) {
    if (seen.has(c.text.slice(i, i + k))) covered.fill(1, i, i + k);
  }
  const passages: SharedPassage[] = [];
  let shared = 0;
  for (let i = 0; i < covered.length;) {
    if (!covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < covered.length && covered[j]) j++;
    if (j - i >= minPassage) {
      shared += j - i;
      const from = c.at[i];
      const to = c.at[j - 1] + 1;
      const inPrev = seen.get(c.text.slice(i, i + k)) ?? 0;
      passages.push({
        text: cur.text.slice(from, to),
        line: cur.lineAt[from],
        previousLine: prev.lineAt[p.at[inPrev]],
      });
    }
    i = j;
  }
  return { share: c.text.length ? shared / c.text.length : 0, chars: c.text.length, sharedChars: shared, passages };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function checkBoilerplate(
  prev: ReportInput,
  cur: ReportInput,
  opts: CrossYearOptions = {},
): { similarity: Record<NarrativeKey, TextSimilarity | null>; findings: OversightFinding[] } {
  const similarity: Record<NarrativeKey, TextSimilarity | null> = { overview: null, problems: null };
  const findings: OversightFinding[] = [];
  if (prev.text === null || cur.text === null) return { similarity, findings };
  const threshold = opts.boilerplateThreshold ?? 0.5;
  const minChars = opts.minSectionChars ?? 60;
  const a = narrativeSections(prev.text);
  const b = narrativeSections(cur.text);
  for (const key of ['overview', 'problems'] as const) {
    if (!a[key].length || !b[key].length) continue;
    const sim = textSimilarity(b[key], a[key], opts);
    similarity[key] = sim;
    if (sim.chars < minChars || sim.share <= threshold) continue;
    const longest = [...sim.passages].sort((x, y) => y.text.length - x.text.length)[0];
    findings.push({
      report: refOf(cur),
      previous: refOf(prev),
      rule: 'cross_year.boilerplate',
      severity: 'warning',
      origin: 'report',
      message: `“${NARRATIVE_LABELS[key]}”有 ${pct(sim.share)} 的文字与${prev.record.year}年度报告相同（阈值 ${pct(threshold)}），共 ${sim.passages.length} 段重复，最长一段（第${longest.line}行）：“${longest.text.length > 60 ? `${longest.text.slice(0, 60)}…` : longest.text}”`,
      cells: [],
      source: { line: longest.line, col: 0, len: 0, text: longest.text },
      section: key,
      similarity: sim,
    });
  }
  return { similarity, findings };
}

/* ------------------------------------------------- narrative: 较上年 */

/** Sentences about other bodies than the reporting one (全市 in a department's report, 各部门 …). */
function otherScope(sentence: string, agency: string | null): boolean {
  if (/各县|各区|各乡镇|各部门|各单位|市直|县直|区直|下属/.test(sentence)) return true;
  return !(agency && /人民政府$/.test(agency)) && /全(?:省|市|县|区|州|盟|旗)/.test(sentence);
}

const CHANGE =
  /(?:受理|收到)[^。；，]{0,16}?申请[^。；\d]{0,4}?(\d+)件[^。；]{0,16}?(?:较上一?年度?|比上一?年度?|较去年|比去年|同比)(增加|增长|上升|减少|下降|回落)了?(\d+(?:\.\d+)?)(%|件)/;

/**
 * "受理申请 N 件，较上年增加 M 件 / 增长 P%": the change is checked against
 * both years' 本年新收 totals — only where the sentence counts requests to the
 * body itself (same scope) and N is this year's 本年新收 (the same quantity).
 */
export function checkNarrativeChange(prev: ReportInput, cur: ReportInput): OversightFinding[] {
  if (cur.text === null) return [];
  const total = (r: ReportRecord): Cell => r.requests.new_received?.[TOTAL_COL] ?? null;
  const now = total(cur.record);
  const before = total(prev.record);
  if (now === null || before === null) return [];
  const out: OversightFinding[] = [];
  for (const s of sentences(narrativeSections(cur.text).overview)) {
    const m = CHANGE.exec(s.text);
    if (!m || otherScope(s.text, cur.record.agency)) continue;
    if (Number(m[1]) !== now) continue; // another count than 本年新收: not the same quantity
    const up = /增加|增长|上升/.test(m[2]);
    const claimed = Number(m[3]) * (up ? 1 : -1);
    let actual: number;
    let ok: boolean;
    if (m[4] === '件') {
      actual = now - before;
      ok = actual === claimed;
    } else {
      if (before === 0) continue;
      actual = ((now - before) / before) * 100;
      // A percentage is right when it rounds to what is printed.
      const decimals = m[3].split('.')[1]?.length ?? 0;
      ok = Math.abs(actual - claimed) <= 0.5 * 10 ** -decimals + 1e-9;
    }
    if (ok) continue;
    const shown =
      m[4] === '件'
        ? `${actual > 0 ? '增加' : '减少'} ${Math.abs(actual)} 件`
        : `${actual > 0 ? '增长' : '下降'} ${Math.abs(actual).toFixed(2)}%`;
    out.push({
      report: refOf(cur),
      previous: refOf(prev),
      rule: 'cross_year.narrative_change',
      severity: 'warning',
      origin: pairOrigin(prev, cur, 'requests'),
      message: `正文称“${m[0]}”，但本年新收 ${now} 件、${prev.record.year}年度报告本年新收 ${before} 件，实为${shown}`,
      cells: [`requests.new_received[${TOTAL_COL}]`],
      previousCells: [`requests.new_received[${TOTAL_COL}]`],
      source: { line: s.line, col: 0, len: 0, text: m[0] },
    });
  }
  return out;
}

/* ---------------------------------------------------------- deadlines */

export interface Deadline {
  /** Last day, YYYY-MM-DD. */
  date: string;
  kind: 'department' | 'government';
  /** 第四十九条第一款, 第四十九条第二款, or (2007 条例) 第三十一条. */
  article: string;
  /** The rule in words, for messages. */
  basis: string;
}

export function publicationDeadline(r: ReportRecord): Deadline | null {
  if (r.year === null || !r.agency) return null;
  const next = r.year + 1;
  const level = levelOf(r.agency, r.region_code);
  const department = level === '部门' || level === '办公室';
  if (r.year <= 2018) {
    // One date for every 行政机关: it does not depend on the level.
    return {
      date: `${next}-03-31`,
      kind: department ? 'department' : 'government',
      article: '2007年《政府信息公开条例》第三十一条',
      basis: '各级行政机关应当在每年3月31日前公布本行政机关的政府信息公开工作年度报告',
    };
  }
  // 部门 by 31 January, 人民政府 by 31 March: a body of unknown level gets neither.
  if (level === '未知') return null;
  if (department) {
    return {
      date: `${next}-01-31`,
      kind: 'department',
      article: '《政府信息公开条例》第四十九条第一款',
      basis:
        '县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交上一年度政府信息公开工作年度报告并向社会公布',
    };
  }
  return {
    date: `${next}-03-31`,
    kind: 'government',
    article: '《政府信息公开条例》第四十九条第二款',
    basis:
      '县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告',
  };
}

export interface Timeliness {
  status: 'on_time' | 'late' | 'undated' | 'unknown';
  /** Why the status is `unknown`: no year or body, or a body of unknown level (the deadline depends on the level). */
  reason?: 'no_year' | 'level_unknown';
  deadline: Deadline | null;
  published: string | null;
  /** Days after the deadline (0 unless late). */
  daysLate: number;
}

const day = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

export function timeliness(r: ReportRecord): Timeliness {
  const deadline = publicationDeadline(r);
  if (!deadline) {
    const reason =
      r.year !== null && r.agency && levelOf(r.agency, r.region_code) === '未知' ? 'level_unknown' : 'no_year';
    return { status: 'unknown', reason, deadline, published: r.published, daysLate: 0 };
  }
  if (!r.published || !/^\d{4}-\d{2}-\d{2}$/.test(r.published))
    return { status: 'undated', deadline, published: r.published, daysLate: 0 };
  const late = day(r.published) - day(deadline.date);
  return { status: late > 0 ? 'late' : 'on_time', deadline, published: r.published, daysLate: Math.max(0, late) };
}

export function checkPublication(input: ReportInput): OversightFinding[] {
  const t = timeliness(input.record);
  if (t.status !== 'late' || !t.deadline) return [];
  return [
    {
      report: refOf(input),
      rule: 'publication.late',
      severity: 'info',
      origin: 'report',
      message: `${input.record.year}年度报告发布于 ${t.published}，晚于法定期限 ${t.deadline.date} ${t.daysLate} 天（${t.deadline.article}：${t.deadline.basis}）`,
      cells: ['published'],
    },
  ];
}

/* -------------------------------------------------------------- all */

export function crossYear(inputs: readonly ReportInput[], opts: CrossYearOptions = {}): CrossYearResult {
  const groups = new Map<string, ReportInput[]>();
  for (const x of inputs) {
    if (x.record.kind !== 'annual_report' || !x.record.agency || x.record.year === null) continue;
    const key = bodyKey(x.record);
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  const bodies: Body[] = [];
  const pairs: YearPair[] = [];
  const findings: OversightFinding[] = [];
  for (const [key, list] of groups) {
    list.sort((a, b) => a.record.year! - b.record.year!);
    bodies.push({ key, names: [...new Set(list.map((x) => x.record.agency!))], reports: list.map(refOf) });
    // Two versions of one year: the first listed is the one compared; the other only gets its deadline checked.
    const byYear = new Map<number, ReportInput>();
    for (const x of list) if (!byYear.has(x.record.year!)) byYear.set(x.record.year!, x);
    for (const cur of list) {
      const prev = byYear.get(cur.record.year! - 1);
      if (prev && byYear.get(cur.record.year!) === cur) {
        const bp = checkBoilerplate(prev, cur, opts);
        const pf = [
          ...checkCarryOver(prev, cur),
          ...checkStockFlow(prev, cur),
          ...bp.findings,
          ...checkNarrativeChange(prev, cur),
        ];
        pairs.push({ body: key, previous: refOf(prev), current: refOf(cur), boilerplate: bp.similarity, findings: pf });
        findings.push(...pf);
      }
      findings.push(...checkPublication(cur));
    }
  }
  return { bodies, pairs, findings };
}

/** The findings of one report (by its id), for a report page. */
export function findingsOf(result: CrossYearResult, id: string): OversightFinding[] {
  return result.findings.filter((f) => f.report.id === id);
}
