/**
 * The tables and views a user can query, read from the live database (so a
 * data set switch, an import or a restore is seen), and the same as the
 * editor's completion schema, each name with its description (./schema-docs).
 */
import type { Completion } from '@codemirror/autocomplete';
import type { SQLNamespace } from '@codemirror/lang-sql';
import type { Db } from '$lib/db/types';
import { cjkRuns } from '$lib/ui/lang/cjk';
import { columnDoc, MAIN_TABLES, tableDoc, type Described } from './schema-docs';

export interface LiveColumn {
  name: string;
  type: string;
}
export interface LiveTable {
  name: string;
  kind: 'table' | 'view';
  columns: LiveColumn[];
}

export const LIVE_SCHEMA_SQL = `SELECT c.table_name, c.column_name, c.data_type, t.kind
FROM duckdb_columns() c
JOIN (SELECT schema_name, table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE NOT internal
      UNION ALL SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE NOT internal) t
  ON t.schema_name = c.schema_name AND t.name = c.table_name
WHERE NOT c.internal AND c.schema_name = 'main'
ORDER BY c.table_name, c.column_index`;

/** Every table and view of the database: the main ones first (MAIN_TABLES order), then the others by name. */
export async function liveTables(db: Pick<Db, 'query'>): Promise<LiveTable[]> {
  const rows = await db.query<{ table_name: string; column_name: string; data_type: string; kind: 'table' | 'view' }>(
    LIVE_SCHEMA_SQL,
  );
  const byName = new Map<string, LiveTable>();
  for (const r of rows) {
    let t = byName.get(r.table_name);
    if (!t) byName.set(r.table_name, (t = { name: r.table_name, kind: r.kind, columns: [] }));
    t.columns.push({ name: r.column_name, type: r.data_type });
  }
  const rank = (n: string) => (MAIN_TABLES.includes(n) ? MAIN_TABLES.indexOf(n) : MAIN_TABLES.length);
  return [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** A completion's info box: the page's language first, the other below; Chinese runs of English marked lang="zh". */
function infoNode(d: Described, en: boolean): Node {
  const box = document.createElement('div');
  box.className = 'sql-info';
  const mixed = (parent: HTMLElement, s: string) => {
    for (const r of cjkRuns(s)) {
      if (!r.zh) {
        parent.append(r.text);
        continue;
      }
      const span = document.createElement('span');
      span.lang = 'zh';
      span.textContent = r.text;
      parent.append(span);
    }
  };
  const first = document.createElement('div');
  const second = document.createElement('small');
  if (en) {
    mixed(first, d.en);
    second.lang = 'zh';
    second.textContent = d.zh;
  } else {
    first.textContent = d.zh;
    second.lang = 'en';
    mixed(second, d.en);
  }
  box.append(first, second);
  return box;
}

/** lang-sql's schema: each table (type "type") with its columns (type "property"), their types and descriptions. */
export function completionSchema(tables: readonly LiveTable[], en: boolean): SQLNamespace {
  const info = (d: Described | null) => (d ? () => infoNode(d, en) : undefined);
  return Object.fromEntries(
    tables.map((t) => [
      t.name,
      {
        self: {
          label: t.name,
          type: 'type',
          detail: t.kind === 'view' ? (en ? 'view' : '视图') : en ? 'table' : '表',
          info: info(tableDoc(t.name)),
        } satisfies Completion,
        children: t.columns.map((c): Completion => ({
          label: c.name,
          type: 'property',
          detail: c.type,
          info: info(columnDoc(t.name, c.name)),
        })),
      },
    ]),
  );
}
