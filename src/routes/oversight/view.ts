/**
 * 跨年核查: what the view asks (every report of the data shown, with its record
 * and text), and how they become its findings, its pairs of consecutive years
 * check by check, its deadlines and their exports. Plain functions, tested in
 * Node (tests/views/oversight.test.ts); +page.svelte and its parts only compose them.
 */
import {
  crossYear,
  NARRATIVE_LABELS,
  timeliness,
  type CrossYearResult,
  type NarrativeKey,
  type OversightFinding,
  type ReportRef,
  type SharedPassage,
  type TextSimilarity,
  type YearPair,
} from '$lib/oversight/cross-year';
import { inputsOf, reportsQuery, type LoadedReport } from '$lib/oversight/reports-query';
import { toLines } from '$lib/report/text/lines';
import { t } from '$lib/i18n.svelte';
import { fmtPct } from '$lib/ui/format';
import { LEVEL_UNKNOWN_DEADLINE, statusZh } from '$lib/ui/oversight-words';
import { ruleZh, SEVERITIES, severityZh } from '$lib/ui/rules';
import { ORIGIN, SOURCE, type Msg } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/** Every report of the data shown. */
export const oversightQueries = (load?: Parameters<typeof reportsQuery>[0]) => ({ reports: reportsQuery(load) });

/** The view's state in its URL: the filters and the boilerplate threshold in percent (metrics.md: 50%). */
export function filtersFrom(params: URLSearchParams) {
  const n = Number(params.get('threshold'));
  return {
    rule: params.get('rule') ?? '',
    severity: params.get('severity') ?? '',
    threshold: Number.isFinite(n) && n > 0 && n < 100 ? n : 50,
  };
}
export type Filters = ReturnType<typeof filtersFrom>;

/** The checks of every report against itself a year before, at the view's threshold. */
export const checkAll = (reports: readonly LoadedReport[], f: Filters): CrossYearResult =>
  crossYear(inputsOf(reports), { boilerplateThreshold: f.threshold / 100 });

/** The findings' rules (the filter's choices), the findings the filters keep, and the counts of the summary. */
export function findingsOf(result: CrossYearResult, f: Filters) {
  const rules = [...new Set(result.findings.map((x) => x.rule))].sort();
  const shown = result.findings.filter(
    (x) => (!f.rule || x.rule === f.rule) && (!f.severity || x.severity === f.severity),
  );
  // The bodies' problems; a comparison that read a table our reader had trouble with is a 读取问题, counted apart.
  const own = result.findings.filter((x) => x.origin !== 'reading');
  const totals = Object.fromEntries(SEVERITIES.map((s) => [s, own.filter((x) => x.severity === s).length])) as Record<
    string,
    number
  >;
  return { rules, shown, own: own.length, reading: result.findings.length - own.length, totals };
}

/** Everything the view shows, from the reports and the filters: the checks, the findings kept, the deadlines, the exports. */
export function shape(reports: readonly LoadedReport[], f: Filters) {
  const byId = byIdOf(reports),
    result = checkAll(reports, f),
    deadlines = deadlinesOf(reports);
  const found = findingsOf(result, f);
  return {
    reports,
    byId,
    result,
    deadlines,
    ...found,
    exports: {
      findings: findingsExport(found.shown),
      pairs: pairsExport(result, byId),
      deadlines: deadlinesExport(deadlines),
    },
  };
}

/* --------------------------------------------- the pairs, check by check */
export type Check = 'ok' | 'differs' | 'unchecked' | 'na' | 'reading';
export const CHECK: Record<Check, Msg> = {
  ok: { zh: '一致', en: 'agrees' },
  differs: { zh: '不一致', en: 'differs' },
  unchecked: { zh: '无法核对', en: 'cannot check' },
  na: { zh: '不适用', en: 'n/a' },
  reading: { zh: '不一致（读取问题，不计）', en: 'differs (reading problem, not counted)' },
};
export const checkName = (c: Check) => t(CHECK[c].zh, CHECK[c].en);

export const byIdOf = (reports: readonly LoadedReport[]) => new Map(reports.map((r) => [r.id, r]));

export function checks(
  p: YearPair,
  byId: ReadonlyMap<string, LoadedReport>,
): { carry: Check; stock: Check; narrative: Check } {
  const has = (rule: string) => p.findings.some((f) => f.rule === rule);
  // A difference found on a table our reader could not read whole is ours, not the body's.
  const ours = (rule: string) => p.findings.some((f) => f.rule === rule && f.origin === 'reading');
  const prev = byId.get(p.previous.id)?.record;
  const cur = byId.get(p.current.id)?.record;
  const carried = !!(prev?.requests.carried_forward && cur?.requests.carried_over);
  const carry: Check = ours('cross_year.carry_over')
    ? 'reading'
    : has('cross_year.carry_over')
      ? 'differs'
      : has('cross_year.carry_over_unchecked')
        ? 'unchecked'
        : carried
          ? 'ok'
          : 'unchecked';
  const stock: Check =
    prev?.format !== '2021' || cur?.format !== '2021'
      ? 'na'
      : ours('cross_year.stock_flow')
        ? 'reading'
        : has('cross_year.stock_flow')
          ? 'differs'
          : 'ok';
  const narrative: Check = ours('cross_year.narrative_change')
    ? 'reading'
    : has('cross_year.narrative_change')
      ? 'differs'
      : 'ok';
  return { carry, stock, narrative };
}

/** Last year's words from where the shared passage starts (its line, then its first words), about as long as this year's. */
export function previousWords(p: YearPair, s: SharedPassage, byId: ReadonlyMap<string, LoadedReport>): string {
  const text = byId.get(p.previous.id)?.text;
  if (!text) return '';
  const lines = toLines(text)
    .slice(s.previousLine - 1)
    .map((l) => l.text.replace(/\s+/g, ''));
  let out = '';
  for (const l of lines) {
    out += l;
    if (out.length >= 2 * s.text.length + 16) break;
  }
  const at = out.indexOf(s.text.slice(0, 6));
  const from = at >= 0 && at < (lines[0]?.length ?? 0) ? at : 0;
  return out.slice(from, from + s.text.length + 8);
}
export const KEYS: NarrativeKey[] = ['overview', 'problems'];
/** A pair's section, as the URL names the passages opened (`passages=<report id>|<section>`). */
export const pairKey = (p: YearPair, k: NarrativeKey) => `${p.current.id}|${k}`;

/* --------------------------------------------- deadlines */
export const deadlinesOf = (reports: readonly LoadedReport[]) => reports.map((r) => ({ r, tl: timeliness(r.record) }));

/* --------------------------------------------- exports (Chinese headers, as every export) */
const refName = (r: ReportRef) => `${r.agency} ${r.year}`;
export const note = (threshold: number) =>
  t(
    `数据来源：各单位政府信息公开工作年度报告；跨年核查由明镜程序完成，正文雷同阈值 ${threshold}%。`,
    `${SOURCE.en}; cross-year checks by Mingjing, boilerplate threshold ${threshold}%.`,
  );

export function findingsExport(shown: readonly OversightFinding[]) {
  return {
    columns: [
      { key: 'severity', label: '严重程度' },
      { key: 'rule_zh', label: '问题类型' },
      { key: 'message', label: '说明' },
      { key: 'report', label: '报告' },
      { key: 'previous', label: '上年度报告' },
      { key: 'rule', label: '规则' },
      { key: 'report_id', label: '报告编号' },
      { key: 'previous_id', label: '上年度报告编号' },
      { key: 'origin', label: '谁的问题' },
    ],
    rows: shown.map((f) => ({
      origin: ORIGIN[f.origin === 'reading' ? 'reading' : 'report'].zh,
      severity: severityZh(f.severity),
      rule_zh: ruleZh(f.rule),
      message: f.message,
      report: refName(f.report),
      previous: f.previous ? refName(f.previous) : '',
      rule: f.rule,
      report_id: f.report.id,
      previous_id: f.previous?.id ?? '',
    })),
  };
}

const simText = (s: TextSimilarity | null) => (s ? `${fmtPct(s.share, 0)}（${s.passages.length}段）` : '');
export function pairsExport(result: CrossYearResult, byId: ReadonlyMap<string, LoadedReport>) {
  return {
    columns: [
      { key: 'previous', label: '上年度报告' },
      { key: 'current', label: '本年度报告' },
      { key: 'carry', label: '上年结转＝上年结转下年度' },
      { key: 'stock', label: '文件存量' },
      { key: 'overview', label: `${NARRATIVE_LABELS.overview}相同文字` },
      { key: 'problems', label: `${NARRATIVE_LABELS.problems}相同文字` },
      { key: 'narrative', label: '正文较上年变化' },
      { key: 'findings', label: '发现问题' },
    ],
    rows: result.pairs.map((p) => {
      const c = checks(p, byId);
      return {
        previous: refName(p.previous),
        current: refName(p.current),
        carry: CHECK[c.carry].zh,
        stock: CHECK[c.stock].zh,
        overview: simText(p.boilerplate.overview),
        problems: simText(p.boilerplate.problems),
        narrative: CHECK[c.narrative].zh,
        findings: p.findings.length,
      };
    }),
  };
}

export function deadlinesExport(deadlines: ReturnType<typeof deadlinesOf>) {
  return {
    columns: [
      { key: 'agency', label: '单位' },
      { key: 'year', label: '年度' },
      { key: 'deadline', label: '法定期限' },
      { key: 'article', label: '依据' },
      { key: 'published', label: '发布日期' },
      { key: 'status', label: '状态' },
      { key: 'days', label: '逾期天数' },
      { key: 'report_id', label: '报告编号' },
    ],
    rows: deadlines.map(({ r, tl }) => ({
      agency: r.record.agency,
      year: r.record.year,
      deadline: tl.deadline?.date ?? '',
      article: tl.deadline?.article ?? (tl.reason === 'level_unknown' ? LEVEL_UNKNOWN_DEADLINE.zh : ''),
      published: tl.published ?? '',
      status: statusZh(tl.status),
      days: tl.status === 'late' ? tl.daysLate : '',
      report_id: r.id,
    })),
  };
}

/* --------------------------------------------- words */
export const W = {
  intro: {
    zh: '同一单位相邻两个年度的报告相互核对：本年“上年结转”应等于上年“结转下年度继续办理”；规章和行政规范性文件的现行有效件数应等于上年现行有效加本年制发减本年废止；总体情况和存在问题两节与上年文字大段相同的，列出相同段落；正文所称“较上年增加/减少”与两年表格核对。每份报告的发布日期与《政府信息公开条例》第四十九条规定的期限核对。空白不等于0，空白的单元格不作比较。',
    en:
      'Reports of the same body in consecutive years are checked against each other: this year’s “carried over” must equal last year’s “carried forward”; ' +
      'the regulations and normative documents in force must equal last year’s stock plus those issued minus those repealed; ' +
      'where sections I and V repeat last year’s text, the shared passages are listed; ' +
      'a change “on last year” stated in the text is checked against both years’ tables. ' +
      'Every report’s publication date is checked against the deadline of article 49 of the Regulations on Open Government Information. ' +
      'A blank is not 0: blank cells are not compared.',
  },
  deadlines: {
    zh: '部门和政府办公室（厅）1月31日前，县级以上人民政府3月31日前（条例第四十九条）；2018年度及以前按2007年条例第三十一条，3月31日前；级别不明的单位（功能区管委会等）不判断',
    en:
      'departments and government offices by 31 January, governments by 31 March (art. 49); 2018 and earlier by 31 March (2007 Regulations, art. 31); ' +
      'bodies of unknown level (functional zones) are not judged',
  },
  noFindings: (filtered: boolean): Msg => ({
    zh: `没有发现问题${filtered ? '（当前筛选下）' : ''}。正文雷同阈值可调低后再看。`,
    en: `No findings${filtered ? ' under the current filters' : ''}. The boilerplate threshold can be lowered to look closer.`,
  }),
  noPairs: { zh: '没有同一单位相邻年度的两份报告。', en: 'No body has reports for two consecutive years.' },
  shownCount: (n: number): Msg => ({ zh: `当前筛选下 ${n} 条`, en: `${n} under the current filters` }),
  passages: (n: number): Msg => ({ zh: `${n} 段`, en: `${n} passage${n === 1 ? '' : 's'}` }),
  aboveThreshold: { zh: '超过阈值', en: 'above threshold' },
  passagesTitle: (p: YearPair, section: Msg): Msg => ({
    zh: `${p.current.year}年与${p.previous.year}年“${section.zh}”相同的段落`,
    en: `Passages of “${section.en}” shared by ${p.current.year} and ${p.previous.year}`,
  }),
  line: (n: number): Msg => ({ zh: `第 ${n} 行`, en: `line ${n}` }),
  fromLine: (n: number): Msg => ({ zh: `第 ${n} 行起`, en: `from line ${n}` }),
} as const;

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask, load) => askAll(ask, oversightQueries(load));
