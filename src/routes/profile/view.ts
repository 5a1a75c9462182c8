/**
 * 单位画像: what the view asks (every report of the data set shown, and for
 * one report its indicators with their rank among peers, and last year's),
 * and how the answers become the brief — its indicator rows, its findings
 * (the validator's, cross-year, the deadline; 读取问题 apart) and its exports.
 * Plain functions, tested in Node (tests/views/profile.test.ts); +page.svelte
 * only composes them.
 */
import { query } from '$lib/db/coordinator';
import { metricsForReportsSql, type MetricRow } from '$lib/db/queries-analysis';
import { profileMetricsSql, type ProfileMetricRow } from '$lib/db/queries-oversight';
import type { ReportFile } from '$lib/db/queries-report';
import type { ExportRow } from '$lib/export/table';
import { t } from '$lib/i18n.svelte';
import { METRICS, SMALL_SAMPLE, type MetricDef } from '$lib/metrics/definitions';
import {
  bodyKey,
  crossYear,
  findingsOf,
  timeliness,
  type NarrativeKey,
  type ReportInput,
} from '$lib/oversight/cross-year';
import { reportsQuery, type LoadedReport } from '$lib/oversight/reports-query';
import type { Finding } from '$lib/report/types';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { SECTION } from '$lib/ui/oversight-words';
import { ruleZh, SEVERITIES, severityZh } from '$lib/ui/rules';
import { ORIGIN, SOURCE, type Msg } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/** Last year's report of the same body (the first listed where there are two versions). */
export function previousOf(reports: readonly LoadedReport[], me: LoadedReport): LoadedReport | null {
  if (me.record.year === null) return null;
  const key = bodyKey(me.record);
  return (
    reports.find(
      (r) => r.record.year === me.record.year! - 1 && r.record.kind === 'annual_report' && bodyKey(r.record) === key,
    ) ?? null
  );
}
/** The reports of the same level and year (this one included). */
export const peersOf = (reports: readonly LoadedReport[], me: LoadedReport) =>
  reports.filter((r) => r.row.level === me.row.level && r.record.year === me.record.year);

export interface ProfileData {
  /** Every report of the data set shown (the list to choose from). */
  reports: LoadedReport[];
  /** The report asked for, its body's report of the year before, and how many peers it is ranked among. */
  me: LoadedReport | null;
  prev: LoadedReport | null;
  peers: number;
  /** Its indicators with their rank among peers, and last year's. */
  metrics: ProfileMetricRow[];
  prevMetrics: MetricRow[];
}

/**
 * The view's one query: every report of the data set shown (reportsQuery, shared with the oversight
 * views through the coordinator; `load` reads a report's file), and the chosen one's indicators.
 */
export const profileQueries = (id: string | null, load?: (id: string) => Promise<ReportFile | null>) => ({
  profile: query<ProfileData>(`profile:${id ?? ''}`, async (db, ask) => {
    const reports = await ask(reportsQuery(load));
    const me = id ? (reports.find((r) => r.id === id) ?? null) : null;
    const prev = me ? previousOf(reports, me) : null;
    const metrics = me ? await db.query<ProfileMetricRow>(profileMetricsSql(me.id)) : [];
    const prevMetrics = prev
      ? await db.query<MetricRow>(
          metricsForReportsSql(
            [prev.id],
            METRICS.map((m) => m.key),
          ),
        )
      : [];
    return { reports, me, prev, peers: me ? peersOf(reports, me).length : 0, metrics, prevMetrics };
  }),
});

export const CHOOSE: Msg = {
  zh: '选择一份报告，查看该单位当年的指标、在同级单位中的排名、发现的问题和较上年的变化，可打印为两页A4简报。',
  en:
    'Choose a report to see the body’s indicators for the year, its rank among bodies of the same level, its findings and its changes ' +
    'from last year, printable as a two-page A4 brief.',
};
export const noSuchReport = (id: string): Msg => ({
  zh: `没有编号为“${id}”的报告。`,
  en: `There is no report “${id}”.`,
});

export const codeOf = (code: string) => t(`（${code}）`, ` (${code})`);
export const publishedOf = (published: string | null) =>
  `${t('发布日期：', 'published: ')}${published ?? t('未载明', 'not stated')}`;
/** How much of a section's text is last year's. */
export const sharedText = (k: NarrativeKey, sim: { share: number; passages: readonly unknown[] } | null | undefined) =>
  `${t(`“${SECTION[k].zh}”与上年相同的文字：`, `text of “${SECTION[k].en}” shared with last year: `)}${
    sim ? `${fmtPct(sim.share, 0)}${t(`（${sim.passages.length} 段）`, ` (${sim.passages.length} passages)`)}` : '—'
  }`;

/* ------------------------------------------------ numbers */

export interface MetricLine {
  m: MetricDef;
  v: ProfileMetricRow;
  p: MetricRow | undefined;
}
/** Every indicator the report has, in the definitions' order, with last year's value. */
export function metricLines(d: Pick<ProfileData, 'metrics' | 'prevMetrics'>): MetricLine[] {
  const prevBy = new Map(d.prevMetrics.map((r) => [r.metric, r]));
  return METRICS.flatMap((m) => {
    const v = d.metrics.find((r) => r.metric === m.key);
    return v ? [{ m, v, p: prevBy.get(m.key) }] : [];
  });
}
export const show = (m: MetricDef, v: number | null | undefined) => (m.unit === 'rate' ? fmtPct(v) : fmtInt(v));
/** The change on last year: points for a rate, the difference (and its share) for a count. */
export function change(m: MetricDef, now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '—';
  const d = now - before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  if (m.unit === 'rate')
    return t(`${sign}${Math.abs(d * 100).toFixed(1)} 个百分点`, `${sign}${Math.abs(d * 100).toFixed(1)} points`);
  const rel = before !== 0 ? ` (${sign}${Math.abs((d / before) * 100).toFixed(0)}%)` : '';
  return `${sign}${fmtInt(Math.abs(d))}${rel}`;
}
/** n: the denominator of a rate (the cases it is computed on); a count is its own n. */
export const nOf = (m: MetricDef, v: ProfileMetricRow) => (m.unit === 'rate' ? v.denominator : null);
export const rankText = (v: ProfileMetricRow) => (v.rank === null ? '—' : `${v.rank} / ${v.ranked}`);

/* ------------------------------------------------ findings */

/** Blank-cell warnings are counted, the others listed: a brief has two pages. */
export const KEYS: NarrativeKey[] = ['overview', 'problems'];
const isBlank = (f: Finding) => f.rule.endsWith('.blank_cell');
const inputsOf = (list: readonly LoadedReport[]): ReportInput[] =>
  list.map((r) => ({ record: r.record, text: r.text, id: r.id }));

/** The body's problems: the report's own findings and cross-year ones; 读取问题 are listed apart, never counted. */
export function findingsFor(me: LoadedReport, prev: LoadedReport | null) {
  const cross = crossYear(inputsOf(prev ? [prev, me] : [me]));
  const crossAll = findingsOf(cross, me.id);
  const crossFindings = crossAll.filter((f) => f.origin !== 'reading');
  const own = me.record.findings.filter((f) => f.origin !== 'reading');
  const blanks = new Map<string, number>();
  for (const f of own) if (isBlank(f)) blanks.set(f.rule, (blanks.get(f.rule) ?? 0) + 1);
  return {
    crossFindings,
    own,
    reading: [...crossAll, ...me.record.findings].filter((f) => f.origin === 'reading'),
    /** The report's own, blank cells apart, the worst first. */
    listed: own
      .filter((f) => !isBlank(f))
      .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)),
    /** Blank-cell warnings, counted per rule. */
    blanks: [...blanks.entries()],
    counts: Object.fromEntries(SEVERITIES.map((s) => [s, own.filter((f) => f.severity === s).length])) as Record<
      string,
      number
    >,
    /** The pair with last year's report (boilerplate shared with it). */
    pair: cross.pairs[0] ?? null,
    timeliness: timeliness(me.record),
  };
}
export type ProfileFindings = ReturnType<typeof findingsFor>;

/* ------------------------------------------------ exports */

export const fileStem = (me: LoadedReport | null) =>
  me ? `${me.record.agency}_${me.record.year}_单位画像` : '单位画像';
export const note = () =>
  t(
    `数据来源：该单位及同级单位政府信息公开工作年度报告。名次在同一层级、同一年度的报告中排列（有方向的指标以较好者为第1名，其余以数值最大者为第1名）；空白不计为0，不参与排名；分母小于${SMALL_SAMPLE}为小样本。`,
    `${SOURCE.en}. Ranks are among the reports of the same level and year (1 = the better where an indicator has a direction, else the highest); ` +
      `blanks are not 0 and are not ranked; a denominator below ${SMALL_SAMPLE} is a small sample.`,
  );

export const METRICS_COLUMNS = [
  { key: 'name', label: '指标' },
  { key: 'value', label: '数值' },
  { key: 'n', label: 'n（分母）' },
  { key: 'small', label: '小样本' },
  { key: 'rank', label: '同级排名' },
  { key: 'peers', label: '同级报告数' },
  { key: 'previous', label: '上年' },
  { key: 'change', label: '较上年' },
  { key: 'formula', label: '公式' },
];
export function metricsRows(lines: readonly MetricLine[]): ExportRow[] {
  return lines.map(({ m, v, p }) => ({
    name: m.zh,
    value: v.value,
    n: nOf(m, v),
    small: v.small ? '是' : '',
    rank: v.rank === null ? '' : `${v.rank}/${v.ranked}`,
    peers: v.peers,
    previous: p?.value ?? null,
    change: p ? change(m, v.value, p.value) : '',
    formula: m.formula,
  }));
}

export const FINDINGS_COLUMNS = [
  { key: 'severity', label: '严重程度' },
  { key: 'rule_zh', label: '问题类型' },
  { key: 'message', label: '说明' },
  { key: 'rule', label: '规则' },
  { key: 'origin', label: '谁的问题' },
];
export function findingsRows(f: ProfileFindings): ExportRow[] {
  return [...f.crossFindings, ...f.own, ...f.reading].map((x) => ({
    origin: ORIGIN[x.origin === 'reading' ? 'reading' : 'report'].zh,
    severity: severityZh(x.severity),
    rule_zh: ruleZh(x.rule),
    message: x.message,
    rule: x.rule,
  }));
}

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask, load) => askAll(ask, profileQueries(null, load));
