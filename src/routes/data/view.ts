/**
 * 开放数据: what the view asks (the row count of every open table, and the
 * version of the data set shown), the dictionary it lists, and its words.
 * Plain functions, tested in Node (tests/views/data.test.ts); +page.svelte
 * only composes them. Making the zip is $lib/data/open-data-download.ts.
 */
import { query } from '$lib/db/coordinator';
import { OPEN_TABLES, openCodes, openDictionary, tableCounts, type Format, type OpenTable } from '$lib/data/open-data';
import { currentVersion, type DataVersion } from '$lib/data/version';
import type { Msg } from '$lib/ui/words';
import { DATASET_LABELS } from '$lib/workspace/types';

/** The rows of every table; the version of the data set (cited, and named in the file). */
export const openDataQueries = () => ({
  counts: query('open-data:counts', (db) => tableCounts(db)),
  version: query('open-data:version', () => currentVersion()),
});
/** The row counts alone (what Node can answer: the version reads the app's own files). */
export const countsQuery = () => openDataQueries().counts;

export const totalRows = (counts: Record<OpenTable, number>) => OPEN_TABLES.reduce((a, n) => a + counts[n], 0);

export const dictionary = openDictionary();
export const codes = openCodes();
export const tableDoc = (name: string) => dictionary.find((d) => d.table === name && d.column === '')!;
export const columnsOf = (name: string) => dictionary.filter((d) => d.table === name && d.column !== '');
export const columnCount = () => dictionary.filter((d) => d.column !== '').length;

/** The data set in words: 内置/我的/全部, or the synthetic set. */
export const datasetLabel = (v: DataVersion): Msg => (v.synthetic ? { zh: '模拟数据', en: 'Synthetic data' } : DATASET_LABELS[v.choice]);
/** The data set as the page's data-dataset attribute names it. */
export const datasetKey = (v: DataVersion) => (v.synthetic ? 'synthetic' : v.choice);

export const FORMAT_NAMES: Record<Format, string> = { csv: 'CSV', arrow: 'Arrow', jsonl: 'JSON lines' };
export const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;
/** The files of a table in the zip. */
export const filesOf = (name: string, formats: readonly Format[]) => formats.map((f) => `${f}/${name}.${f}`).join(' ');

/** A text in one language; in English, runs of Chinese in it (codes such as 省, a form's label) are marked lang="zh". */
const CJK_RUN = /([\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+(?:[\s\d./、，（）()·-]*[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+)*)/;
export const runs = (s: string) => s.split(CJK_RUN).filter((p) => p !== '').map((p) => ({ p, zh: CJK_RUN.test(p) }));

export const W = {
  intro: {
    zh: '仪表盘当前显示的全部规范化数据，一键下载：每张表的 CSV（Excel 可直接打开）、Arrow 和 JSON lines，附数据字典（每张表、每一列的中英文说明）和说明文件（数据集版本、日期、行数、来源与使用说明）。',
    en: 'Everything the dashboard shows now, normalized, from one button: every table as CSV (opens in Excel), Arrow and JSON lines, ' +
      'with the data dictionary (every table and column described in Chinese and English) and a manifest (data set version, date, row counts, ' +
      'source and terms of use).',
  },
  what: {
    zh: '一个 zip：csv/、arrow/、jsonl/ 三种格式的全部表，数据字典，manifest.json，README.txt',
    en: 'one zip: every table in csv/, arrow/ and jsonl/, the data dictionary, manifest.json, README.txt',
  },
  dictionary: {
    zh: '每张表的每一列；report_metrics 的列由指标定义生成（名称与公式）。代码的含义见下方代码表。',
    en: 'Every column of every table; the columns of report_metrics are generated from the indicator definitions (names and formulas). What the codes mean: see the code list below.',
  },
  codes: (n: number): Msg => ({ zh: `代码表（${n} 个代码及其在官方表格中的名称）`, en: `Code list (${n} codes and their labels in the official forms)` }),
  mine: (n: number): Msg => ({ zh: `（含本机导入 ${n} 份）`, en: ` (with ${n} imported here)` }),
  making: { zh: '正在生成……', en: 'Making the file…' },
  failed: (e: string): Msg => ({ zh: `无法读取数据：${e}`, en: `The data could not be read: ${e}` }),
} as const;
