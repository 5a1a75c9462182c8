/**
 * 工作要点: what the view asks (the embedded plans, the plan named in the URL,
 * every report of the data shown), and how a plan and the reports become the
 * reports × items matrix, the targets beside the figures the reports state,
 * and their exports. Plain functions, tested in Node (tests/views/workplan.test.ts);
 * +page.svelte only composes them. An uploaded plan is read by
 * $lib/oversight/workplan.ts (readWorkPlanFile), not asked of the database.
 */
import { base } from '$app/paths';
import { query } from '$lib/db/coordinator';
import { coverage, parseWorkPlan, type CoverageMatrix, type WorkPlan } from '$lib/oversight/workplan';
import { reportsQuery, type LoadedReport } from '$lib/oversight/reports-query';
import { t } from '$lib/i18n.svelte';
import { SOURCE, type Msg } from '$lib/ui/words';

/** An embedded plan as static/data/workplans/index.json lists it. */
export type PlanEntry = {
  file: string;
  source: string;
  title: string | null;
  year: number | null;
  docNo: string | null;
  items: number;
};

/** A file of static/data/workplans, as the app serves it (a test reads it from disk). */
export type ReadFile = (file: string) => Promise<string>;
const served: ReadFile = async (file) => {
  const r = await fetch(`${base}/data/workplans/${encodeURIComponent(file)}`);
  if (!r.ok) throw new Error(String(r.status));
  return r.text();
};

/** The embedded plans (none when the list cannot be read: the upload still works). */
export const examplesQueries = (read: ReadFile = served) => ({
  examples: query('workplan:examples', async (): Promise<PlanEntry[]> => {
    try {
      return JSON.parse(await read('index.json')) as PlanEntry[];
    } catch {
      return [];
    }
  }),
});

/** The embedded plan named in the URL (`plan=<file>`), read into its tasks; its error as the answer, said by the page. */
export const planQueries = (file: string, read: ReadFile = served) => ({
  plan: query(`workplan:plan:${file}`, async (): Promise<WorkPlan | { error: string }> => {
    try {
      return parseWorkPlan(await read(file));
    } catch (e) {
      return { error: (e as Error).message };
    }
  }),
});

/** Every report of the data shown. */
export const reportsQueries = (load?: Parameters<typeof reportsQuery>[0]) => ({ reports: reportsQuery(load) });

/** Which items each report's prose addresses (reports without text are left out). */
export function matrixOf(plan: WorkPlan, reports: readonly LoadedReport[]): CoverageMatrix {
  const withText = reports.filter((r) => r.text !== null);
  return coverage(
    plan,
    withText.map((r) => ({ id: r.id, label: `${r.record.agency} ${r.record.year}`, text: r.text! })),
  );
}
/** How many reports address each item. */
export const itemsAddressed = (m: CoverageMatrix) =>
  m.items.map((_, i) => m.cells.filter((row) => row[i].addressed).length);

/** A cell pinned in the URL (`pin=<item>@<report id>`), when it is there and addressed. */
export function pinOf(p: string | null, m: CoverageMatrix): { r: number; i: number } | null {
  const at = p?.indexOf('@') ?? -1;
  if (!p || at < 0) return null;
  const r = m.reports.findIndex((x) => x.id === p.slice(at + 1)),
    i = m.items.findIndex((x) => x.id === p.slice(0, at));
  return r >= 0 && i >= 0 && m.cells[r][i].addressed ? { r, i } : null;
}
export const pinParam = (m: CoverageMatrix, at: { r: number; i: number }) =>
  `${m.items[at.i].id}@${m.reports[at.r].id}`;

/** A sentence cut around the words matched, for <mark>. */
export function around(sentence: string, matched: string): { pre: string; hl: string; post: string } {
  const at = sentence.indexOf(matched);
  return at < 0
    ? { pre: sentence, hl: '', post: '' }
    : { pre: sentence.slice(0, at), hl: matched, post: sentence.slice(at + matched.length) };
}

export const COMPARATOR: Record<string, Msg> = {
  '>=': { zh: '不低于', en: 'at least' },
  '>': { zh: '高于', en: 'above' },
  '<=': { zh: '不高于', en: 'at most' },
  '<': { zh: '低于', en: 'below' },
  '=': { zh: '等于', en: 'equal to' },
};

/* ------------------------------------------------ exports (Chinese headers, as every export) */
export const note = (plan: WorkPlan | null, name: string) =>
  t(
    `工作要点：${plan?.title ?? name}；报告：各单位政府信息公开工作年度报告的文字部分（表格之外），由明镜程序按要点词句匹配。`,
    `Work plan: ${plan?.title ?? name}; ${SOURCE.en}, their prose (outside the tables), matched on the plan’s phrases by Mingjing.`,
  );

export function tasksExport(plan: WorkPlan | null) {
  return {
    columns: [
      { key: 'no', label: '序号' },
      { key: 'task', label: '公开任务' },
      { key: 'item', label: '编号' },
      { key: 'content', label: '公开内容' },
      { key: 'requirement', label: '具体要求' },
      { key: 'departments', label: '责任部门' },
      { key: 'targets', label: '量化指标' },
    ],
    rows: (plan?.items ?? []).flatMap((it) =>
      it.requirements.map((r) => ({
        no: it.no,
        task: it.task,
        item: it.id,
        content: it.content,
        requirement: r.text,
        departments: r.departmentsText ?? '',
        targets: it.targets.map((x) => x.text).join('；'),
      })),
    ),
  };
}

/** Each target of the plan against each report: the figure the report states, or none. */
export function targetRows(plan: WorkPlan, m: CoverageMatrix) {
  return plan.targets.flatMap((tg) =>
    m.reports.map((r) => ({ tg, r, hit: m.targets.find((c) => c.report === r.id && c.target === tg) })),
  );
}
export function targetsExport(rows: ReturnType<typeof targetRows>) {
  return {
    columns: [
      { key: 'target', label: '工作要点指标' },
      { key: 'item', label: '任务' },
      { key: 'report', label: '报告' },
      { key: 'figure', label: '报告所述' },
      { key: 'met', label: '是否达到' },
      { key: 'sentence', label: '报告原句' },
      { key: 'line', label: '行' },
    ],
    rows: rows.map(({ tg, r, hit }) => ({
      target: tg.text,
      item: tg.item,
      report: r.label,
      figure: hit ? `${hit.figure.metric}${hit.figure.value}${hit.figure.unit}` : '报告未载明',
      met: hit ? (hit.met ? '达到' : '未达到') : '',
      sentence: hit?.figure.sentence.text ?? '',
      line: hit?.figure.sentence.line ?? '',
    })),
  };
}

/* ------------------------------------------------ words */
export const W = {
  reading: (name: string | null): Msg =>
    name
      ? { zh: `正在读取“${name}”……`, en: `Reading “${name}”…` }
      : { zh: '正在读取工作要点……', en: 'Reading the work plan…' },
  unreadable: (e: string): Msg => ({ zh: `工作要点无法读取：${e}`, en: `The work plan could not be read: ${e}` }),
  noTasks: { zh: '文件中没有找到工作任务。', en: 'No tasks were found in the file.' },
  matrixHint: {
    zh: '✓ 表示报告的文字部分写到了该项；数字为匹配的词句数。鼠标移到格上查看原句，点击固定。',
    en: '✓: the report’s prose addresses the item; the number counts the phrases matched. Point at a cell to see the sentences, click to keep them.',
  },
  cellLabel: (n: number): Msg => ({
    zh: `已写到，匹配 ${n} 个词句`,
    en: `addressed, ${n} phrase${n === 1 ? '' : 's'} matched`,
  }),
  detailHint: {
    zh: '鼠标移到带 ✓ 的格上，这里显示匹配的词句和报告原句。',
    en: 'Point at a cell with ✓ to see the matched phrases and the report’s sentences here.',
  },
  line: (n: number): Msg => ({ zh: `第 ${n} 行`, en: `line ${n}` }),
  pick: { zh: '请打开示例或上传一份工作要点。', en: 'Open the example or upload a work plan.' },
} as const;
