/** The SQL console's words, Chinese first (t(zh, en)). */
import { plural, t } from '$lib/i18n.svelte';
import { fmtInt } from '$lib/ui/format';

export const W = {
  title: () => t('SQL 控制台 · 明镜 Mingjing', 'SQL console · Mingjing 明镜'),
  intro: () =>
    t(
      '用 SQL 直接查询本页使用的全部数据（DuckDB，在浏览器内运行，数据不离开本机）。只能执行只读查询，且只查询已载入的表：不读取文件、不连接网络、不更改设置；来自链接的查询（示例除外）须点击“运行”才执行。右侧列出可查询的表、视图及每一列的含义，点击名称即插入查询。空白单元格为 NULL，不是 0。',
      'Query all the data this app uses with SQL (DuckDB, running in your browser: the data never leaves this machine). Only read-only queries run, and only on the tables already loaded: no file, no network, no settings; a query that came with a link (other than an example) runs only when you click Run. The tables and views you can query, and what every column holds, are listed on the right; click a name to insert it. A blank cell is NULL, never 0.',
    ),
  examples: () => t('示例', 'Examples'),
  editor: () => t('SQL 查询', 'SQL query'),
  hint: () => t('输入一条 SELECT 查询，Ctrl+Enter 运行', 'Type a SELECT query; Ctrl+Enter runs it'),
  run: () => t('运行', 'Run'),
  running: () => t('运行中……', 'Running…'),
  restore: () => t('恢复数据', 'Restore data'),
  restoreTitle: () =>
    t('重新载入内置数据与我的数据，重建全部视图', 'Load the embedded data and my data again and recreate every view'),
  restoring: () => t('正在恢复数据……', 'Restoring the data…'),
  restored: () =>
    t(
      '数据已恢复：各表已重新载入，视图已重建。',
      'Data restored: the tables were loaded again and the views recreated.',
    ),
  refused: () => t('查询未执行', 'Query not run'),
  failed: () => t('DuckDB 报错', 'DuckDB error'),
  rows: (total: number, shown: number) =>
    total > shown
      ? t(
          `共 ${fmtInt(total)} 行，显示前 ${fmtInt(shown)} 行`,
          `${plural(total, 'row', 'rows', fmtInt)}; the first ${fmtInt(shown)} shown`,
        )
      : t(`共 ${fmtInt(total)} 行`, plural(total, 'row', 'rows', fmtInt)),
  ms: (ms: number) => t(`用时 ${Math.max(1, Math.round(ms))} 毫秒`, `${Math.max(1, Math.round(ms))} ms`),
  exportNote: (exported: number, total: number) =>
    exported < total
      ? t(`导出前 ${fmtInt(exported)} 行`, `the export has the first ${plural(exported, 'row', 'rows', fmtInt)}`)
      : '',
  noRows: () => t('查询没有返回任何行。', 'The query returned no rows.'),
  caption: () => t('查询结果（NULL 为空值，不是 0）', 'Result (NULL is an empty value, never 0)'),
  schema: () => t('可查询的表与视图', 'Tables and views'),
  internal: () => t('其他（内部）表', 'Other (internal) tables'),
  internalNote: () =>
    t(
      '数据集切换所用的底层表与中间视图；一般请查询上面的表。',
      'The tables behind the data-set switch and the intermediate views; the tables above are usually what you want.',
    ),
  table: () => t('表', 'table'),
  view: () => t('视图', 'view'),
  column: () => t('列', 'Column'),
  type: () => t('类型', 'Type'),
  meaning: () => t('含义', 'Meaning'),
  codes: (n: number) => t(`代码表（${n} 个）`, `codes (${n})`),
  insert: () => t('插入到查询', 'Insert into the query'),
  undescribed: () => t('（无说明）', '(no description)'),
  filename: () => t('SQL查询结果', 'sql-result'),
  note: (sql: string) =>
    t(
      `查询：${sql}\n数据来源：各单位政府信息公开工作年度报告。空白为 NULL，不是 0。`,
      `Query: ${sql}\nSource: annual reports on government information disclosure of each body. A blank is NULL, never 0.`,
    ),
  pending: () =>
    t(
      '此查询来自链接，尚未运行：请先看清它做什么，再点击“运行”。',
      'This query came with the link and has not run: read what it does, then click Run.',
    ),
  denied: () =>
    t(
      '本机数据库已关闭文件与网络访问，设置已锁定：控制台只查询已载入的表，不读取文件或网址。',
      'The database in this page is shut off from files and the network and its settings are locked: the console only queries the tables already loaded, never a file or a web address.',
    ),
  toSchema: (name: string | null) =>
    name
      ? t(`在“可查询的表与视图”中查看 ${name}`, `Show ${name} in Tables and views`)
      : t('查看可查询的表与视图', 'Show the tables and views'),
  toExamples: () => t('查看示例查询', 'Show the examples'),
  whatToDo: () => t('怎么办：', 'What to do: '),
  starting: () => t('正在启动数据库（DuckDB-WASM）……', 'Starting the database (DuckDB-WASM)…'),
};
