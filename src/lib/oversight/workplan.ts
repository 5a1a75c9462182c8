/**
 * 工作要点: a work plan (政务公开工作要点) read into its tasks, and reports
 * checked against it.
 *
 * API
 *   parseWorkPlan(text)                → WorkPlan: tasks (序号, 公开任务) → items (公开内容) → requirements
 *                                        (具体要求, 责任部门), key phrases and numeric targets per item
 *   readWorkPlanFile(bytes, name, env) → Promise<WorkPlan | { error }>: .txt/.html/.docx/.pdf through the report reader
 *   coverage(plan, reports)            → CoverageMatrix: reports × items, each cell with the phrases matched
 *                                        and the report sentences that contain them; and target comparisons
 *   coverageGrid(matrix)               → { columns, rows } for toCsv/toXlsx (src/lib/export/table.ts): one row per report
 *   coverageDetails(matrix)            → { columns, rows }: one row per report × item × matched phrase, with the sentence
 *
 * Where the tasks come from. The 任务分解表 (a table with 序号/公开任务/公开内容/
 * 具体要求/责任部门 headers) when the text has it as delimited rows — tab-separated
 * (text, web page, DOCX) or markdown. Merged cells arrive blank and are filled
 * down; a row whose cells slid one column left (a blank merged cell dropped
 * by the extraction) is put back by its 责任部门 cell. Without a readable table
 * (a PDF's plain text), the numbered text: 一、 = task, （一） = item, its
 * paragraphs (1. …) = requirements, no departments. Either way the numbered
 * text's headings and paragraphs are attached to the table's tasks and items.
 *
 * Cell text keeps its characters as printed (bracket widths included) with
 * whitespace removed: a line break inside a merged cell (扩大公开范围 打造阳光政府)
 * is not a word space.
 *
 * Matching. An item's phrases are its quoted terms (“便民答复”) and the noun
 * phrases of its 公开内容 and 具体要求 (clauses split at punctuation and 的, with
 * leading verbs such as 加强/做好/推进 taken off), 4–16 characters long. A phrase is
 * found in a report sentence when they share a run of at least 60% of the
 * phrase (4 characters at least) that is more than words every report uses
 * (政务公开, 政府信息公开, 依申请公开, 政务新媒体 …): 政策多样化解读 is found in
 * "多样化解读率达到100%", 政府信息公开专用章 is not found in every sentence that
 * says 政府信息公开. Only the report's prose is searched (not the tables).
 */
import { toLines, type SourceLine } from '../report/text/lines';
import { readReportFileWithText, type ReaderEnv } from '../report/io/read';
import type { ExportColumn, ExportRow } from '../export/table';
import { proseLines, sentences, type Sentence } from './text';

export interface Requirement {
  /** 具体要求 (or a paragraph of the numbered text). */
  text: string;
  /** 责任部门 as printed (whitespace removed); null from the numbered text. */
  departmentsText: string | null;
  /** The departments one by one, 牵头/抓好落实 taken off. */
  departments: string[];
  /** Those marked 牵头. */
  leads: string[];
  /** 1-based line in the plan text. */
  line: number;
}

export type Comparator = '>=' | '>' | '<=' | '<' | '=';

export interface NumericTarget {
  /** The measure, e.g. 政策多样化解读率. */
  metric: string;
  comparator: Comparator;
  value: number;
  unit: string;
  /** The words of the plan, e.g. 政策多样化解读率不得低于90%. */
  text: string;
  /** Item id it belongs to. */
  item: string;
  line: number;
}

export interface WorkPlanItem {
  /** `序号.n`, e.g. `2.2` (the n-th 公开内容 of task 2). */
  id: string;
  /** 序号 of the task. */
  no: number;
  /** 公开任务 of the task. */
  task: string;
  /** 公开内容. */
  content: string;
  /** The matching （一） heading of the numbered text, when found. */
  heading: string | null;
  requirements: Requirement[];
  /** Every department of the item, in order, once. */
  departments: string[];
  /** Paragraphs of the numbered text under the heading (squeezed). */
  paragraphs: string[];
  /** Phrases matched against reports. */
  phrases: string[];
  targets: NumericTarget[];
}

export interface WorkPlanTask {
  no: number;
  /** 公开任务 as the table prints it (whitespace removed), or the heading text. */
  task: string;
  /** The 一、 heading of the numbered text, e.g. 扩大公开范围，打造阳光政府. */
  heading: string | null;
  items: WorkPlanItem[];
}

export interface WorkPlan {
  title: string | null;
  year: number | null;
  /** 发文字号, e.g. 运政办发〔2021〕31号. */
  docNo: string | null;
  /** Where the tasks were read from. */
  source: 'table' | 'text' | 'none';
  tasks: WorkPlanTask[];
  /** All items, in order. */
  items: WorkPlanItem[];
  targets: NumericTarget[];
  /** Chinese notes on what could not be read. */
  warnings: string[];
}

/* --------------------------------------------------------------- text */

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、]/;

/** Whitespace out, except one space between two ASCII words. */
export function tidy(s: string): string {
  return s.trim().replace(/\s+/g, (m, off: number, all: string) => {
    const a = all[off - 1] ?? '';
    const b = all[off + m.length] ?? '';
    return /[A-Za-z0-9]/.test(a) && /[A-Za-z0-9]/.test(b) && !CJK.test(a) && !CJK.test(b) ? ' ' : '';
  });
}

/** For comparing: no whitespace, brackets one width, no punctuation. */
const bare = (s: string) => s.replace(/[\s\p{P}\p{S}]/gu, '');
/** For matching: no whitespace, brackets full-width. */
const norm = (s: string) => s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

/** Dice coefficient of character bigrams: 完善政府信息公开审核机制 ~ 完善政府信息公开发布审核机制. */
function dice(a: string, b: string): number {
  const grams = (s: string) => Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2));
  const x = grams(a);
  const y = grams(b);
  const pool = [...y];
  let common = 0;
  for (const g of x) {
    const k = pool.indexOf(g);
    if (k >= 0) {
      common++;
      pool.splice(k, 1);
    }
  }
  return x.length + y.length ? (2 * common) / (x.length + y.length) : 0;
}

/* --------------------------------------------------------------- table */

type Col = 'no' | 'task' | 'content' | 'requirement' | 'departments';
const HEADERS: Record<Col, RegExp> = {
  no: /^(?:序号|编号)$/,
  task: /^(?:公开任务|重点任务|工作任务|任务)$/,
  content: /^(?:公开内容|工作内容|内容|任务内容)$/,
  requirement: /^(?:具体要求|工作要求|要求|具体措施|主要措施)$/,
  departments: /^(?:责任部门|责任单位|牵头单位|责任主体|牵头部门)$/,
};

interface RawRow {
  cells: string[];
  line: number;
}

function splitRow(l: SourceLine): string[] | null {
  const t = l.text;
  if (t.trimStart().startsWith('|')) {
    const inner = t.trim().replace(/^\|/, '').replace(/\|$/, '');
    const cells = inner.split('|');
    return cells.every((c) => /^\s*:?-+:?\s*$/.test(c)) ? [] : cells; // separator line
  }
  return t.includes('\t') ? t.split('\t') : null;
}

const DEPT_LIKE = /(?:政府|局|委|办|室|厅|单位|管委会|中心|牵头|落实)$/;

function readTable(lines: readonly SourceLine[]): { rows: Record<Col, string>[]; lines: number[] } | null {
  let map: Partial<Record<Col, number>> | null = null;
  const out: Record<Col, string>[] = [];
  const at: number[] = [];
  const last: Record<Col, string> = { no: '', task: '', content: '', requirement: '', departments: '' };
  for (const l of lines) {
    const raw = splitRow(l);
    if (raw === null || raw.length === 0) continue;
    const cells = raw.map(tidy);
    const header: Partial<Record<Col, number>> = {};
    cells.forEach((c, i) => {
      for (const k of Object.keys(HEADERS) as Col[]) if (HEADERS[k].test(c)) header[k] = i;
    });
    if (header.requirement !== undefined && (header.task !== undefined || header.content !== undefined)) {
      map = header; // a header row, first or repeated on a new page
      continue;
    }
    if (!map) continue;
    const width = Math.max(...Object.values(map).map((v) => v ?? 0)) + 1;
    const row: RawRow = {
      cells: [...cells, ...Array(Math.max(0, width - cells.length)).fill('')].slice(0, Math.max(width, cells.length)),
      line: l.no,
    };
    // A row slid left: its last filled cell is a department list but sits before the 责任部门 column.
    const dep = map.departments;
    if (dep !== undefined && !row.cells[dep]) {
      let right = row.cells.length - 1;
      while (right >= 0 && !row.cells[right]) right--;
      if (right >= 0 && right < dep && DEPT_LIKE.test(row.cells[right])) {
        row.cells = [...Array(dep - right).fill(''), ...row.cells].slice(0, row.cells.length);
      }
    }
    const get = (k: Col) => (map![k] !== undefined ? (row.cells[map![k]!] ?? '') : '');
    const cur = {
      no: get('no'),
      task: get('task'),
      content: get('content'),
      requirement: get('requirement'),
      departments: get('departments'),
    };
    if (!cur.requirement && !cur.content) continue;
    // Merged cells: blank means "as above"; a new 序号 or 公开任务 starts a new task.
    if (cur.no && cur.no !== last.no) {
      last.task = '';
      last.content = '';
    }
    if (cur.task && bare(cur.task) !== bare(last.task)) last.content = '';
    for (const k of ['no', 'task', 'content'] as const) {
      if (cur[k]) last[k] = cur[k];
      else cur[k] = last[k];
    }
    out.push(cur);
    at.push(l.no);
  }
  return out.length ? { rows: out, lines: at } : null;
}

/** 责任部门 text → departments: split at 、，; but not inside brackets (各县(市、区)人民政府). */
function splitDepartments(text: string): { departments: string[]; leads: string[] } {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(' || c === '（') depth++;
    if (c === ')' || c === '）') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;]/.test(c)) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  const departments: string[] = [];
  const leads: string[] = [];
  // 市政府办公室、市审批服务管理局牵头: every name up to 牵头 leads.
  let leadGroup: string[] = [];
  for (let p of parts.map((x) => x.trim()).filter(Boolean)) {
    if (/牵头$/.test(p)) {
      p = p.replace(/牵头$/, '');
      leadGroup.push(p);
      leads.push(...leadGroup);
      leadGroup = [];
      departments.push(p);
      continue;
    }
    p = p.replace(/抓好落实$/, '');
    leadGroup.push(p);
    departments.push(p);
  }
  return { departments, leads };
}

/* ------------------------------------------------------ numbered text */

interface OutlineNode {
  level: 1 | 2;
  title: string;
  line: number;
  paragraphs: { text: string; line: number }[];
}

const L1 = /^([一二三四五六七八九十]+)、(.{2,40})$/;
const L2 = /^[（(]([一二三四五六七八九十]+)[）)](.{2,40}?)。?$/;
const PARA = /^\d{1,2}[.．、](?!\d)/;

function outline(lines: readonly SourceLine[]): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  let started = false;
  let para: { text: string; line: number } | null = null;
  const close = () => {
    if (para && nodes.length) nodes[nodes.length - 1].paragraphs.push(para);
    para = null;
  };
  for (const l of lines) {
    const t = tidy(l.text);
    if (!t) continue;
    // The end of the numbered text: the attachment, the table, or the closing 本要点落实情况… sentence.
    if (/^附件|^序号|^本(?:要点|方案|计划)/.test(t) || l.text.includes('\t')) {
      if (started) break;
      else continue;
    }
    const m1 = L1.exec(t);
    const m2 = L2.exec(t);
    if (m1 && !/[。；]$/.test(t)) {
      close();
      started = true;
      nodes.push({ level: 1, title: m1[2], line: l.no, paragraphs: [] });
      continue;
    }
    if (!started) continue;
    if (m2) {
      close();
      nodes.push({ level: 2, title: m2[2], line: l.no, paragraphs: [] });
      continue;
    }
    if (PARA.test(t) || !para) {
      close();
      para = { text: t.replace(PARA, ''), line: l.no };
      continue;
    }
    para.text += t;
  }
  close();
  return nodes;
}

/* ------------------------------------------------------------ phrases */

/** Words every report uses: never enough to say a task is addressed. */
const GENERIC = [
  '政府信息公开条例',
  '信息公开申请',
  '政策解读',
  '工作人员',
  '不予公开',
  '条例',
  '解读',
  '申请',
  '发布',
  '推进',
  '政府信息公开',
  '政务公开',
  '信息公开',
  '政府信息',
  '主动公开',
  '依申请公开',
  '政务新媒体',
  '政府网站',
  '门户网站',
  '各级各部门',
  '人民政府',
  '有关单位',
  '有关部门',
  '工作',
  '公开',
  '政府',
  '信息',
  '相关',
  '有关',
  '建设',
  '机制',
  '制度',
  '管理',
  '平台',
  '服务',
  '进一步',
  '加强',
  '提升',
  '做好',
  '各县',
  '市直',
  '全市',
  '社会',
  '公众',
  '群众',
  '政策',
  '部门',
  '单位',
];
const GENERIC_RE = new RegExp(GENERIC.sort((a, b) => b.length - a.length).join('|'), 'g');
const residue = (s: string) => s.replace(GENERIC_RE, '').replace(/[\p{P}\p{S}\d（）]/gu, '');

const LEAD =
  /^(?:从\d{4}年起|年内|进一步|持续|不断|全面|积极|严格|及时|切实|认真|着力|大力|逐步|定期|稳步|动态|加强|加大|做好|做实|抓好|提升|提高|推进|推动|推广|完善|健全|建立|强化|规范|拓展|拓宽|扩大|深化|优化|创新|开设|启用|落实|实施|实行|开展|出台|制定|制作|梳理|编制|开发|打造|充实|争取|探索|尝试|依托|利用|围绕|按照|针对|通过|要|应当|应|必须|各级各部门|县级以上政府及其有关部门|并|对|将|在|和|及|与|还|更加|注重|重点|结合|调整)+/;
const TRAIL = /(?:工作|等方面|等工作|等信息|等功能|等|的|力度|方面|情况)+$/;
/** A phrase worth matching: more than generic words, no numbers or brackets, not a body's name, not a clause fragment. */
const usable = (p: string) =>
  !/[×\d（）()[\]]/.test(p) &&
  !/人民政府$/.test(p) &&
  !/^[此为由从当即或使以把被其该]/.test(p) &&
  residue(p).length >= 2;

function phrasesOf(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of texts) {
    const t = norm(raw);
    for (const m of t.matchAll(/[“"「]([^”"」]{2,20})[”"」]/g)) if (usable(m[1])) out.add(m[1]);
    // Bracketed notes (（市、区）, 文号) out first: their 、 would cut names apart.
    const plain = t.replace(/（[^（）]{0,20}）|\[[^\]]{0,20}\]|〔[^〕]{0,8}〕/g, '');
    for (const clause of plain.split(/[，。；：、,;:！？“”"「」《》\s]|的|以及|并且|或者|同时/)) {
      const p = clause.replace(LEAD, '').replace(TRAIL, '').replace(LEAD, '');
      if (p.length >= 4 && p.length <= 16 && usable(p)) out.add(p);
    }
  }
  return [...out];
}

/* ------------------------------------------------------------- targets */

const COMPARATORS: [RegExp, Comparator][] = [
  [/^(?:不得低于|不低于|不少于|不得少于|至少达到|至少为|达到)$/, '>='],
  [/^(?:不超过|不得超过|不高于|不得高于|控制在)$/, '<='],
  [/^(?:高于|超过|大于)$/, '>'],
  [/^(?:低于|少于|小于)$/, '<'],
];
const TARGET_RE =
  /([\p{Script=Han}]{2,30}?)(不得低于|不低于|不少于|不得少于|至少达到|至少为|达到|不超过|不得超过|不高于|不得高于|控制在|高于|超过|大于|低于|少于|小于)(\d+(?:\.\d+)?)\s*(%|％|个百分点|个|条|件|天|日|次|小时|家)/gu;
/** The measure is what follows the last scope word: 年起各级各部门政策多样化解读率 → 政策多样化解读率. */
const SCOPE_CUT = /^.*(?:起|各级各部门|各部门|各单位|各级|全市|全县|全区|其中|的|要|应|须)/;

function targetsIn(text: string, item: string, line: number): NumericTarget[] {
  const out: NumericTarget[] = [];
  for (const m of norm(text).matchAll(TARGET_RE)) {
    const metric = m[1].replace(SCOPE_CUT, '');
    if (metric.length < 2) continue;
    const comparator = COMPARATORS.find(([re]) => re.test(m[2]))![1];
    out.push({
      metric,
      comparator,
      value: Number(m[3]),
      unit: m[4] === '％' ? '%' : m[4],
      text: `${metric}${m[2]}${m[3]}${m[4]}`,
      item,
      line,
    });
  }
  return out;
}

/* -------------------------------------------------------------- parse */

export function parseWorkPlan(text: string): WorkPlan {
  const lines = toLines(text);
  const warnings: string[] = [];
  const squeezed = lines.map((l) => tidy(l.text));
  const titleLine =
    squeezed.find((t) => /^\S{0,30}\d{4}年\S{0,20}工作要点$/.test(t) && !/通知|分解表/.test(t)) ??
    squeezed.find((t) => /工作要点/.test(t)) ??
    null;
  const title = titleLine ? titleLine.replace(/^关于印发/, '').replace(/的通知$/, '') : null;
  const year = Number(title?.match(/(\d{4})年/)?.[1]) || null;
  const docNo = squeezed.find((t) => /^\S{1,12}〔\d{4}〕\d+号$/.test(t)) ?? null;
  const nodes = outline(lines);
  const level1 = nodes.filter((n) => n.level === 1);
  const table = readTable(lines);
  const tasks: WorkPlanTask[] = [];

  if (table) {
    const byNo = new Map<string, WorkPlanTask>();
    table.rows.forEach((r, i) => {
      const no = Number(r.no) || byNo.size + 1;
      let task = byNo.get(r.no || String(no));
      if (!task) {
        task = { no, task: r.task, heading: null, items: [] };
        byNo.set(r.no || String(no), task);
        tasks.push(task);
      }
      let item = task.items.find((it) => bare(it.content) === bare(r.content));
      if (!item) {
        item = {
          id: `${no}.${task.items.length + 1}`,
          no,
          task: task.task,
          content: r.content,
          heading: null,
          requirements: [],
          departments: [],
          paragraphs: [],
          phrases: [],
          targets: [],
        };
        task.items.push(item);
      }
      const d = splitDepartments(r.departments);
      item.requirements.push({
        text: r.requirement,
        departmentsText: r.departments || null,
        departments: d.departments,
        leads: d.leads,
        line: table.lines[i],
      });
    });
    // Attach the numbered text: a task to its 一、 heading (same words, else same position), an item to its （一）.
    tasks.forEach((t, i) => {
      const l1 = level1.find((n) => bare(n.title) === bare(t.task)) ?? level1[i];
      if (!l1) return;
      t.heading = l1.title;
      const under = nodes.slice(nodes.indexOf(l1) + 1);
      const end = under.findIndex((n) => n.level === 1);
      const l2s = (end < 0 ? under : under.slice(0, end)).filter((n) => n.level === 2);
      for (const it of t.items) {
        const b = bare(it.content);
        const l2 =
          l2s.find((n) => bare(n.title) === b) ??
          l2s.find((n) => bare(n.title).includes(b) || b.includes(bare(n.title))) ??
          l2s.find((n) => dice(bare(n.title), b) >= 0.7);
        const src = l2 ?? (l2s.length === 0 && t.items.length === 1 ? l1 : undefined);
        if (!src) continue;
        it.heading = src.title;
        it.paragraphs = src.paragraphs.map((p) => p.text);
      }
    });
  } else if (level1.length) {
    warnings.push('未能读取任务分解表（如PDF的纯文本版式），任务取自正文编号，没有责任部门');
    level1.forEach((l1, i) => {
      const task: WorkPlanTask = { no: i + 1, task: l1.title, heading: l1.title, items: [] };
      const under = nodes.slice(nodes.indexOf(l1) + 1);
      const end = under.findIndex((n) => n.level === 1);
      const l2s = (end < 0 ? under : under.slice(0, end)).filter((n) => n.level === 2);
      for (const src of l2s.length ? l2s : [l1]) {
        task.items.push({
          id: `${task.no}.${task.items.length + 1}`,
          no: task.no,
          task: task.task,
          content: src.title,
          heading: src.title,
          requirements: src.paragraphs.map((p) => ({
            text: p.text,
            departmentsText: null,
            departments: [],
            leads: [],
            line: p.line,
          })),
          departments: [],
          paragraphs: src.paragraphs.map((p) => p.text),
          phrases: [],
          targets: [],
        });
      }
      tasks.push(task);
    });
  } else {
    warnings.push('未找到任务分解表，也未找到“一、（一）”式的编号正文');
  }

  const items = tasks.flatMap((t) => t.items);
  for (const it of items) {
    it.departments = [...new Set(it.requirements.flatMap((r) => r.departments))];
    it.phrases = phrasesOf([it.content, ...it.requirements.map((r) => r.text), ...it.paragraphs]);
    const found = it.requirements.flatMap((r) => targetsIn(r.text, it.id, r.line));
    // The numbered text may state a target the table leaves out.
    for (const p of it.paragraphs)
      for (const t of targetsIn(p, it.id, 0))
        if (!found.some((f) => f.metric === t.metric && f.value === t.value)) found.push(t);
    it.targets = found;
  }
  return {
    title,
    year,
    docNo,
    source: table ? 'table' : level1.length ? 'text' : 'none',
    tasks,
    items,
    targets: items.flatMap((i) => i.targets),
    warnings,
  };
}

export async function readWorkPlanFile(
  bytes: Uint8Array,
  name: string,
  env: ReaderEnv,
): Promise<WorkPlan | { error: string }> {
  const { record, text } = await readReportFileWithText(bytes, name, env);
  if (text === null) return { error: record.reason ?? '无法读取文件' };
  return parseWorkPlan(text);
}

/* ------------------------------------------------------------ coverage */

export interface CoverageReport {
  id: string;
  /** Shown as the row label, e.g. 运城市人民政府办公室 2021. */
  label: string;
  text: string;
}

export interface PhraseHit {
  /** The plan's phrase. */
  phrase: string;
  /** The words the report shares with it. */
  matched: string;
  /** The report's sentences that contain them (whitespace removed, brackets full-width), with their lines. */
  sentences: Sentence[];
}

export interface CoverageCell {
  item: string;
  addressed: boolean;
  hits: PhraseHit[];
}

export interface ReportFigure {
  metric: string;
  value: number;
  unit: string;
  sentence: Sentence;
}

export interface TargetComparison {
  report: string;
  target: NumericTarget;
  figure: ReportFigure;
  /** Whether the stated figure meets the target. */
  met: boolean;
}

export interface CoverageMatrix {
  items: WorkPlanItem[];
  reports: { id: string; label: string }[];
  /** cells[r][i]: report r × item i. */
  cells: CoverageCell[][];
  targets: TargetComparison[];
}

/**
 * The longest tail of `phrase` (≥ 60% of it, ≥ 4 characters, more than
 * generic words) that `text` contains. A tail, because Chinese noun phrases
 * end in their head: 多样化解读 is a 政策多样化解读, 政府信息公开 is no 政府信息公开专用章.
 */
function sharedRun(phrase: string, text: string): string | null {
  const min = Math.max(4, Math.ceil(phrase.length * 0.6));
  for (let len = phrase.length; len >= min; len--) {
    const s = phrase.slice(phrase.length - len);
    if (residue(s).length >= 2 && text.includes(s)) return s;
  }
  return null;
}

const FIGURE_RE =
  /([\p{Script=Han}]{1,16}?率)(?:达到|达|为|是|提高到|提高至|提升至|提升到|保持在|在)?(\d+(?:\.\d+)?)\s*(%|％)/gu;

function figuresIn(ss: readonly Sentence[]): ReportFigure[] {
  const out: ReportFigure[] = [];
  for (const s of ss)
    for (const m of s.text.matchAll(FIGURE_RE)) out.push({ metric: m[1], value: Number(m[2]), unit: '%', sentence: s });
  return out;
}

/** Same measure: one name ends the other (多样化解读率 / 政策多样化解读率), or they share a tail of 3+ characters (…解读率). */
function sameMetric(a: string, b: string): boolean {
  if (a.endsWith(b) || b.endsWith(a)) return Math.min(a.length, b.length) >= 3;
  let k = 0;
  while (k < a.length && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k >= 3 && residue(a.slice(-k)).length >= 2;
}

const meets = (v: number, c: Comparator, t: number) =>
  c === '>=' ? v >= t : c === '>' ? v > t : c === '<=' ? v <= t : c === '<' ? v < t : v === t;

export function coverage(plan: WorkPlan, reports: readonly CoverageReport[]): CoverageMatrix {
  const cells: CoverageCell[][] = [];
  const targets: TargetComparison[] = [];
  for (const r of reports) {
    const ss = sentences(proseLines(r.text)).map((s) => ({ ...s, text: norm(s.text) }));
    const all = ss.map((s) => s.text).join('\n');
    const row: CoverageCell[] = [];
    for (const it of plan.items) {
      const hits: PhraseHit[] = [];
      for (const phrase of it.phrases) {
        const matched = sharedRun(phrase, all);
        if (!matched) continue;
        hits.push({ phrase, matched, sentences: ss.filter((s) => s.text.includes(matched)) });
      }
      row.push({ item: it.id, addressed: hits.length > 0, hits });
    }
    cells.push(row);
    const figures = figuresIn(ss);
    for (const t of plan.targets) {
      if (t.unit !== '%') continue;
      for (const f of figures)
        if (sameMetric(t.metric, f.metric))
          targets.push({ report: r.id, target: t, figure: f, met: meets(f.value, t.comparator, t.value) });
    }
  }
  return { items: plan.items, reports: reports.map((r) => ({ id: r.id, label: r.label })), cells, targets };
}

/* -------------------------------------------------------------- export */

export function coverageGrid(m: CoverageMatrix): { columns: ExportColumn[]; rows: ExportRow[] } {
  const columns: ExportColumn[] = [
    { key: 'report', label: '报告' },
    ...m.items.map((it) => ({ key: it.id, label: `${it.id} ${it.content}` })),
    { key: 'addressed', label: '涉及任务数' },
  ];
  const rows = m.reports.map((r, ri) => {
    const row: ExportRow = { report: r.label };
    m.cells[ri].forEach((c) => {
      row[c.item] = c.addressed ? `✓ ${[...new Set(c.hits.map((h) => h.matched))].join('、')}` : '';
    });
    row.addressed = m.cells[ri].filter((c) => c.addressed).length;
    return row;
  });
  return { columns, rows };
}

export function coverageDetails(m: CoverageMatrix): { columns: ExportColumn[]; rows: ExportRow[] } {
  const columns: ExportColumn[] = [
    { key: 'report', label: '报告' },
    { key: 'item', label: '任务' },
    { key: 'content', label: '公开内容' },
    { key: 'phrase', label: '要点词句' },
    { key: 'matched', label: '报告中的词句' },
    { key: 'line', label: '行' },
    { key: 'sentence', label: '报告原句' },
  ];
  const rows: ExportRow[] = [];
  m.reports.forEach((r, ri) =>
    m.cells[ri].forEach((c, ii) => {
      for (const h of c.hits)
        for (const s of h.sentences) {
          rows.push({
            report: r.label,
            item: c.item,
            content: m.items[ii].content,
            phrase: h.phrase,
            matched: h.matched,
            line: s.line,
            sentence: s.text,
          });
        }
    }),
  );
  return { columns, rows };
}
