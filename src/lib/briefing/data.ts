/**
 * What a 通报 says, as plain data: for one level and year, the figures, the
 * ranked table (ranked as 排名 ranks: $lib/ranking/table), every report with
 * problems of its own (findings of origin `report`, each in the validator's
 * Chinese words), the reports published after the legal deadline (the
 * deadline and article from $lib/oversight/cross-year `timeliness`, the one
 * source the 报送情况 view uses too), and the 口径 and source notes.
 * Findings of origin `reading` are our reader's, not the body's: only how
 * many reports have them is said. The Word file is written from this by
 * ./document.ts; Node tests build both from the real DuckDB.
 */
import { query, sqlQuery } from '$lib/db/coordinator';
import { fetchRanking, rankingSql, RANKING_METRICS } from '$lib/db/queries';
import { lit } from '$lib/db/sql';
import { METRIC_BY_KEY, SMALL_SAMPLE } from '$lib/metrics/definitions';
import { timeliness } from '$lib/oversight/cross-year';
import { fmtScore, fmtValue, kindOf, rankMarks } from '$lib/ranking/chart';
import { rankOf, scoreOf, type Ranked, type Reading } from '$lib/ranking/table';
import { COMPOSITE_FORMULA, orderWords, smallRule, sortLabel, weightsLine } from '$lib/ranking/words';
import type { ReportRecord } from '$lib/report/types';
import { ruleZh, severityZh } from '$lib/ui/rules';
import { levelZh, READING_NOTE, SOURCE } from '$lib/ui/words';

export type FindingRow = {
  report_id: string;
  agency: string;
  region: string | null;
  rule: string;
  severity: string;
  message: string;
};
export type ReportRow = {
  report_id: string;
  agency: string;
  region: string | null;
  region_code: string | null;
  year: number;
  published: string | null;
};

const SEVERITY_ORDER = `CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;
const scope = (level: string, year: number) => `r.level = ${lit(level)} AND r.year = ${Number(year)}`;

/** The reports' own problems (origin `report`) of a level and year: never the reader's. */
export const reportFindingsSql = (level: string, year: number) =>
  `SELECT f.report_id, r.agency, r.region, f.rule, f.severity, f.message
FROM findings f JOIN reports r USING (report_id)
WHERE ${scope(level, year)} AND f.origin = 'report'
ORDER BY r.region_code NULLS LAST, r.agency, f.report_id, ${SEVERITY_ORDER}, f.rule`;
/** The reports of a level and year with what their deadline depends on. */
export const briefingReportsSql = (level: string, year: number) =>
  `SELECT r.report_id, r.agency, r.region, r.region_code, r.year, r.published FROM reports r
WHERE ${scope(level, year)} ORDER BY r.region_code NULLS LAST, r.agency`;

/** What a 通报 asks the database; `ranking` is the very query of 排名 (shared with it by the coordinator). */
export const briefingQueries = (level: string, year: number) => ({
  ranking: query(`ranking\n${rankingSql(level, year, RANKING_METRICS)}`, (db) =>
    fetchRanking(db, level, year, RANKING_METRICS),
  ),
  findings: sqlQuery<FindingRow>(reportFindingsSql(level, year)),
  reports: sqlQuery<ReportRow>(briefingReportsSql(level, year)),
});

export interface RankedLine {
  rank: number | null;
  agency: string;
  region: string;
  /** The value ranked by, as shown (score 0–100, a rate in %, a count). */
  value: string;
  /** Its denominator (n) where it is a rate; '' otherwise. */
  n: string;
  small: boolean;
  /** The composite score, as shown. */
  score: string;
}
export interface ProblemReport {
  id: string;
  agency: string;
  region: string;
  problems: { severity: string; rule: string; message: string }[];
}
export interface LateReport {
  id: string;
  agency: string;
  published: string;
  deadline: string;
  daysLate: number;
  article: string;
  basis: string;
}
export interface Briefing {
  level: string;
  year: number;
  synthetic: boolean;
  title: string;
  figures: {
    reports: number;
    bodies: number;
    /** Σ 本年新收申请 over the reports that print it; null when none does. */
    requestsNew: number | null;
    requestsNewBlank: number;
    /** Pooled 公开率: Σ numerators ÷ Σ denominators (n), over the reports with a denominator. */
    disclosure: { numerator: number; denominator: number; rate: number | null };
    problems: number;
    errors: number;
    problemReports: number;
    late: number;
    undated: number;
    noDeadline: number;
    readingReports: number;
    smallSamples: number;
  };
  /** The ranking's choice in words: indicator, order, weights and directions, small samples. */
  choice: { indicator: string; order: string; weights: string; small: string };
  ranked: RankedLine[];
  problems: ProblemReport[];
  late: LateReport[];
  /** 口径: every definition used. */
  definitions: string[];
  sources: string[];
}

export const briefingTitle = (level: string, year: number, synthetic: boolean) =>
  `${synthetic ? '【模拟数据】' : ''}${year}年度${levelZh(level)}政府信息公开工作年度报告情况通报`;

export const SYNTHETIC_NOTE =
  '模拟数据：本通报由程序生成的模拟数据（npm run data:synthetic）写成，仅供演示和基准测试，不是任何单位的真实报告，不得作为通报依据。';

const sum = (xs: readonly (number | null | undefined)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

/** The 通报 of a level and year from the answers, the table ranked as the user ranks it. */
export function briefingOf(
  a: { findings: readonly FindingRow[]; reports: readonly ReportRow[] },
  table: readonly Ranked[],
  r: Reading,
  scope: { level: string; year: number; synthetic: boolean },
): Briefing {
  const kind = kindOf(r.sortKey);
  const marks = rankMarks(table, r);
  const ranked = table.map((e, i): RankedLine => {
    const m = r.sortKey in e.m ? e.m[r.sortKey] : undefined;
    const s = scoreOf(e, r.excludeSmall).score;
    return {
      rank: rankOf(e, i, r),
      agency: e.agency,
      region: e.region ?? '',
      value: fmtValue(kind, marks[i].value),
      n: m && METRIC_BY_KEY[r.sortKey]?.unit === 'rate' && m.denominator !== null ? String(m.denominator) : '',
      small: marks[i].small,
      score: fmtScore(s),
    };
  });

  const byReport = new Map<string, ProblemReport>();
  for (const f of a.findings) {
    const p = byReport.get(f.report_id) ?? { id: f.report_id, agency: f.agency, region: f.region ?? '', problems: [] };
    p.problems.push({ severity: severityZh(f.severity), rule: ruleZh(f.rule), message: f.message });
    byReport.set(f.report_id, p);
  }

  // The deadline and its article come from the 条例 as cross-year.ts reads it (the 报送情况 view's source).
  const times = a.reports.map((x) => ({
    x,
    t: timeliness({
      agency: x.agency,
      region_code: x.region_code,
      year: x.year,
      published: x.published,
    } as ReportRecord),
  }));
  const late = times
    .filter(({ t }) => t.status === 'late' && t.deadline)
    .map(({ x, t }) => ({
      id: x.report_id,
      agency: x.agency,
      published: t.published ?? '',
      deadline: t.deadline!.date,
      daysLate: t.daysLate,
      article: t.deadline!.article,
      basis: t.deadline!.basis,
    }))
    .sort((p, q) => q.daysLate - p.daysLate || p.agency.localeCompare(q.agency, 'zh'));

  const req = table.map((e) => e.m.requests_new?.value ?? null);
  const disc = table.map((e) => e.m.disclosure_rate).filter((m) => m && m.denominator !== null && m.numerator !== null);
  const dNum = sum(disc.map((m) => m!.numerator));
  const dDen = sum(disc.map((m) => m!.denominator));
  const label = sortLabel(r.sortKey, r.cov).zh;

  return {
    level: scope.level,
    year: scope.year,
    synthetic: scope.synthetic,
    title: briefingTitle(scope.level, scope.year, scope.synthetic),
    figures: {
      reports: table.length,
      bodies: new Set(table.map((e) => `${e.region ?? ''}|${e.agency}`)).size,
      requestsNew: req.some((v) => v !== null) ? sum(req) : null,
      requestsNewBlank: req.filter((v) => v === null).length,
      disclosure: { numerator: dNum, denominator: dDen, rate: dDen > 0 ? dNum / dDen : null },
      problems: a.findings.length,
      errors: a.findings.filter((f) => f.severity === 'error').length,
      problemReports: byReport.size,
      late: late.length,
      undated: times.filter(({ t }) => t.status === 'undated').length,
      noDeadline: times.filter(({ t }) => t.status === 'unknown').length,
      readingReports: table.filter((e) => e.reading > 0).length,
      smallSamples: table.filter((e) => e.small).length,
    },
    choice: {
      indicator: label,
      order: orderWords(r.desc).zh,
      weights: weightsLine(RANKING_METRICS, r.weights).zh,
      small: smallRule(r).zh,
    },
    ranked,
    problems: [...byReport.values()],
    late,
    definitions: [
      COMPOSITE_FORMULA.zh,
      ...RANKING_METRICS.map((k) => `${METRIC_BY_KEY[k].zh}＝${METRIC_BY_KEY[k].formula}`),
      `率＝分子÷分母，分母即 n；分母 < ${SMALL_SAMPLE} 为小样本。空白不计为0：空白的报告在该项不参与合计和排名。`,
      // The deadlines that apply to these reports, each with its article, as cross-year.ts reads the 条例.
      ...[
        ...new Map(times.filter(({ t }) => t.deadline).map(({ t }) => [t.deadline!.article, t.deadline!])).values(),
      ].map((d) => `逾期：报告所载发布日期晚于 ${d.date}（${d.article}：${d.basis}）。`),
      '未载明发布日期或层级不明（无法确定期限）的报告不判定逾期。',
      `${READING_NOTE.zh}。`,
    ],
    sources: [
      `${SOURCE.zh}（${scope.year}年度，${levelZh(scope.level)}，共 ${table.length} 份）。`,
      '数据问题为程序按《政府信息公开工作年度报告》表格的勾稽关系核验所得，以报告原文为准。',
      ...(r.cov ? [`协变量“${r.cov.name}”：${r.cov.sources.join('；')}（文件 ${r.cov.file}）。`] : []),
      ...(scope.synthetic ? [SYNTHETIC_NOTE] : []),
      '本通报由明镜 Mingjing 在浏览器中生成。',
    ],
  };
}

export type BriefingScope = { level: string; year: number; n: number };
/** The levels and years there are, the one with the most reports first (the picker of 数据质量's 通报). */
export const briefingScopesQuery = () =>
  sqlQuery<BriefingScope>(
    'SELECT level, year, count(*)::INT AS n FROM reports GROUP BY level, year ORDER BY n DESC, year DESC, level',
  );
