/**
 * Open data: the whole normalized data set the dashboard shows, from the
 * app's DuckDB (the table names `reports`, `requests` … point at 内置数据 /
 * 我的数据 / 全部, or the synthetic set), as one .zip:
 *
 *   csv/<table>.csv               UTF-8 with BOM (Excel), a blank cell empty — never 0
 *   arrow/<table>.arrow           Arrow IPC stream, typed as the app's own tables
 *   jsonl/<table>.jsonl           one JSON object per row, a blank cell null
 *   数据字典_data_dictionary.csv  every table and column, in Chinese and English
 *   代码表_codes.csv              every code with its label in the official forms
 *   dictionary.json               both, as JSON
 *   manifest.json                 data set, version, date, row counts, source, terms of use
 *   README.txt                    the same in words (模拟数据 says so first)
 *
 * Tables: the six normalized tables and report_metrics, the indicators of
 * $lib/metrics/definitions computed per report. The dictionary of
 * report_metrics is generated from those definitions (names and formulas).
 * Runs in the browser (the /data page) and in Node (tests/open-data.test.ts).
 */
import JSZip from 'jszip';
import { encodeIPC, reportMetricsSchema, SCHEMA } from './arrow';
import { codeDictionary, columnDictionary, type CodeDoc, type ColumnDoc } from './dictionary';
import { isoDay, type DataVersion } from './version';
import { toCsv, type ExportColumn, type ExportRow } from '$lib/export/table';
import { METRICS, SMALL_SAMPLE } from '$lib/metrics/definitions';
import { metricColumns } from '$lib/metrics/sql';
import { TABLES, type Db } from '$lib/db/types';
import { DATASET_LABELS } from '$lib/workspace/types';

export const OPEN_FORMAT = 'mingjing.open-data/1';
export const OPEN_TABLES = [...TABLES, 'report_metrics'] as const;
export type OpenTable = (typeof OPEN_TABLES)[number];
export const FORMATS = ['csv', 'arrow', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];
const EXT: Record<Format, string> = { csv: 'csv', arrow: 'arrow', jsonl: 'jsonl' };

type ColumnTypes = ReturnType<typeof reportMetricsSchema>;

/** The columns of an exported table and their Arrow types, in order. */
export function tableSchema(name: OpenTable): ColumnTypes {
  return name === 'report_metrics' ? reportMetricsSchema() : (SCHEMA[name] as ColumnTypes);
}

const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
/** The SQL that reads a table as the dashboard shows it, its columns in the dictionary's order. */
export const tableSql = (name: OpenTable) => `SELECT ${Object.keys(tableSchema(name)).map(quote).join(', ')} FROM ${name}`;

/** report_metrics, described from the indicators' definitions: four columns per indicator. */
export function metricsDictionary(): ColumnDoc[] {
  const types = reportMetricsSchema();
  const type = (c: string) => (types[c] === 'key' ? 'text' : types[c]);
  // A rate is a fraction, not a percentage; a count's or an amount's unit is in its name.
  const rate = (u: string) => (u === 'rate' ? { zh: '（比率，0–1）', en: ' (a rate, 0–1)' } : { zh: '', en: '' });
  return [
    { table: 'report_metrics', column: '', type: 'table', zh: '指标：每份报告一行，每个指标四列（值、分子、分母、是否小样本），按指标定义从上面各表计算', en: 'indicators: one row per report, four columns per indicator (value, numerator, denominator, small sample), computed from the tables above by the indicator definitions' },
    { table: 'report_metrics', column: 'report_id', type: type('report_id'), zh: '报告编号（见 reports）', en: 'report id (see reports)' },
    { table: 'report_metrics', column: 'level', type: type('level'), zh: '层级（同 reports.level）', en: 'level (as reports.level)' },
    { table: 'report_metrics', column: 'year', type: type('year'), zh: '报告年度（同 reports.year）', en: 'reporting year (as reports.year)' },
    ...METRICS.flatMap((m) => {
      const c = metricColumns(m.key);
      const u = rate(m.unit);
      const rows: ColumnDoc[] = [
        { table: 'report_metrics', column: c.value, type: type(c.value), zh: `${m.zh}${u.zh}＝${m.formula}；空白为缺（不是 0）`, en: `${m.en}${u.en} = ${m.formulaEn}; empty when not reported (never 0)` },
        { table: 'report_metrics', column: c.numerator, type: type(c.numerator), zh: `${m.zh}的分子${m.denominator ? '' : '（计数指标即其值）'}`, en: `numerator of ${m.en}${m.denominator ? '' : ' (for a count, its value)'}` },
        { table: 'report_metrics', column: c.denominator, type: type(c.denominator), zh: m.denominator ? `${m.zh}的分母` : `${m.zh}无分母（恒为空）`, en: m.denominator ? `denominator of ${m.en}` : `${m.en} has no denominator (always empty)` },
        { table: 'report_metrics', column: c.small, type: type(c.small), zh: `${m.zh}是否小样本（分母小于 ${SMALL_SAMPLE}）`, en: `whether ${m.en} is a small sample (denominator below ${SMALL_SAMPLE})` },
      ];
      return rows;
    }),
  ];
}

/** The data dictionary of every exported table: the normalized tables' (./dictionary.ts) and report_metrics'. */
export function openDictionary(): ColumnDoc[] {
  return [...columnDictionary(), ...metricsDictionary()];
}
export const openCodes = (): CodeDoc[] => codeDictionary();

/** Row counts of the exported tables, as DuckDB has them now. */
export async function tableCounts(db: Db): Promise<Record<OpenTable, number>> {
  const [row] = await db.query<Record<string, number>>(`SELECT ${OPEN_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  return Object.fromEntries(OPEN_TABLES.map((t) => [t, Number(row[t])])) as Record<OpenTable, number>;
}

export interface OpenDataManifest {
  format: typeof OPEN_FORMAT;
  title: string;
  dataset: { choice: string; label: { zh: string; en: string }; synthetic: boolean; version: string; embedded_version: string; mine_reports: number; synthetic_options: DataVersion['syntheticOptions'] };
  version: string;
  date: string;
  generated: string;
  cite: { zh: string; en: string };
  source: { zh: string; en: string };
  terms: { zh: string; en: string };
  blanks: { zh: string; en: string };
  tables: { name: OpenTable; rows: number; columns: string[]; files: string[]; zh: string; en: string }[];
  dictionary: string[];
}

export const SOURCE_NOTE = {
  zh: '数据来源：各单位政府信息公开工作年度报告。明镜从各单位公开发布的年度报告中读取表格并规范化，数字是各单位自己公布的数字。',
  en: 'Source: the annual reports on government information disclosure of each body. Mingjing reads the tables of the reports the bodies published and normalizes them; the figures are the bodies’ own published figures.',
};
export const SYNTHETIC_NOTE = {
  zh: '模拟数据：由程序生成（npm run data:synthetic），不是任何单位的真实报告，仅供基准测试。',
  en: 'Synthetic data: generated by a program (npm run data:synthetic), not any body’s real report, for benchmarks only.',
};
export const TERMS_NOTE = {
  zh: '使用说明：数字是各单位在其政府信息公开工作年度报告中自行公布的数字，明镜未作修改；其准确性由发布单位负责。findings 表是明镜核验程序的自动检查结果，不是任何机关的结论。导入的报告（我的数据）可能含使用者本人的更正。可自由使用、转载和再分析，请注明来源“明镜 Mingjing”、数据集版本和下载日期。',
  en: 'Terms of use: the figures are those each body published in its annual report on government information disclosure, unchanged by Mingjing; the publishing body is responsible for them. The findings table holds the automatic checks of Mingjing’s validator, not the conclusion of any authority. Imported reports (my data) may carry the user’s own corrections. Free to use, republish and re-analyse; please cite “Mingjing”, the data set version and the date of download.',
};
export const BLANKS_NOTE = {
  zh: '空白单元格（报告未填或未印）在 CSV 中为空、在 JSON lines 中为 null、在 Arrow 中为 null，从不记为 0。',
  en: 'A blank cell (not filled in or not printed in the report) is empty in CSV, null in JSON lines and null in Arrow — never 0.',
};

/** Table descriptions (the dictionary's table rows). */
function tableDocs(): Map<string, ColumnDoc> {
  return new Map(openDictionary().filter((d) => d.column === '').map((d) => [d.table, d]));
}

const DICT_COLUMNS: ExportColumn[] = [{ key: 'table', label: '表 table' }, { key: 'column', label: '列 column' }, { key: 'type', label: '类型 type' }, { key: 'zh', label: '说明' }, { key: 'en', label: 'description' }];
const CODE_COLUMNS: ExportColumn[] = [{ key: 'table', label: '表 table' }, { key: 'column', label: '列 column' }, { key: 'code', label: '代码 code' }, { key: 'zh', label: '报表中的名称' }, { key: 'en', label: 'label' }];

/** The file name of a download: 模拟数据 for the synthetic set, the version and the date. */
export function openDataFilename(v: DataVersion, date: string, formats: readonly Format[] = FORMATS): string {
  const what = formats.length === FORMATS.length ? '' : `_${formats.join('-')}`;
  const tag = v.synthetic ? '模拟数据_synthetic_' : '';
  return `mingjing_${tag}open-data${what}_${v.version}_${date}.zip`;
}

function readme(m: OpenDataManifest, synthetic: boolean): string {
  const lines = [
    ...(synthetic ? ['【模拟数据 SYNTHETIC DATA】', SYNTHETIC_NOTE.zh, SYNTHETIC_NOTE.en, ''] : []),
    `明镜 Mingjing 开放数据 / open data — ${m.dataset.label.zh} ${m.dataset.label.en}`,
    `数据集版本 data set version: ${m.version}`,
    `日期 date: ${m.date}（生成于 generated ${m.generated}）`,
    '',
    m.cite.zh,
    m.cite.en,
    '',
    m.source.zh,
    m.source.en,
    '',
    m.terms.zh,
    m.terms.en,
    '',
    m.blanks.zh,
    m.blanks.en,
    '',
    '表 tables（行数 rows）:',
    ...m.tables.map((t) => `  ${t.name}: ${t.rows} — ${t.zh} / ${t.en}`),
    '',
    '文件 files:',
    '  csv/<table>.csv      CSV, UTF-8 with BOM (Excel)',
    '  arrow/<table>.arrow  Apache Arrow IPC stream',
    '  jsonl/<table>.jsonl  JSON lines, one object per row',
    '  数据字典_data_dictionary.csv, 代码表_codes.csv, dictionary.json — 数据字典 data dictionary',
    '  manifest.json — 本说明的机器可读版本 this note, machine-readable',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export interface OpenDataOptions {
  version: DataVersion;
  /** When it was made (the date cited). */
  now?: Date;
  /** Which formats to include (default: all three). */
  formats?: readonly Format[];
}

/** The zip of the data set the table names show now. */
export async function buildOpenData(db: Db, o: OpenDataOptions): Promise<{ bytes: Uint8Array; manifest: OpenDataManifest; filename: string }> {
  const now = o.now ?? new Date();
  const date = isoDay(now);
  const formats = o.formats ?? FORMATS;
  const v = o.version;
  const zip = new JSZip();
  const docs = tableDocs();
  const tables: OpenDataManifest['tables'] = [];
  for (const name of OPEN_TABLES) {
    const schema = tableSchema(name);
    const columns = Object.keys(schema);
    const rows = await db.query(tableSql(name));
    const files: string[] = [];
    for (const f of formats) {
      const path = `${f}/${name}.${EXT[f]}`;
      files.push(path);
      if (f === 'csv') zip.file(path, toCsv(columns.map((key) => ({ key, label: key })), rows as ExportRow[]));
      if (f === 'arrow') zip.file(path, encodeIPC(schema, rows));
      if (f === 'jsonl') zip.file(path, rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))).join('\n') + (rows.length ? '\n' : ''));
    }
    const d = docs.get(name)!;
    tables.push({ name, rows: rows.length, columns, files, zh: d.zh, en: d.en });
  }
  const dictionary = openDictionary();
  const codes = openCodes();
  zip.file('数据字典_data_dictionary.csv', toCsv(DICT_COLUMNS, dictionary as unknown as ExportRow[]));
  zip.file('代码表_codes.csv', toCsv(CODE_COLUMNS, codes as unknown as ExportRow[]));
  zip.file('dictionary.json', JSON.stringify({ columns: dictionary, codes }, null, 1) + '\n');

  const label = v.synthetic ? { zh: '模拟数据', en: 'synthetic data' } : { zh: DATASET_LABELS[v.choice].zh, en: DATASET_LABELS[v.choice].en.toLowerCase() };
  const manifest: OpenDataManifest = {
    format: OPEN_FORMAT,
    title: '明镜 Mingjing 开放数据 open data',
    dataset: {
      choice: v.synthetic ? 'synthetic' : v.choice, label, synthetic: v.synthetic, version: v.version,
      embedded_version: v.embedded, mine_reports: v.mine?.reports ?? 0, synthetic_options: v.syntheticOptions,
    },
    version: v.version,
    date,
    generated: now.toISOString(),
    cite: {
      zh: `引用：明镜 Mingjing 开放数据（${label.zh}），数据集版本 ${v.version}，${date} 下载。`,
      en: `Cite as: Mingjing open data (${label.en}), data set version ${v.version}, downloaded ${date}.`,
    },
    source: v.synthetic ? SYNTHETIC_NOTE : SOURCE_NOTE,
    terms: TERMS_NOTE,
    blanks: BLANKS_NOTE,
    tables,
    dictionary: ['数据字典_data_dictionary.csv', '代码表_codes.csv', 'dictionary.json'],
  };
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  zip.file('README.txt', readme(manifest, v.synthetic));
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return { bytes, manifest, filename: openDataFilename(v, date, formats) };
}
