/**
 * 排名: what the view asks the database (a level and year's reports with their
 * indicators, and per capita when a covariate is chosen), and how the answers
 * become its table, its order, its export and its words. Plain functions,
 * tested in Node (tests/views/ranking.test.ts); +page.svelte only composes them.
 */
import { sqlQuery, query } from '$lib/db/coordinator';
import { fetchRanking, RANKING_METRICS, rankingSql, scopesSql, type RankingValue } from '$lib/db/queries';
import { noPerCapita, perCapitaQuery, type CovariatesLoaded } from '$lib/covariates/query';
import { pcKey, pcMetricOf, perCapitaFormula, perCapitaLabel, type PerCapitaRow } from '$lib/covariates/sql';
import { pcLabel } from '$lib/covariates/text';
import type { CovariateMeta } from '$lib/covariates/types';
import { t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY, METRICS, SMALL_SAMPLE, type MetricDef } from '$lib/metrics/definitions';
import { parseWeights } from '$lib/ui/composite';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { formulaOf, metricName, READING_NOTE, SOURCE } from '$lib/ui/words';
import { COMPOSITE_FORMULA, orderWords, smallRule, sortLabel, weightsLine, weightWords } from '$lib/ranking/words';

/** The indicators the ranking shows, weighs and exports. */
export const SHOWN = RANKING_METRICS;
/** The count indicators shown per capita when a covariate is chosen. */
export const PC = ['requests_new', 'licensing_decisions'];
/** Rows a page (a national level has over ten thousand reports); the export has all of them. */
export const PAGE = 200;

export type ScopeRow = { level: string; year: number };
/** The levels and years there are (the pickers; the first is the default scope). */
export const scopeQueries = () => ({ scopes: sqlQuery<ScopeRow>(scopesSql) });

/** What the URL says: the scope (by default the first there is), the order, the weights, the covariate, the page. */
export function stateFrom(params: URLSearchParams, scopes: readonly ScopeRow[]) {
  return {
    level: params.get('level') ?? scopes[0]?.level ?? '',
    year: Number(params.get('year') ?? scopes[0]?.year ?? 0),
    sortKey: params.get('sort') ?? 'score',
    desc: params.get('dir') !== 'asc',
    // The user's weights and directions (`w`), and whether small samples are left out of the rank (`small=exclude`).
    weights: parseWeights(params.get('w'), SHOWN),
    excludeSmall: params.get('small') === 'exclude',
    cov: params.get('cov'),
    page: Math.floor(Number(params.get('page') ?? 1)) || 1,
  };
}
export type State = ReturnType<typeof stateFrom>;

/** The ranking of a level and year; per capita when a covariate is chosen (none: no rows). */
export function rankingQueries(level: string, year: number, cov: CovariateMeta | null, loaded: CovariatesLoaded) {
  return {
    ranking: query(`ranking\n${rankingSql(level, year, SHOWN)}`, (db) => fetchRanking(db, level, year, SHOWN)),
    pc: cov ? perCapitaQuery(cov, { level, year }, PC, loaded) : noPerCapita,
  };
}

// The ranked table itself (scores, order, ranks) is shared with the 通报 (src/lib/briefing): $lib/ranking/table.
export { byReport, rankOf, rankTable, scoreOf, valueOf, type Ranked, type Reading } from '$lib/ranking/table';
import { rankOf, scoreOf, valueOf, type Ranked, type Reading } from '$lib/ranking/table';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';
import { NO_COVARIATES } from '$lib/covariates/query';

/** The page of the table shown: its number (within range), and the first line's index. */
export function pageOf(lines: number, asked: number) {
  const pages = Math.max(1, Math.ceil(lines / PAGE));
  const pageNo = Math.min(pages, Math.max(1, asked));
  return { pages, pageNo, offset: (pageNo - 1) * PAGE };
}

export { fmtScore } from '$lib/ranking/chart';
/** An indicator's cell: a rate in %, a count as an integer. */
export const show = (r: RankingValue | undefined) =>
  !r ? '—' : METRIC_BY_KEY[r.metric].unit === 'rate' ? fmtPct(r.value) : fmtInt(r.value);
/** The name of the column the table is sorted by. */
export function sortName(k: string, cov: CovariateMeta | null): string {
  const pc = pcMetricOf(k);
  if (pc) return cov ? pcLabel(pc, cov) : k;
  return METRIC_BY_KEY[k] ? metricName(METRIC_BY_KEY[k]) : k;
}

/* ------------------------------------------------------------ the export */

/**
 * The table as exported: the numbers as shown, with numerator and denominator for every rate. The choices
 * the ranking was made with travel in the file itself (a CSV has no notes): the level and year on every
 * line, the order in the rank's header, each indicator's weight and direction in its header.
 */
export function exportColumns(r: Pick<Reading, 'excludeSmall' | 'cov' | 'weights' | 'sortKey' | 'desc'>) {
  const { excludeSmall, cov } = r;
  const weight = (k: string) => (r.weights[k] ? `（${weightWords(r.weights[k]).zh}）` : '');
  return [
    { key: 'level', label: '层级' },
    { key: 'year', label: '年度' },
    { key: 'rank', label: `名次（按“${sortLabel(r.sortKey, cov).zh}”${orderWords(r.desc).zh}）` },
    { key: 'agency', label: '单位' },
    { key: 'region', label: '地区' },
    { key: 'score', label: `综合得分（0–100${excludeSmall ? '，排除小样本' : ''}）` },
    { key: 'rank_all', label: '综合名次（全部）' },
    { key: 'rank_large', label: '综合名次（排除小样本）' },
    { key: 'small_sample', label: '小样本' },
    // A report with reading problems, marked: they are not in 数据问题 nor in the score (READING_NOTE).
    { key: 'reading_problems', label: '含读取问题（读取问题条数，不计入数据问题和综合得分）' },
    ...SHOWN.flatMap((k) => {
      const zh = METRIC_BY_KEY[k].zh;
      return METRIC_BY_KEY[k].unit === 'rate'
        ? [
            { key: k, label: `${zh}${weight(k)}` },
            { key: `${k}_num`, label: `${zh}分子` },
            { key: `${k}_den`, label: `${zh}分母(n)` },
          ]
        : [{ key: k, label: `${zh}${weight(k)}` }];
    }),
    ...(cov
      ? [
          { key: 'cov_value', label: cov.name },
          { key: 'cov_year', label: `${cov.name}的年份` },
          { key: 'cov_source', label: `${cov.name}的来源` },
          ...PC.map((k) => ({
            key: pcKey(k),
            label: `${perCapitaLabel(k, cov).zh}（${perCapitaFormula(k, cov).zh}）`,
          })),
        ]
      : []),
  ];
}

export function exportRows(table: readonly Ranked[], r: Reading, scope: { level: string; year: number }) {
  return table.map((e, i) => {
    const p = r.pcBy.get(e.id);
    const s = scoreOf(e, r.excludeSmall).score;
    return {
      level: scope.level,
      year: scope.year,
      rank: rankOf(e, i, r),
      agency: e.agency,
      region: e.region,
      score: s === null ? null : Number((s * 100).toFixed(6)),
      rank_all: e.all.rank,
      rank_large: e.large.rank,
      small_sample: e.small ? '是' : '否',
      reading_problems: e.reading,
      ...Object.fromEntries(
        SHOWN.flatMap((k) => [
          [k, e.m[k]?.value ?? null],
          [`${k}_num`, e.m[k]?.numerator ?? null],
          [`${k}_den`, e.m[k]?.denominator ?? null],
        ]),
      ),
      ...(r.cov
        ? {
            cov_value: p?.cov_value ?? null,
            cov_year: p?.cov_year ?? null,
            cov_source: p?.cov_source ?? null,
            ...Object.fromEntries(PC.map((k) => [pcKey(k), valueOf(e, pcKey(k), r.pcBy)])),
          }
        : {}),
    };
  });
}

/** The export's note: the source, the covariate used (where its values came from), and how rates are read. */
export function exportNote(
  cov: CovariateMeta | null,
  pcRows: readonly PerCapitaRow[],
  choice?: { level: string; year: number; r: Pick<Reading, 'sortKey' | 'desc' | 'weights' | 'excludeSmall'> },
): string {
  const c = choice && {
    zh: `${choice.level}·${choice.year}年度，按“${sortLabel(choice.r.sortKey, cov).zh}”${orderWords(choice.r.desc).zh}排列；权重与方向：${weightsLine(SHOWN, choice.r.weights).zh}；${smallRule(choice.r).zh}；${COMPOSITE_FORMULA.zh}`,
    en: `${choice.level} · ${choice.year}, ordered by ${sortLabel(choice.r.sortKey, cov).en} (${orderWords(choice.r.desc).en}); weights and directions: ${weightsLine(SHOWN, choice.r.weights).en}; ${smallRule(choice.r).en}. `,
  };
  const rates = `${c ? `${c.zh}` : ''}率＝分子÷分母，分母即 n；空白不计为0。`;
  const zh = cov
    ? `数据来源：各单位政府信息公开工作年度报告；协变量“${cov.name}”${cov.unit ? `（单位：${cov.unit}）` : ''}来源：${
        [...new Set(pcRows.filter((r) => r.cov_source).map((r) => r.cov_source))].join('；') || cov.sources.join('；')
      }，文件 ${cov.file}，指纹 ${cov.fingerprint}。${PC.map((k) => `${perCapitaLabel(k, cov).zh}＝${perCapitaFormula(k, cov).zh}`).join('；')}；所用协变量年份见“${
        cov.name
      }的年份”列，与报告年度可能不同；无协变量的报告留空，不计为0。${rates}`
    : `数据来源：各单位政府信息公开工作年度报告。${rates}`;
  const en = `${c?.en ?? ''}${SOURCE.en}${
    cov ? `; covariate ${cov.nameEn} (${cov.name}), source and year in its columns` : ''
  }. Rate = numerator ÷ denominator; the denominator is n; blanks are not counted as 0. ${READING_NOTE.en}.`;
  return t(`${zh}${READING_NOTE.zh}。`, en);
}
export const exportFile = (level: string, year: number, cov: CovariateMeta | null) =>
  `排名_${level}_${year}${cov ? `_每${cov.name}` : ''}`;

/* ------------------------------------------------------------ the definitions */

/** A formula's two sides, at its one ÷ (the brackets around a side dropped); a count has no denominator. */
export function sidesOf(formula: string): { numerator: string; denominator: string | null } {
  const parts = formula.split('÷');
  if (parts.length !== 2) return { numerator: formula.trim(), denominator: null };
  const bare = (s: string) => {
    const x = s.trim();
    const inner = x.slice(1, -1);
    const wrapped = (x.startsWith('（') && x.endsWith('）')) || (x.startsWith('(') && x.endsWith(')'));
    // Only brackets that enclose the whole side: “（一）予以公开” starts with a bracket that closes early.
    return wrapped && depthOk(inner) ? inner.trim() : x;
  };
  return { numerator: bare(parts[0]), denominator: bare(parts[1]) };
}
/** Whether the brackets of `s` never close one more than they opened. */
function depthOk(s: string): boolean {
  let d = 0;
  for (const ch of s) {
    if (ch === '（' || ch === '(') d++;
    if (ch === '）' || ch === ')') d--;
    if (d < 0) return false;
  }
  return d === 0;
}

const direction = (m: MetricDef) =>
  m.higherIsBetter === null
    ? t('无通常方向', 'no usual direction')
    : m.higherIsBetter
      ? t('越高越好', 'higher is better')
      : t('越低越好', 'lower is better');

/** Every indicator the app computes, defined in words: formula, numerator, denominator (n), small-sample threshold, direction. */
export function definitions() {
  return METRICS.map((m) => {
    const s = sidesOf(formulaOf(m));
    const d = {
      key: m.key,
      name: metricName(m),
      formula: formulaOf(m),
      numerator: s.numerator,
      denominator: m.denominator ? s.denominator : null,
      small:
        m.unit === 'rate'
          ? t(`分母 < ${SMALL_SAMPLE} 为小样本`, `a denominator < ${SMALL_SAMPLE} is a small sample`)
          : null,
      unit: m.unit === 'rate' ? t('比率', 'rate') : m.unit === '10k_yuan' ? t('万元', '10k yuan') : t('件数', 'count'),
      direction: direction(m),
    };
    const parts = [
      `${t('分子：', 'numerator: ')}${d.numerator}`,
      d.denominator
        ? `${t('分母（即 n）：', 'denominator (n): ')}${d.denominator}`
        : t('计数，没有分母', 'a count, no denominator'),
      ...(d.small ? [d.small] : []),
      d.unit,
      d.direction,
    ];
    /** The line under the formula. */
    return { ...d, detail: `${parts.join(t('；', '; '))}${t('。', '.')}` };
  });
}

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = async (ask) => {
  const { scopes } = await askAll(ask, scopeQueries());
  for (const s of scopes) await askAll(ask, rankingQueries(s.level, s.year, null, NO_COVARIATES));
};
