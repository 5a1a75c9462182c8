/**
 * 趋势: what the view asks the database (the places a search finds; an
 * indicator's total line, the chosen places' lines, and per capita by a
 * covariate), and how the answers become its chart, table, export and words.
 * Plain functions, tested in Node (tests/views/trend.test.ts); +page.svelte
 * only composes them.
 *
 * Scale: a national set has tens of thousands of places. The picker lists the
 * matches of a search (at most PICK); the chart follows the chosen places (by
 * default the DEFAULT places with the most years) and only their rows are
 * read; the total line and n come from the pooled query.
 *
 * The total of a count adds bodies. Added over whichever bodies reported in
 * each year it rises and falls with how many reports came in, not with what
 * they say; so a count's total line adds only a balanced panel — the bodies
 * with a value in every year shown — and says how many; where there is none,
 * the chart shows the bodies alone and says why. (A rate's total is a ratio
 * of sums, Σ numerators ÷ Σ denominators, and stays pooled over every report.)
 */
import {
  fmtCount,
  fmtShare,
  isSmall,
  metricUnit,
  perUnit,
  seriesColor,
  share,
  shortAgency,
  unitLine,
  type LineSeries,
} from '$lib/charts';
import { noPerCapita, perCapitaQuery, type CovariatesLoaded } from '$lib/covariates/query';
import {
  isPerCapitaMetric,
  pcKey,
  perCapitaFormula,
  perCapitaLabel,
  scaleOf,
  type PerCapitaRow,
} from '$lib/covariates/sql';
import { fmtPerCapita } from '$lib/covariates/text';
import type { CovariateMeta } from '$lib/covariates/types';
import { fileQuery, query, sqlQuery } from '$lib/db/coordinator';
import { lit } from '$lib/db/sql';
import {
  levelsSql,
  pooledTrendSql,
  trendPlacesSql,
  trendSql,
  type JurisdictionRow,
  type PooledRow,
  type TrendRow,
} from '$lib/db/queries-analysis';
import type { Db } from '$lib/db/types';
import { plural, t } from '$lib/i18n.svelte';
import { METRIC_BY_KEY, SMALL_SAMPLE, type MetricDef } from '$lib/metrics/definitions';
import { fmtInt, fmtPct } from '$lib/ui/format';
import { cap, defines, levelName, levelTotal, missingMark, nReports, sep, smallFlag, SOURCE, tm } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';
import { NO_COVARIATES } from '$lib/covariates/query';

export const PICK = 200;
export const DEFAULT = 8;
/** At most this many places are followed. */
export const MAX_CHOSEN = 10;

/** What the URL says: the indicator, the level of the total line (or none), the places chosen (null: the default ones), the covariate. */
export function stateFrom(params: URLSearchParams) {
  const metric = METRIC_BY_KEY[params.get('metric') ?? ''] ? params.get('metric')! : 'disclosure_rate';
  return {
    metric,
    level: params.get('level') || null,
    showPool: params.get('pool') !== '0',
    j: params.has('j') ? params.getAll('j') : null,
    cov: params.get('cov'),
  };
}
export type State = ReturnType<typeof stateFrom>;

/** The picker: the places a search finds (most years first, at most PICK), and the levels of the total line. */
export const pickerQueries = (search: string) => ({
  places: sqlQuery<JurisdictionRow>(trendPlacesSql(search.trim(), PICK)),
  levels: sqlQuery<{ level: string }>(levelsSql),
});
export type Place = { key: string; name: string; level: string; years: number[] };
export const placeOf = (j: JurisdictionRow): Place => ({
  key: j.jurisdiction,
  name: j.agency,
  level: j.level,
  years: j.years.split(',').map(Number),
});

/** The default choice: of the places with the most years, the first DEFAULT that have more than one. */
export async function defaultPlaces(db: Db): Promise<string[]> {
  return (await db.query<JurisdictionRow>(trendPlacesSql('', DEFAULT)))
    .filter((j) => j.n > 1)
    .map((j) => j.jurisdiction);
}
const chosenOf = async (db: Db, j: readonly string[] | null) => (j ? [...j] : defaultPlaces(db));

/** Whether the covariate divides this indicator (count indicators only). */
export const perCapitaOn = (metric: string, cov: CovariateMeta | null) => cov !== null && isPerCapitaMetric(metric);

/* ------------------------------------------------ the balanced panel of a count's total line */

/** Whether the indicator's total line adds values (a count or an amount), not a ratio of sums. */
export const addsValues = (metric: string) => METRIC_BY_KEY[metric].unit !== 'rate';

export type PanelRow = { year: number; bodies: number; value: number | null };
export type Panel = {
  /** Per year: how many bodies of the panel, and their values added. */
  rows: PanelRow[];
  /** Bodies (places and kinds of body, as the trend's lines) with a value in every year shown. */
  bodies: number;
  /** Some of their names, for the note. */
  names: string[];
  /** Every body in the scope (the level, or all). */
  all: number;
};
export const NO_PANEL: Panel = { rows: [], bodies: 0, names: [], all: 0 };

/**
 * The bodies of the scope with a value in every year from the first to the last shown (every report of the
 * body in that year has one), as a CTE `ok (jurisdiction, agency)` with `v` their values by year.
 */
function panelCte(metric: string, level: string | null): string {
  const m = lit(metric);
  const lv = level ? ` AND level = ${lit(level)}` : '';
  return `WITH span AS (SELECT max(year) - min(year) + 1 AS n FROM agg_pooled WHERE metric = ${m}${lv}),
j AS (SELECT jurisdiction, agency, unnest(report_ids) AS report_id FROM agg_jurisdictions
  WHERE n = (SELECT n FROM span)${lv}),
v AS (SELECT j.jurisdiction, any_value(j.agency) AS agency, r.year, count(*) AS reports, count(m.value) AS with_value,
    sum(m.value) AS value
  FROM j JOIN reports r USING (report_id) LEFT JOIN metric_values m ON m.report_id = r.report_id AND m.metric = ${m}
  GROUP BY j.jurisdiction, r.year),
ok AS (SELECT jurisdiction, any_value(agency) AS agency FROM v GROUP BY jurisdiction
  HAVING bool_and(with_value = reports) AND count(*) = (SELECT n FROM span))`;
}
const NAMES = 5;
/** The balanced panel of an indicator over a level (or all): its sums by year, its size and some names. */
export function panelQuery(metric: string, level: string | null) {
  return query(
    `trend panel
${metric}
${level ?? ''}`,
    async (db): Promise<Panel> => {
      // One query, the panel's CTE run once: its sums by year, one row per year — or a single row of nulls
      // when no body is in it, which still carries the panel's size and the scope's count for the note.
      const rows = await db.query<PanelRow & { panel: number; names: string | null; all: number }>(
        `${panelCte(metric, level)},
sums AS (SELECT v.year, count(*)::INTEGER AS bodies, sum(v.value) AS value FROM v JOIN ok USING (jurisdiction)
  GROUP BY v.year)
SELECT sums.year, sums.bodies, sums.value,
  (SELECT count(*) FROM ok)::INTEGER AS panel,
  (SELECT string_agg(agency, '|' ORDER BY agency) FROM (SELECT agency FROM ok ORDER BY agency LIMIT ${NAMES})) AS names,
  (SELECT count(*) FROM agg_jurisdictions${level ? ` WHERE level = ${lit(level)}` : ''})::INTEGER AS "all"
FROM (SELECT 1) one LEFT JOIN sums ON true ORDER BY sums.year`,
      );
      const size = rows[0];
      return {
        rows: rows
          .filter((r) => r.year !== null)
          .map((r) => ({ year: Number(r.year), bodies: Number(r.bodies), value: r.value })),
        bodies: Number(size?.panel ?? 0),
        names: size?.names ? size.names.split('|') : [],
        all: Number(size?.all ?? 0),
      };
    },
  );
}
const noPanel = fileQuery('trend panel: none', async () => NO_PANEL);

/** The chart's queries: the total line (by indicator and level), the chosen places' lines, and per capita. */
export function trendQueries(
  s: Pick<State, 'metric' | 'level' | 'j'> & { showPool?: boolean },
  cov: CovariateMeta | null,
  loaded: CovariatesLoaded,
) {
  const { metric, j } = s;
  const which = JSON.stringify(j);
  return {
    pooled: sqlQuery<PooledRow>(pooledTrendSql(metric, s.level)),
    panel: addsValues(metric) && (s.showPool ?? true) ? panelQuery(metric, s.level) : noPanel,
    lines: query(`trend lines\n${metric}\n${which}`, async (db) => {
      const chosen = await chosenOf(db, j);
      return { chosen, rows: await db.query<TrendRow>(trendSql(metric, chosen)) };
    }),
    pc:
      cov && perCapitaOn(metric, cov)
        ? query(
            JSON.stringify(['trend per capita', cov.name, cov.fingerprint, loaded.version, metric, j]),
            async (db, ask) => ask(perCapitaQuery(cov, { jurisdictions: await chosenOf(db, j) }, [metric], loaded)),
          )
        : noPerCapita,
  };
}
export type Data = {
  pooled: PooledRow[];
  /** A count's total line: the bodies with a value in every year (NO_PANEL for a rate). */
  panel: Panel;
  lines: { chosen: string[]; rows: TrendRow[] };
  pc: PerCapitaRow[];
};

/** Names and years of the chosen places (named as in their latest report), also when a search hides them from the picker. */
export function chosenInfo(lines: Data['lines']): Place[] {
  return lines.chosen.map((j) => {
    const rs = lines.rows.filter((r) => r.jurisdiction === j);
    const last = rs.reduce<TrendRow | null>((a, r) => (!a || r.year >= a.year ? r : a), null);
    return { key: j, name: last?.agency ?? j, level: last?.level ?? '', years: rs.map((r) => r.year) };
  });
}
/** The choice with a place added or taken off (at most MAX_CHOSEN). */
export const toggled = (chosen: readonly string[], k: string) =>
  chosen.includes(k) ? chosen.filter((x) => x !== k) : [...chosen, k].slice(0, MAX_CHOSEN);

/** Every year from the first to the last with reports (a year without any is there too, as 缺). */
export function yearsOf(pooled: readonly PooledRow[]): string[] {
  const ys = pooled.map((r) => r.year);
  if (!ys.length) return [];
  const lo = Math.min(...ys);
  return Array.from({ length: Math.max(...ys) - lo + 1 }, (_, i) => String(lo + i));
}

const noReport = () => t('缺：该年没有报告', 'n/a: no report that year');
const paren = (s: string) => t(`（${s}）`, ` (${s})`);
/** A value of the indicator as shown: a rate in %, else an integer. */
export const fmtOf = (m: MetricDef) => (v: number | null | undefined) => (m.unit === 'rate' ? fmtPct(v) : fmtInt(v));
export const axisFormat = (m: MetricDef) => (m.unit === 'rate' ? fmtShare : fmtCount);
export const POOL_COLOR = '#111827';

/** The lines: the total (Σ numerators ÷ Σ denominators of the reports with a value, or Σ values), then each chosen place. */
export function seriesOf(d: Data, s: Pick<State, 'metric' | 'level' | 'showPool'>): LineSeries[] {
  const m = METRIC_BY_KEY[s.metric];
  const fmt = fmtOf(m);
  const years = yearsOf(d.pooled);
  const byKey = new Map(d.lines.rows.map((r) => [`${r.jurisdiction}|${r.year}`, r]));
  const adds = addsValues(s.metric);
  const panelBy = new Map(d.panel.rows.map((r) => [String(r.year), r]));
  const pool: LineSeries = {
    key: 'pool',
    label: adds ? panelLabel(s.level, d.panel.bodies) : levelTotal(s.level),
    color: POOL_COLOR,
    points: years.map((y) => {
      const p = d.pooled.find((x) => String(x.year) === y);
      if (adds) {
        const b = panelBy.get(y);
        return {
          x: y,
          value: b?.value ?? null,
          tip: [
            `${panelLabel(s.level, d.panel.bodies)} ${y}`,
            b ? fmt(b.value) : noReport(),
            t(
              `${d.panel.bodies} 个每年都有数值的单位之和`,
              `sum of the ${d.panel.bodies} bodies with a value every year`,
            ),
          ],
        };
      }
      const value = !p ? null : share(p.numerator, p.denominator);
      return {
        x: y,
        value,
        small: isSmall(p?.denominator),
        tip: [
          `${levelTotal(s.level)} ${y}`,
          !p ? noReport() : `${fmt(value)}${paren(`${fmtInt(p.numerator)} ÷ ${fmtInt(p.denominator)}`)}`,
          p
            ? t(
                `${p.with_value}/${p.reports} 份报告有值`,
                `${p.with_value} of ${plural(p.reports, 'report')} with a value`,
              )
            : '',
        ],
      };
    }),
  };
  const places = chosenInfo(d.lines).map((j, i) => ({
    key: j.key,
    label: shortAgency(j.name),
    color: seriesColor(i),
    lang: 'zh',
    points: years.map((y) => {
      const r = byKey.get(`${j.key}|${y}`);
      const ratio = r && r.denominator !== null ? paren(`${fmtInt(r.numerator)} ÷ ${fmtInt(r.denominator)}`) : '';
      return {
        x: y,
        value: r?.value ?? null,
        small: r?.small ?? false,
        tip: [`${r?.agency ?? j.name} ${y}`, r ? `${fmt(r.value)}${ratio}${smallFlag(r.small)}` : noReport()],
      };
    }),
  }));
  // A count with no body in every year: no total line (the note says why), the bodies alone.
  const drawPool = s.showPool && (!adds || d.panel.bodies > 0);
  return [...(drawPool ? [pool] : []), ...places];
}
/** The total line's name: “全部合计（3 个单位，每年均有值）”. */
export const panelLabel = (level: string | null, bodies: number) =>
  `${levelTotal(level)}${t(`（${bodies} 个每年均有值的单位）`, ` (${bodies} ${bodies === 1 ? 'body' : 'bodies'} with a value every year)`)}`;

/** What the note says of a count's total line: whose values it adds, or why there is none. */
export function panelNote(d: Data, s: Pick<State, 'metric' | 'level' | 'showPool'>): string {
  if (!s.showPool || !addsValues(s.metric)) return '';
  const years = yearsOf(d.pooled);
  const span = `${years[0] ?? ''}–${years[years.length - 1] ?? ''}`;
  const p = d.panel;
  if (!p.bodies)
    return t(
      `没有画合计线：${span}年间没有一个单位每年都有数值，各年相加的单位不同，合计只会随报告多少起落；图中只画各单位自己的线。`,
      `No total line: no body has a value in every year ${span}, so a total would add different bodies each year and move with how many reports came in; the chart shows the bodies alone.`,
    );
  // Names only in Chinese: in English they would be Chinese text in an English line (the legend names the lines).
  const names = p.names.map(shortAgency).join('、');
  const more = p.bodies > p.names.length ? '等' : '';
  const left = p.all - p.bodies;
  return t(
    `合计线只加${span}年每年都有数值的同一批 ${p.bodies} 个单位（${names}${more}）${left > 0 ? `，其余 ${left} 个单位不是每年都有，未计入合计` : ''}。`,
    `The total line adds only the same ${p.bodies} ${p.bodies === 1 ? 'body' : 'bodies'} with a value in every year ${span}${left > 0 ? `; the other ${left} are missing in some year and are left out of it` : ''}.`,
  );
}

/** The lines per capita of the chosen places (no total line: populations of one place's several reports cannot be added). */
export function perCapitaSeries(d: Data, metric: string): LineSeries[] {
  const years = yearsOf(d.pooled);
  const by = new Map(d.pc.map((r) => [`${r.jurisdiction}|${r.year}`, r]));
  return chosenInfo(d.lines).map((j, i) => ({
    key: j.key,
    label: shortAgency(j.name),
    color: seriesColor(i),
    lang: 'zh',
    points: years.map((y) => {
      const r = by.get(`${j.key}|${y}`);
      const value = (r?.[pcKey(metric)] as number | null | undefined) ?? null;
      const raw = (r?.[metric] as number | null | undefined) ?? null;
      const other = r && r.cov_year !== r.year ? t(`，协变量为 ${r.cov_year} 年`, `, covariate of ${r.cov_year}`) : '';
      return {
        x: y,
        value,
        small: false,
        tip: [
          `${j.name} ${y}`,
          !r
            ? noReport()
            : value === null
              ? t('无协变量或该项空白', 'no covariate, or the item is blank')
              : `${fmtPerCapita(value)}${paren(`${fmtInt(raw)} ÷ ${r.cov_value!.toLocaleString('zh-CN')}${other}`)}`,
        ],
      };
    }),
  }));
}
/** A per-capita value's row (its covariate's year), by place and year: the last, as the series read it. */
export const pcRowOf = (d: Data, key: string, year: string) =>
  d.pc.findLast((r) => r.jurisdiction === key && String(r.year) === year);

/** The table (and its export): one line per series, a column per year. */
export const tableRows = (series: readonly LineSeries[]) =>
  series.map((s) => ({ series: s.label, ...Object.fromEntries(s.points.map((p) => [p.x, p.value])) }));
export const tableColumns = (years: readonly string[]) => [
  { key: 'series', label: '地区/单位' },
  ...years.map((y) => ({ key: y, label: `${y}年` })),
];

/** The chart's words: title, n, definition (口径), note, summary, file name; the table's unit and export note. */
export function chartWords(
  d: Data,
  s: Pick<State, 'metric' | 'level' | 'showPool'>,
  series: readonly LineSeries[],
  chosen: number,
) {
  const m = METRIC_BY_KEY[s.metric];
  const fmt = fmtOf(m);
  const years = yearsOf(d.pooled);
  const span = [years[0] ?? '', years[years.length - 1] ?? ''];
  const reports = d.pooled.reduce((a, p) => a + p.reports, 0);
  const pooledLine = s.showPool
    ? paren(t(`合计线：${s.level ?? '全部层级'}`, `total line: ${s.level ? levelName(s.level) : 'all levels'}`))
    : '';
  return {
    title: t(`${m.zh}，${span[0]}–${span[1]}年`, `${cap(m.en)}, ${span[0]}–${span[1]}`),
    n: `${nReports(reports)}${pooledLine}${sep()}${t(`所选 ${chosen} 个地区/单位`, `places/bodies chosen: ${chosen}`)}`,
    definition: `${defines(m)}${sep()}${
      m.unit === 'rate'
        ? t(
            '合计线＝各报告分子之和 ÷ 分母之和（仅计该指标有值的报告）',
            'total line = sum of the numerators ÷ sum of the denominators of the reports (only those with a value)',
          )
        : t(
            '合计线＝每年都有数值的同一批单位的数值之和（平衡面板）',
            'total line = sum of the values of the same bodies, those with a value in every year (a balanced panel)',
          )
    }`,
    note: `${panelNote(d, s)}${panelNote(d, s) ? ' ' : ''}${t(
      `某年没有报告或该项空白时线条断开并标“缺”，不按0处理。${m.unit === 'rate' ? `空心点为小样本（分母 < ${SMALL_SAMPLE}）。` : ''}同一地区的单位更名（如“洪泽区人民政府”与“淮安市洪泽区人民政府”）按同一条线。`,
      `A year without a report or with the item blank breaks the line and is marked "n/a", never taken as 0. ${
        m.unit === 'rate' ? `Hollow points are small samples (denominator < ${SMALL_SAMPLE}). ` : ''
      }A body renamed within one place stays one line.`,
    )}`,
    summary: series
      .map(
        (x) =>
          `${x.label}${t('：', ': ')}${x.points.map((p) => `${t(`${p.x}年`, p.x)} ${p.value === null ? missingMark() : fmt(p.value)}`).join(t('，', ', '))}`,
      )
      .join(sep()),
    filename: `趋势_${m.zh}`,
    max: Math.max(m.unit === 'rate' ? 0.1 : 1, ...series.flatMap((x) => x.points.map((p) => p.value ?? 0))),
    unit: t(metricUnit(m).zh, metricUnit(m).en),
    /** The unit line above the plot (charts/units.ts). */
    axisUnit: unitLine(metricUnit(m)),
    exportNote: `${tm(SOURCE)}${t('。', '. ')}${defines(m)}${t('。空白表示该年没有报告或该项空白，不是0。', '. A blank means no report that year or the item was blank — not 0.')}`,
  };
}

/** The per-capita chart's words, and its table's export note. */
export function perCapitaWords(d: Data, metric: string, cov: CovariateMeta, series: readonly LineSeries[]) {
  const years = yearsOf(d.pooled);
  const label = perCapitaLabel(metric, cov);
  const usedYears = [...new Set(d.pc.filter((r) => r.cov_year !== null).map((r) => r.cov_year!))].sort();
  const sources = [...new Set(d.pc.filter((r) => r.cov_source).map((r) => r.cov_source!))];
  const span = `${years[0] ?? ''}–${years[years.length - 1] ?? ''}`;
  return {
    title: t(`${label.zh}，${span}年`, `${cap(label.en)}, ${span}`),
    n: `${nReports(d.pc.length)}${sep()}${t(`有协变量 ${d.pc.filter((r) => r.cov_value !== null).length} 份`, `${d.pc.filter((r) => r.cov_value !== null).length} with the covariate`)}`,
    note: t(
      '没有合计线：同一地区可有多份报告，其人口不能相加。某年没有报告、该项空白或没有协变量时线条断开，不按0处理。',
      'No total line: one place may have several reports, whose populations cannot be added. A year without a report, with the item blank or without the covariate breaks the line; never taken as 0.',
    ),
    usedYears,
    sources,
    summary: series
      .map(
        (x) =>
          `${x.label}${t('：', ': ')}${x.points.map((p) => `${p.x} ${p.value === null ? missingMark() : fmtPerCapita(p.value)}`).join(t('，', ', '))}`,
      )
      .join(sep()),
    max: Math.max(0.01, ...series.flatMap((x) => x.points.map((p) => p.value ?? 0))),
    axisUnit: unitLine(perUnit(metricUnit(METRIC_BY_KEY[metric]), scaleOf(cov).per)),
    filename: `趋势_${label.zh.replace('/', '每')}`,
    exportNote: `${SOURCE.zh}；${label.zh}＝${perCapitaFormula(metric, cov).zh}；协变量“${cov.name}”，来源：${sources.join('；') || cov.sources.join('；')}，年份：${
      usedYears.join('、') || cov.years.join('、')
    }，文件 ${cov.file}，指纹 ${cov.fingerprint}。空白表示该年没有报告、该项空白或没有协变量，不是0。`,
  };
}

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask) =>
  Promise.all([
    askAll(ask, pickerQueries('')),
    askAll(ask, trendQueries(stateFrom(new URLSearchParams()), null, NO_COVARIATES)),
  ]);
