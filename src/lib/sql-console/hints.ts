/**
 * What to do about a failed query, added under DuckDB's own message (which
 * the console always shows as it is): the common mistakes read from that
 * message — an unknown column or table (→ the schema panel, with the nearest
 * existing name), a syntax error (→ the examples), a value of the wrong type,
 * a column missing from GROUP BY, an unknown function, and what the locked
 * engine refuses (src/lib/db/lockdown.ts) — and, for the guard's refusals,
 * where the thing asked for can be done instead. A plain function of the
 * message and the live schema: tested in Node on the real engine's messages
 * (tests/sql-hints.test.ts).
 */
import type { Msg } from '$lib/ui/words';
import type { GuardReason } from './guard';
import type { LiveTable } from './schema';
import { MAIN_TABLES } from './schema-docs';

export type HintKind = 'column' | 'quotes' | 'table' | 'function' | 'syntax' | 'type' | 'group-by' | 'locked';

export interface SqlHint extends Msg {
  kind: HintKind;
  /** Where the page points the user: the schema panel, the example queries, or nowhere. */
  target: 'schema' | 'examples' | null;
  /** The nearest existing name, if one is close enough: a column (`table.column`) or a table. */
  nearest?: { table: string; column?: string };
}

/** Edit distance (Levenshtein), case-insensitive. */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase(),
    y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

const singular = (w: string) => w.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * The closest of `names` to `typed`: a name that contains it or is contained
 * in it (agency ↔ agency_name), else one a few edits away (a third of the
 * longer name at most, 1 for short ones) — so "nope" finds nothing rather
 * than a name that only shares letters.
 */
export function nearestName(typed: string, names: readonly string[]): string | null {
  const low = typed.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const n of names) {
    const l = n.toLowerCase();
    if (l === low) return n;
    const d = distance(low, l);
    // agency ↔ agencies, report ↔ reports: the same word in the other number.
    if (singular(l) === singular(low)) return n;
    const within = low.length >= 3 && (l.includes(low) || low.includes(l));
    const limit = Math.max(1, Math.floor(Math.max(low.length, l.length) / 3));
    // A containment counts as close, after any true typo of the same length.
    const score = d <= limit ? d : within ? limit + Math.abs(l.length - low.length) / 100 + 0.5 : Infinity;
    if (score < bestScore) [best, bestScore] = [n, score];
  }
  return best;
}

/** The tables the statement names after FROM or JOIN (with their aliases), that the database has. */
function namedTables(sql: string, tables: readonly LiveTable[]): { alias: Map<string, string>; used: LiveTable[] } {
  const alias = new Map<string, string>();
  const used: LiveTable[] = [];
  const keywords = /^(where|on|join|left|right|inner|outer|full|cross|group|order|limit|using|natural|union|having)$/i;
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+"?([A-Za-z_][\w]*)"?(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?/gi)) {
    const t = tables.find((x) => x.name.toLowerCase() === m[1].toLowerCase());
    if (!t) continue;
    if (!used.includes(t)) used.push(t);
    alias.set(t.name.toLowerCase(), t.name);
    if (m[2] && !keywords.test(m[2])) alias.set(m[2].toLowerCase(), t.name);
  }
  return { alias, used };
}

/** The documented tables first: an unknown name is matched against what a user means before the internal tables. */
const mainFirst = (tables: readonly LiveTable[]) => [
  ...tables.filter((t) => MAIN_TABLES.includes(t.name)),
  ...tables.filter((t) => !MAIN_TABLES.includes(t.name)),
];

const SCHEMA_PANEL: Msg = {
  zh: '“可查询的表与视图”一栏列出每个表的列、类型和含义，点击名称即插入查询。',
  en: 'The panel “Tables and views” lists every table’s columns, their types and what they hold; click a name to insert it.',
};

/** A column the statement names that its tables do not have. */
function columnHint(typed: string, qualifier: string | null, sql: string, tables: readonly LiveTable[]): SqlHint {
  const { alias, used } = namedTables(sql, tables);
  const own = qualifier ? tables.filter((t) => t.name === alias.get(qualifier.toLowerCase())) : used;
  const pool = own.length ? own : mainFirst(tables);
  let nearest: SqlHint['nearest'];
  const ownNames = pool.flatMap((t) => t.columns.map((c) => c.name));
  const inOwn = nearestName(typed, ownNames);
  if (inOwn) nearest = { table: pool.find((t) => t.columns.some((c) => c.name === inOwn))!.name, column: inOwn };
  else {
    // The exact name in another main table (city is in agencies, not in reports): say where it is.
    const other = mainFirst(tables).find((t) => t.columns.some((c) => c.name.toLowerCase() === typed.toLowerCase()));
    if (other)
      nearest = {
        table: other.name,
        column: other.columns.find((c) => c.name.toLowerCase() === typed.toLowerCase())!.name,
      };
  }
  const where = own.length ? own.map((t) => t.name).join(', ') : null;
  // "泽州县人民政府" in double quotes is a name to DuckDB (PostgreSQL's rule): a text value wants single quotes.
  const quoted =
    !nearest && sql.includes(`"${typed}"`) && !ownNames.some((c) => c.toLowerCase() === typed.toLowerCase());
  if (quoted)
    return {
      kind: 'quotes',
      target: null,
      zh: `双引号 "…" 表示列名；文本值要用单引号：'${typed}'。`,
      en: `Double quotes "…" name a column; a text value takes single quotes: '${typed}'.`,
    };
  const near = nearest
    ? nearest.column?.toLowerCase() === typed.toLowerCase()
      ? {
          zh: `列 ${nearest.column} 在表 ${nearest.table} 中：请 JOIN 该表，或改查它。`,
          en: `The column ${nearest.column} is in the table ${nearest.table}: join that table, or query it instead.`,
        }
      : {
          zh: `最接近的现有列：${nearest.column}（表 ${nearest.table}）。`,
          en: `Nearest existing column: ${nearest.column} (table ${nearest.table}).`,
        }
    : { zh: '', en: '' };
  return {
    kind: 'column',
    target: 'schema',
    nearest,
    zh: `${where ? `表 ${where} 中` : '所查的表中'}没有列 ${typed}。${near.zh}${SCHEMA_PANEL.zh}`,
    en: `${where ? `The ${own.length === 1 ? 'table' : 'tables'} ${where} ${own.length === 1 ? 'has' : 'have'}` : 'The tables queried have'} no column ${typed}. ${near.en ? `${near.en} ` : ''}${SCHEMA_PANEL.en}`,
  };
}

function tableHint(typed: string, tables: readonly LiveTable[]): SqlHint {
  const ordered = mainFirst(tables);
  const main = ordered.filter((t) => MAIN_TABLES.includes(t.name)).map((t) => t.name);
  const found =
    nearestName(typed, main) ??
    nearestName(
      typed,
      ordered.map((t) => t.name),
    );
  return {
    kind: 'table',
    target: 'schema',
    nearest: found ? { table: found } : undefined,
    zh: `没有名为 ${typed} 的表或视图。${found ? `最接近的现有表：${found}。` : ''}${SCHEMA_PANEL.zh}`,
    en: `There is no table or view named ${typed}. ${found ? `Nearest existing table: ${found}. ` : ''}${SCHEMA_PANEL.en}`,
  };
}

const EXAMPLES_NOTE: Msg = {
  zh: '可参照上方的示例查询（点击即运行，再在其上修改）。',
  en: 'The example queries above show the form (click one to run it, then change it).',
};

/**
 * The hint for DuckDB's message `message` on the statement `sql`, given the
 * database's tables and views; null when the message is not one of the common
 * mistakes (DuckDB's text then stands alone).
 */
export function sqlHint(message: string, sql: string, tables: readonly LiveTable[]): SqlHint | null {
  let m: RegExpExecArray | null;
  const fileTable = /Table with name (\S+) does not exist/.exec(message)?.[1];
  // DuckDB's own advice for a function of an extension (INSTALL …; LOAD …; SET …) cannot be followed here.
  const extension = /exists in the (\w+) extension/.exec(message)?.[1];
  if (
    extension ||
    /disabled (?:by|through) configuration|configuration has been locked|read-only mode/i.test(message) ||
    (fileTable && /[/\\:]|\.[A-Za-z0-9]{1,8}$/.test(fileTable))
  )
    return {
      kind: 'locked',
      target: null,
      zh: `${extension ? `控制台不加载扩展（${extension}）：DuckDB 建议的 INSTALL、LOAD、SET 在此不能执行。` : ''}要加入文件中的报告，请用“导入”页（文件在本机解析后即可在此查询）；要保存查询结果，请用结果下方的 CSV / XLSX 导出。`,
      en: `${extension ? `The console loads no extension (${extension}): DuckDB’s advice to INSTALL, LOAD or SET cannot be followed here. ` : ''}To add the reports in a file, use the Import page (once parsed on this machine they can be queried here); to keep a result, use the CSV / XLSX export under it.`,
    };
  if ((m = /Referenced column "([^"]+)" not found/.exec(message))) return columnHint(m[1], null, sql, tables);
  if ((m = /(?:Values list|Table|Binding) "([^"]+)" does not have a column named "([^"]+)"/.exec(message)))
    return columnHint(m[2], m[1], sql, tables);
  if ((m = /Table with name "?([^"\s!]+)"? does not exist/.exec(message))) return tableHint(m[1], tables);
  if ((m = /Referenced table "([^"]+)" not found/.exec(message)))
    return {
      kind: 'table',
      target: 'schema',
      zh: `查询中没有名为 ${m[1]} 的表或别名：请在 FROM / JOIN 中写出它（如 FROM reports AS ${m[1]}）。${SCHEMA_PANEL.zh}`,
      en: `The query has no table or alias named ${m[1]}: name it in FROM / JOIN (as in FROM reports AS ${m[1]}). ${SCHEMA_PANEL.en}`,
    };
  if (/^Parser Error/m.test(message))
    return {
      kind: 'syntax',
      target: 'examples',
      zh: `SQL 语法有误：请检查 ^ 所指之处及其前面的拼写、逗号、括号和引号（字符串用单引号 '…'，列名用双引号 "…"）。${EXAMPLES_NOTE.zh}`,
      en: `The SQL does not parse: check the spelling, commas, brackets and quotes at and just before the ^ (strings take single quotes '…', names double quotes "…"). ${EXAMPLES_NOTE.en}`,
    };
  if (/must appear in the GROUP BY clause/.test(message))
    return {
      kind: 'group-by',
      target: 'examples',
      zh: `用了 count()、sum() 等汇总函数时，其余每一列都须写进 GROUP BY（或用 any_value(列)）。${EXAMPLES_NOTE.zh}`,
      en: `With an aggregate such as count() or sum(), every other column must be in GROUP BY (or wrapped in any_value(column)). ${EXAMPLES_NOTE.en}`,
    };
  if (
    /^Conversion Error|No function matches the given name and argument types|Cannot (?:compare|mix) values of type/m.test(
      message,
    )
  )
    return {
      kind: 'type',
      target: 'schema',
      zh: `值的类型不符：文本列不能相加或求和，数字列不能与非数字的文本比较。请按列的类型写值（数字不加引号），或用 TRY_CAST(列 AS INTEGER) 转换（无法转换的得 NULL）。${SCHEMA_PANEL.zh}`,
      en: `A value of the wrong type: a text column cannot be added or summed, and a number column cannot be compared with text that is not a number. Write values of the column’s type (numbers without quotes), or convert with TRY_CAST(column AS INTEGER) (what cannot be converted becomes NULL). ${SCHEMA_PANEL.en}`,
    };
  if ((m = /(?:Scalar|Table|Aggregate|Macro) Function with name "?([^"\s!]+)"? does not exist/.exec(message)))
    return {
      kind: 'function',
      target: 'examples',
      zh: `没有名为 ${m[1]} 的函数：请检查拼写（DuckDB 的函数名，如 count、sum、avg、round、strftime）。${EXAMPLES_NOTE.zh}`,
      en: `There is no function named ${m[1]}: check its spelling (DuckDB’s function names, such as count, sum, avg, round, strftime). ${EXAMPLES_NOTE.en}`,
    };
  return null;
}

/** For the guard's refusals: where what was asked for can be done instead (null: its reason says it all). */
export function refusalHint(reason: GuardReason): (Msg & { target: 'examples' | null }) | null {
  switch (reason) {
    case 'not-read-only':
      // SELEC, WTIH …: a misspelt first word, refused before DuckDB could call it a syntax error.
      return {
        target: 'examples',
        zh: `请检查第一个词的拼写：查询以 SELECT（或 WITH、FROM 等）开头。${EXAMPLES_NOTE.zh}`,
        en: `Check the spelling of the first word: a query starts with SELECT (or WITH, FROM …). ${EXAMPLES_NOTE.en}`,
      };
    case 'forbidden':
      return {
        target: null,
        zh: '要更正报告中的数字，请在“导入”页或报告页更正；要保存查询结果，请用结果下方的 CSV / XLSX 导出；要查数据，请写 SELECT 查询。',
        en: 'To correct a report’s figures, use the Import page or the report’s page; to keep a result, use the CSV / XLSX export under it; to look at the data, write a SELECT query.',
      };
    case 'function':
    case 'external':
      return {
        target: null,
        zh: '要加入文件中的报告，请用“导入”页：文件在本机解析后即可在此查询。',
        en: 'To add the reports in a file, use the Import page: once parsed on this machine, they can be queried here.',
      };
    case 'multiple':
      return {
        target: null,
        zh: '请把各条语句分开运行，或用 WITH … 把它们写成一条查询。',
        en: 'Run the statements one at a time, or write them as one query with WITH ….',
      };
    default:
      return null;
  }
}
