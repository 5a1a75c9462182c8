/**
 * 内置数据 / 我的数据 / 全部: the embedded reports and the user's accepted
 * reports live in separate tables (`builtin_<name>`, `mine_<name>`), and the
 * names every query uses (`reports`, `requests` …) are views over them. The
 * switch only replaces the views, so no query, metric or chart knows about it.
 *
 * The user's report ids are `mine:<entry id>`, never equal to an embedded id.
 * A user's report that replaces an embedded one (same agency and year) lists
 * it in `mine_shadow`; in 全部 the embedded one is then left out.
 */
import { TABLES, type TableName } from './types';
import type { DatasetChoice } from '$lib/workspace/types';

export const builtinTable = (t: TableName) => `builtin_${t}`;
export const mineTable = (t: TableName) => `mine_${t}`;
export const SHADOW_TABLE = 'mine_shadow';

/** The report id a workspace entry has in the database. */
export const mineReportId = (entryId: string) => `mine:${entryId}`;

function viewSql(t: TableName, choice: DatasetChoice): string {
  const builtin =
    choice === 'mine'
      ? null
      : choice === 'all'
        ? t === 'agencies'
          ? `SELECT * FROM ${builtinTable(t)}`
          : `SELECT * FROM ${builtinTable(t)} WHERE report_id NOT IN (SELECT report_id FROM ${SHADOW_TABLE})`
        : `SELECT * FROM ${builtinTable(t)}`;
  const mine =
    choice === 'builtin'
      ? null
      : // An agency already in the embedded data is listed once.
        t === 'agencies' && choice === 'all'
        ? `SELECT * FROM ${mineTable(t)} WHERE agency_id NOT IN (SELECT agency_id FROM ${builtinTable(t)})`
        : `SELECT * FROM ${mineTable(t)}`;
  return `CREATE OR REPLACE VIEW ${t} AS ${[builtin, mine].filter(Boolean).join(' UNION ALL BY NAME ')}`;
}

/** The statements that point every table name at the chosen data set. */
export function datasetViewsSql(choice: DatasetChoice): string[] {
  return TABLES.map((t) => viewSql(t, choice));
}
