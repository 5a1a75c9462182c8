/**
 * What every table and view the SQL console can query holds, in Chinese and
 * English — generated, never typed per column:
 *
 *   reports, agencies, active, requests, review_litigation, findings
 *       the data dictionary ($lib/data/dictionary), codes included
 *   report_metrics (and report_metrics_live)
 *       four columns per indicator of METRICS ($lib/metrics/definitions):
 *       `<key>`, `<key>__num`, `<key>__den`, `<key>__small` (metricColumns)
 *   metric_values, agg_pooled, agg_jurisdictions
 *       their few columns, the per-indicator ones shared with report_metrics
 *   report_quantities
 *       one column per table quantity an indicator uses (quantityColumn), named by its printed row
 *   builtin_<t>, mine_<t>, mine_shadow
 *       the tables behind the data-set switch ($lib/db/datasets): the columns of <t>
 *   covariates
 *       the user's imported covariates ($lib/covariates), present once some are imported
 */
import { codeDictionary, columnDictionary } from '$lib/data/dictionary';
import { METRICS, SMALL_SAMPLE, type MetricDef, type Quantity } from '$lib/metrics/definitions';
import { metricColumns, quantityColumn } from '$lib/metrics/sql';
import {
  ACTIVE_ITEMS,
  FORMATS,
  REQUEST_COLUMNS,
  REQUEST_ROW_BY_KEY,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
} from '$lib/report/formats';
import { TABLES } from '$lib/db/types';

export interface Described {
  zh: string;
  en: string;
}
export interface CodeEntry extends Described {
  code: string;
}

/** The tables a user reads first, in this order; the others are listed as internal. */
export const MAIN_TABLES: readonly string[] = [
  ...TABLES,
  'report_metrics',
  'metric_values',
  'agg_jurisdictions',
  'agg_pooled',
];

const dictionary = columnDictionary();
const BASE_TABLES = new Map<string, Described>(
  dictionary.filter((d) => d.column === '').map((d) => [d.table, { zh: d.zh, en: d.en }]),
);
const BASE_COLUMNS = new Map<string, Map<string, Described>>();
for (const d of dictionary.filter((d) => d.column !== '')) {
  if (!BASE_COLUMNS.has(d.table)) BASE_COLUMNS.set(d.table, new Map());
  BASE_COLUMNS.get(d.table)!.set(d.column, { zh: d.zh, en: d.en });
}
const reportsCol = (c: 'report_id' | 'level' | 'year') => BASE_COLUMNS.get('reports')!.get(c)!;

/* ------------------------------------------------------------ indicators */

const unitOf = (m: MetricDef): Described =>
  m.unit === 'rate'
    ? { zh: '比率 0–1', en: 'rate, 0–1' }
    : m.unit === 'count'
      ? { zh: '件数', en: 'count' }
      : { zh: '万元', en: '10k yuan' };

/** The four columns of one indicator in report_metrics. */
function metricColumnDocs(m: MetricDef): [string, Described][] {
  const c = metricColumns(m.key);
  const u = unitOf(m);
  if (!m.denominator) {
    return [
      [
        c.value,
        {
          zh: `${m.zh}（${u.zh}）＝ ${m.formula}；报告未填为空`,
          en: `${m.en} (${u.en}) = ${m.formulaEn}; empty when not reported`,
        },
      ],
      [c.numerator, { zh: `${m.zh}：计数指标，同 ${c.value}`, en: `${m.en}: a count, same as ${c.value}` }],
      [
        c.denominator,
        { zh: `${m.zh}：计数指标没有分母，恒为空`, en: `${m.en}: a count has no denominator, always empty` },
      ],
      [c.small, { zh: `${m.zh}：计数指标，恒为 false`, en: `${m.en}: a count, always false` }],
    ];
  }
  return [
    [
      c.value,
      {
        zh: `${m.zh}（${u.zh}）＝ ${m.formula}；分子或分母为空、分母为 0 时为空`,
        en: `${m.en} (${u.en}) = ${m.formulaEn}; empty when the numerator or denominator is empty or the denominator is 0`,
      },
    ],
    [c.numerator, { zh: `${m.zh}的分子`, en: `numerator of ${m.en}` }],
    [c.denominator, { zh: `${m.zh}的分母（n）`, en: `denominator (n) of ${m.en}` }],
    [
      c.small,
      { zh: `${m.zh}为小样本：分母 < ${SMALL_SAMPLE}`, en: `${m.en} is a small sample: denominator < ${SMALL_SAMPLE}` },
    ],
  ];
}

const METRIC_KEY: Described = {
  zh: `指标键（共 ${METRICS.length} 项，即 report_metrics 的指标列名，见代码表）`,
  en: `indicator key (${METRICS.length} in all: the indicator column names of report_metrics; see the codes)`,
};
/** The per-indicator columns of the long and pooled tables, said once for every indicator. */
const LONG: Record<'numerator' | 'denominator' | 'value' | 'small', Described> = {
  numerator: { zh: '分子（计数指标为其数值）', en: 'numerator (for a count, its value)' },
  denominator: { zh: '分母 n（计数指标为空）', en: 'denominator n (empty for a count)' },
  value: {
    zh: '指标值：率＝分子 ÷ 分母；空白不计为 0，无法计算时为空',
    en: 'value: a rate is numerator ÷ denominator; blanks are not 0; empty when it cannot be computed',
  },
  small: { zh: `小样本：分母 < ${SMALL_SAMPLE}`, en: `small sample: denominator < ${SMALL_SAMPLE}` },
};

const reportMetricsColumns = (): Map<string, Described> =>
  new Map([
    ['report_id', reportsCol('report_id')],
    ['level', reportsCol('level')],
    ['year', reportsCol('year')],
    ...METRICS.flatMap(metricColumnDocs),
  ]);

/* ----------------------------------------------------- table quantities */

function quantityDoc(q: Quantity): Described {
  switch (q.kind) {
    case 'request': {
      const row = REQUEST_ROW_BY_KEY[q.row];
      const col = REQUEST_COLUMNS[q.col ?? REQUEST_COLUMNS.length - 1];
      return { zh: `表三 ${row.label}（${col.label}）`, en: `table 3, ${row.en} (${col.en})` };
    }
    case 'review': {
      const g = REVIEW_GROUPS.find((x) => x.key === q.group)!;
      return {
        zh: `表四 ${g.label}：${REVIEW_COLUMNS[q.col].label}`,
        en: `table 4, ${g.en}: ${REVIEW_COLUMNS[q.col].en}`,
      };
    }
    case 'active': {
      const names = q.keys.map((k) => {
        const [item, measure] = k.split('.');
        const it = ACTIVE_ITEMS.find((a) => a.item === item)!;
        const ms = FORMATS.flatMap((f) => it.measures[f] ?? []).find((x) => x.key === measure)!;
        return { zh: `${it.label} ${ms.label}`, en: `${it.en}, ${ms.en}` };
      });
      return {
        zh: `表二 ${names.map((x) => x.zh).join(' 或 ')}（取报告所填的一项）`,
        en: `table 2, ${names.map((x) => x.en).join(' or ')} (whichever the report prints)`,
      };
    }
    case 'findings': {
      const s = {
        error: { zh: '错误', en: 'error' },
        warning: { zh: '警告', en: 'warning' },
        info: { zh: '提示', en: 'info' },
      }[q.severity];
      return {
        zh: `核验发现的报告本身${s.zh}类问题数（不含读取问题）`,
        en: `number of ${s.en} findings on the report itself (reading problems not counted)`,
      };
    }
  }
}

function quantityColumns(): Map<string, Described> {
  const out = new Map<string, Described>([
    ['report_id', reportsCol('report_id')],
    ['level', reportsCol('level')],
    ['year', reportsCol('year')],
  ]);
  for (const m of METRICS)
    for (const term of [...m.numerator, ...(m.denominator ?? [])]) {
      const d = quantityDoc(term.q);
      out.set(quantityColumn(term.q), { zh: `${d.zh}；未填为空`, en: `${d.en}; empty when not printed` });
    }
  return out;
}

/* ---------------------------------------------------------------- tables */

interface TableDocs extends Described {
  columns: Map<string, Described>;
}

function build(): Map<string, TableDocs> {
  const t = new Map<string, TableDocs>();
  for (const name of TABLES) t.set(name, { ...BASE_TABLES.get(name)!, columns: BASE_COLUMNS.get(name)! });
  const metrics = reportMetricsColumns();
  const perIndicator = {
    zh: `每份报告一行；每项指标 4 列：<键>（数值）、<键>__num（分子）、<键>__den（分母 n）、<键>__small（小样本）。共 ${METRICS.length} 项指标`,
    en: `one row per report; 4 columns per indicator: <key> (value), <key>__num (numerator), <key>__den (denominator n), <key>__small (small sample). ${METRICS.length} indicators`,
  };
  t.set('report_metrics', {
    zh: `指标宽表：${perIndicator.zh}`,
    en: `indicators, wide: ${perIndicator.en}`,
    columns: metrics,
  });
  t.set('report_metrics_live', {
    zh: `report_metrics 的计算视图（report_metrics 是它的快照）：${perIndicator.zh}`,
    en: `the view report_metrics is computed from (report_metrics is its snapshot): ${perIndicator.en}`,
    columns: metrics,
  });
  t.set('metric_values', {
    zh: '指标长表：每份报告 × 每项指标一行（report_metrics 的长格式），趋势与合计读它',
    en: 'indicators, long: one row per report × indicator (report_metrics in long form); trends and totals read it',
    columns: new Map([
      ['report_id', reportsCol('report_id')],
      ['level', reportsCol('level')],
      ['year', reportsCol('year')],
      ['metric', METRIC_KEY],
      ['numerator', LONG.numerator],
      ['denominator', LONG.denominator],
      ['value', LONG.value],
      ['small', LONG.small],
    ]),
  });
  t.set('agg_pooled', {
    zh: '按指标 × 层级 × 年度的合计：只合计有值的报告，合计率 ＝ Σ分子 ÷ Σ分母',
    en: 'totals per indicator × level × year, over the reports with a value: pooled rate = Σ numerator ÷ Σ denominator',
    columns: new Map([
      ['metric', METRIC_KEY],
      ['level', reportsCol('level')],
      ['year', reportsCol('year')],
      ['reports', { zh: '报告数', en: 'number of reports' }],
      ['with_value', { zh: '该指标有值的报告数', en: 'reports with a value of the indicator' }],
      [
        'numerator',
        {
          zh: 'Σ分子（只计有值的报告；空白不计为 0）',
          en: 'Σ numerator (over the reports with a value; blanks are not 0)',
        },
      ],
      ['denominator', { zh: 'Σ分母（只计有值的报告）', en: 'Σ denominator (over the reports with a value)' }],
    ]),
  });
  t.set('agg_jurisdictions', {
    zh: '每个地区 × 层级一行（跨年度）：趋势页的选择列表',
    en: 'one row per place × level across years: the list the trends view picks from',
    columns: new Map([
      [
        'jurisdiction',
        {
          zh: '地区键：行政区划代码（无代码时为单位编号）|层级',
          en: 'place key: region code (agency id when there is none) | level',
        },
      ],
      ['agency', { zh: '最近年度报告的单位名称', en: 'name of the body in its latest report' }],
      ['level', reportsCol('level')],
      ['years', { zh: '有报告的年度（逗号分隔）', en: 'years with a report (comma-separated)' }],
      ['n', { zh: '有报告的年度数', en: 'number of years with a report' }],
      [
        'names',
        { zh: '报告中出现过的单位名称与地区（供搜索）', en: 'every name and place it was reported under (for search)' },
      ],
      ['report_ids', { zh: '其全部报告的编号（列表）', en: 'ids of all its reports (a list)' }],
    ]),
  });
  t.set('report_quantities', {
    zh: '每份报告一行：指标所用的各表格数值（指标的输入）',
    en: 'one row per report: the table quantities the indicators use (their inputs)',
    columns: quantityColumns(),
  });
  for (const name of TABLES) {
    const base = t.get(name)!;
    t.set(`builtin_${name}`, {
      zh: `内置数据的 ${name}（${base.zh}）；视图 ${name} 按所选数据集读取它`,
      en: `${name} of the embedded data (${base.en}); the view ${name} reads it as the data-set switch says`,
      columns: base.columns,
    });
    t.set(`mine_${name}`, {
      zh: `我的数据（导入的报告）的 ${name}（${base.zh}）`,
      en: `${name} of my data, the imported reports (${base.en})`,
      columns: base.columns,
    });
  }
  // The synthetic set ships its indicators pre-computed.
  t.set('builtin_report_metrics', {
    zh: `内置数据（模拟数据）预先计算的指标宽表：${perIndicator.zh}`,
    en: `the embedded (synthetic) data's pre-computed indicators: ${perIndicator.en}`,
    columns: metrics,
  });
  t.set('mine_shadow', {
    zh: '被我的数据替换的内置报告（同一单位同一年度）：“全部”数据集中不再计入',
    en: 'embedded reports replaced by one of my reports (same body and year): left out of the “all” data set',
    columns: new Map([['report_id', { zh: '被替换的内置报告编号', en: 'id of the replaced embedded report' }]]),
  });
  t.set('covariates', {
    zh: '协变量（用户导入，长表）：每个地区 × 协变量 × 年度一行，如人口、地区生产总值；用于人均指标',
    en: 'covariates (imported by the user, long): one row per place × covariate × year, such as population or GDP; per-capita indicators divide by them',
    columns: new Map([
      [
        'region_code',
        {
          zh: 'GB/T 2260 行政区划代码（与 reports.region_code 对应）',
          en: 'GB/T 2260 region code (as reports.region_code)',
        },
      ],
      [
        'covariate',
        { zh: '协变量名称（导入文件中的列名）', en: 'name of the covariate (its column header in the imported file)' },
      ],
      ['value', { zh: '数值；空白为空（不是 0）', en: 'value; a blank is empty (never 0)' }],
      [
        'unit',
        {
          zh: '单位（如 人、万人、亿元）；未写明为空',
          en: 'unit (such as 人 persons, 万人 10k persons, 亿元 100m yuan); empty when not stated',
        },
      ],
      [
        'source',
        { zh: '数据来源（文件中写明的来源，否则为文件名）', en: 'source (as the file states it, else the file name)' },
      ],
      ['year', { zh: '年度', en: 'year' }],
    ]),
  });
  return t;
}

const DOCS = build();

/** What a table or view holds; null for a name this module does not know. */
export function tableDoc(table: string): Described | null {
  const d = DOCS.get(table);
  return d ? { zh: d.zh, en: d.en } : null;
}

/** What a column holds; null for a name this module does not know. */
export function columnDoc(table: string, column: string): Described | null {
  return DOCS.get(table)?.columns.get(column) ?? null;
}

/** Every table this module describes. */
export const describedTables = (): string[] => [...DOCS.keys()];

const CODES = codeDictionary();
const METRIC_CODES: CodeEntry[] = METRICS.map((m) => ({ code: m.key, zh: m.zh, en: m.en }));

/** The codes a column holds, with the form's printed label (requests.row_key, …; the indicator keys). */
export function codesOf(table: string, column: string): CodeEntry[] {
  const base = table.replace(/^(builtin|mine)_/, '');
  if (column === 'metric' && (base === 'metric_values' || base === 'agg_pooled')) return METRIC_CODES;
  return CODES.filter((c) => c.table === base && c.column === column).map(({ code, zh, en }) => ({ code, zh, en }));
}
