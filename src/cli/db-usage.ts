/** `mingjing db`'s usage lines: shown by `mingjing --help` without loading the native DuckDB binding. */
export const DB_USAGE = `  mingjing db [--jobs N] [--timeout S] [--batch N] [--parquet DIR] --out FILE.duckdb FILE|DIR…
                写入本地 DuckDB 文件：与浏览器相同的表、指标视图与汇总表；已在文件中的报告跳过（可续跑）
  mingjing db --synthetic N [--years Y] [--seed S] [--batch N] --out FILE.duckdb   模拟数据（测量用，不解析文件）
`;
