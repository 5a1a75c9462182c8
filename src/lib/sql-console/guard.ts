/**
 * The SQL console runs the user's SQL on the app's one database: this guard
 * lets through only one read-only statement that reads the loaded tables, so
 * that no query can change the tables every view reads (恢复数据 /
 * restoreData() is the second line), reach a file or the network, or touch the
 * database's settings or its log. The engine itself is the last line: every
 * DuckDB the app opens has external access off and its settings locked
 * (src/lib/db/lockdown.ts), so what the guard misses still reads nothing
 * outside the database.
 *
 * It reads the text the way DuckDB's lexer does (PostgreSQL's): comments
 * (`--`, `/* *\/`), string literals ('…' with '' inside, E'…' with backslash
 * escapes, $$…$$ and $tag$…$tag$) and quoted identifiers ("…") are blanked
 * out; of what is left, the first keyword must start a read-only statement,
 * no forbidden keyword may appear anywhere, no function that reads or writes
 * outside the database (or runs SQL given as text, or touches settings, the
 * log or secrets) may be called — by its plain or its quoted name — no string
 * or file-like quoted name may stand where a table does (`FROM 'http://…'`),
 * and a `;` may only end the text.
 *
 * Where this reading could differ from DuckDB's, the guard errs on the side of
 * seeing more code, never less: block comments end at the first `*\/` (DuckDB
 * nests them, so its comment is never shorter), and a quote or `$` whose
 * meaning depends on how a number before it is lexed is refused as ambiguous.
 */

/** Keywords a statement may start with. */
export const READ_ONLY_STARTS = [
  'SELECT',
  'WITH',
  'FROM',
  'VALUES',
  'TABLE',
  'DESCRIBE',
  'SHOW',
  'SUMMARIZE',
  'EXPLAIN',
  'PIVOT',
  'UNPIVOT',
] as const;

/** Statements that write, grouped by why they are refused (each message says so). */
const WRITES = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'DROP',
  'CREATE',
  'ALTER',
  'TRUNCATE',
  'CALL',
  'CHECKPOINT',
  'VACUUM',
  'USE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
] as const;
/** Statements that read or write files, databases, extensions or the network outside the app's database. */
const OUTSIDE = ['ATTACH', 'DETACH', 'COPY', 'EXPORT', 'IMPORT', 'INSTALL', 'LOAD'] as const;
/** Statements that read or change the database's settings (also SET VARIABLE, PRAGMA enable_profiling …). */
const SETTINGS = ['SET', 'RESET', 'PRAGMA'] as const;

/** Keywords refused anywhere outside literals and comments. */
export const FORBIDDEN = [...WRITES, ...OUTSIDE, ...SETTINGS] as const;

export type FunctionKind = 'file' | 'text-sql' | 'settings' | 'logging' | 'secrets' | 'storage';

/**
 * Functions refused when called (a name followed by `(`, plain or quoted), by
 * what they reach. DuckDB 1.4 (DuckDB-WASM 1.32) and the extensions it could
 * load: every reader of a file or URL, the functions that run SQL given as a
 * string (they would hide any name from this guard), the settings, the log,
 * the secrets, and forcing a checkpoint. Reading the app's own catalogue
 * (duckdb_tables(), duckdb_columns(), pragma_table_info() …) stays allowed.
 */
export const FORBIDDEN_FUNCTIONS: Readonly<Record<FunctionKind, readonly string[]>> = {
  file: [
    'read_csv',
    'read_csv_auto',
    'sniff_csv',
    'read_text',
    'read_blob',
    'glob',
    'read_json',
    'read_json_auto',
    'read_json_objects',
    'read_json_objects_auto',
    'read_ndjson',
    'read_ndjson_auto',
    'read_ndjson_objects',
    'read_parquet',
    'parquet_scan',
    'parquet_metadata',
    'parquet_schema',
    'parquet_file_metadata',
    'parquet_kv_metadata',
    'parquet_bloom_probe',
    'read_xlsx',
    'st_read',
    'st_read_meta',
    'iceberg_scan',
    'iceberg_metadata',
    'iceberg_snapshots',
    'delta_scan',
    'sqlite_scan',
    'sqlite_attach',
    'postgres_scan',
    'postgres_attach',
    'postgres_query',
    'mysql_scan',
    'mysql_query',
    'arrow_scan',
    'arrow_scan_dumb',
    'scan_arrow_ipc',
    'read_arrow',
    'duckdb_external_file_cache',
    'duckdb_temporary_files',
    'getenv',
  ],
  'text-sql': ['query', 'query_table', 'json_execute_serialized_sql'],
  settings: ['current_setting', 'duckdb_settings'],
  logging: [
    'enable_logging',
    'disable_logging',
    'truncate_duckdb_logs',
    'duckdb_logs',
    'duckdb_log_contexts',
    'duckdb_logs_parsed',
  ],
  secrets: ['duckdb_secrets', 'which_secret', 'duckdb_secret_types'],
  storage: ['checkpoint', 'force_checkpoint'],
};

const FUNCTION_KIND = new Map<string, FunctionKind>(
  (Object.entries(FORBIDDEN_FUNCTIONS) as [FunctionKind, readonly string[]][]).flatMap(([k, names]) =>
    names.map((n) => [n, k] as [string, FunctionKind]),
  ),
);

export type GuardReason =
  'empty' | 'unterminated' | 'ambiguous' | 'forbidden' | 'function' | 'external' | 'multiple' | 'not-read-only';

export type GuardResult =
  | {
      ok: true;
      /** The statement to run: the text without its trailing `;` (and whatever comment follows it). */ statement: string;
    }
  | {
      ok: false;
      reason: GuardReason;
      /** The keyword or function concerned (forbidden, function, not-read-only). */ word?: string;
      zh: string;
      en: string;
    };

const FORBIDDEN_SET = new Set<string>(FORBIDDEN);
const START_SET = new Set<string>(READ_ONLY_STARTS);

/** A character of an unquoted identifier or keyword, as DuckDB's lexer has it (any non-ASCII character included). */
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const WORDS = /[A-Za-z0-9_$\u0080-\uffff]+/g;
/** An opening dollar quote: `$$` or `$tag$`. */
const DOLLAR = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** A string literal ('…', E'…', $$…$$) or quoted identifier ("…") of the text: where it is and what it holds. */
export interface Literal {
  kind: 'string' | 'name';
  start: number;
  end: number;
  value: string;
}

type Scan = { code: string; literals: Literal[] } | { fail: 'unterminated' | 'ambiguous' };

/**
 * The text with every comment, string literal and quoted identifier replaced
 * by spaces (same length, so positions stay those of the text), and the
 * literals and quoted identifiers themselves.
 */
export function codeOf(text: string): Scan {
  const out: string[] = [];
  const literals: Literal[] = [];
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) out.push(text[k] === '\n' ? '\n' : ' ');
  };
  let i = 0;
  const n = text.length;
  /** The run of word characters just before position i. */
  const wordBefore = () => {
    let s = i;
    while (s > 0 && isWordChar(text[s - 1])) s--;
    return text.slice(s, i);
  };
  /** End (exclusive) of a quoted run opened at `from` by `q`, where `qq` inside is the quote itself; -1 if unterminated. */
  const closeQuote = (from: number, q: string, backslash: boolean) => {
    for (let k = from + 1; k < n; k++) {
      if (backslash && text[k] === '\\') {
        k++;
        continue;
      }
      if (text[k] === q) {
        if (text[k + 1] === q) {
          k++;
          continue;
        }
        return k + 1;
      }
    }
    return -1;
  };
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      let e = i + 2;
      while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
      blank(i, e);
      i = e;
    } else if (c === '/' && next === '*') {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) return { fail: 'unterminated' };
      blank(i, e + 2);
      i = e + 2;
    } else if (c === "'") {
      const w = wordBefore();
      // E'…' takes backslash escapes; X'…', N'…', B'…' and a string after an identifier do not.
      const escaped = w === 'E' || w === 'e';
      if (w !== '' && !escaped && !/^[A-Za-z_\u0080-\uffff]/.test(w)) return { fail: 'ambiguous' };
      const e = closeQuote(i, "'", escaped);
      if (e < 0) return { fail: 'unterminated' };
      // A one-letter prefix (E'…', X'…', N'…') is part of the literal; a word before it (DATE '…', FROM'…') is not.
      literals.push({ kind: 'string', start: w.length === 1 ? i - 1 : i, end: e, value: text.slice(i + 1, e - 1) });
      blank(i, e);
      i = e;
    } else if (c === '"') {
      const e = closeQuote(i, '"', false);
      if (e < 0) return { fail: 'unterminated' };
      literals.push({ kind: 'name', start: i, end: e, value: text.slice(i + 1, e - 1).replace(/""/g, '"') });
      blank(i, e);
      i = e;
    } else if (c === '$') {
      const w = wordBefore();
      if (w !== '') {
        // Inside an identifier (a$b, a$$b) a `$` is part of it; after a number or a parameter its meaning is unclear.
        if (!/^[A-Za-z_\u0080-\uffff]/.test(w)) return { fail: 'ambiguous' };
        out.push(c);
        i++;
        continue;
      }
      const m = DOLLAR.exec(text.slice(i, i + 200));
      if (m) {
        const e = text.indexOf(m[0], i + m[0].length);
        if (e < 0) return { fail: 'unterminated' };
        literals.push({ kind: 'string', start: i, end: e + m[0].length, value: text.slice(i + m[0].length, e) });
        blank(i, e + m[0].length);
        i = e + m[0].length;
      } else {
        out.push(c);
        i++;
      }
    } else {
      out.push(c);
      i++;
    }
  }
  return { code: out.join(''), literals };
}

const fail = (reason: GuardReason, zh: string, en: string, word?: string): GuardResult => ({
  ok: false,
  reason,
  word,
  zh,
  en,
});

const WRITE_SET = new Set<string>(WRITES);
const OUTSIDE_SET = new Set<string>(OUTSIDE);

/** Why a keyword is refused, in both languages; each says which keyword and that nothing was changed. */
function keywordRefusal(up: string): GuardResult {
  if (WRITE_SET.has(up))
    return fail(
      'forbidden',
      `只能执行只读查询：不允许使用 ${up}。数据未作任何修改。`,
      `Only read-only queries can run: ${up} is not allowed. Nothing was changed.`,
      up,
    );
  if (OUTSIDE_SET.has(up)) {
    return fail(
      'forbidden',
      `控制台只查询已载入的表，不读写本机文件、不连接网络、不加载扩展：不允许使用 ${up}。数据未作任何修改。`,
      `The console only queries the tables already loaded; it reads and writes no file, reaches no network and loads no extension: ${up} is not allowed. Nothing was changed.`,
      up,
    );
  }
  return fail(
    'forbidden',
    `控制台不查看、不更改数据库设置：不允许使用 ${up}。数据未作任何修改。`,
    `The console neither reads nor changes the database's settings: ${up} is not allowed. Nothing was changed.`,
    up,
  );
}

const FUNCTION_WHY: Record<FunctionKind, { zh: string; en: string }> = {
  file: {
    zh: '控制台只查询已载入的表，不读取本机文件或网络地址',
    en: 'the console only queries the tables already loaded, never a file or a web address',
  },
  'text-sql': { zh: '不能把另一条 SQL 写在字符串中执行', en: 'SQL given as a string cannot be run' },
  settings: {
    zh: '控制台不查看、不更改数据库设置',
    en: "the console neither reads nor changes the database's settings",
  },
  logging: {
    zh: '控制台不开启、不关闭、不读取数据库日志',
    en: "the console neither turns the database's log on or off nor reads it",
  },
  secrets: { zh: '控制台不使用任何凭据', en: 'the console uses no credentials' },
  storage: { zh: '控制台不改变数据库的存储', en: "the console does not change the database's storage" },
};

function functionRefusal(name: string, kind: FunctionKind): GuardResult {
  const why = FUNCTION_WHY[kind];
  return fail(
    'function',
    `不允许调用 ${name}()：${why.zh}。数据未作任何修改。`,
    `${name}() is not allowed: ${why.en}. Nothing was changed.`,
    name,
  );
}

/** Whether an opening parenthesis follows position `at` of the code (over blanks): a name just before it is called. */
function callsAt(code: string, at: number): boolean {
  let k = at;
  while (k < code.length && /\s/.test(code[k])) k++;
  return code[k] === '(';
}

/** Keywords after which a table name stands (with blanks and opening parentheses between). */
const TABLE_KEYWORDS = new Set(['FROM', 'JOIN', 'DESCRIBE', 'SUMMARIZE', 'TABLE']);

/** Whether position `at` of the code is where a table name stands: the word before it, over blanks and `(`, is FROM, JOIN … */
function tablePosition(code: string, at: number): boolean {
  let e = at;
  while (e > 0 && /[\s(]/.test(code[e - 1])) e--;
  let s = e;
  while (s > 0 && isWordChar(code[s - 1])) s--;
  return TABLE_KEYWORDS.has(code.slice(s, e).toUpperCase());
}
/** A string or quoted name that reads as a file or a URL, not as a table or a value: a path, a scheme, a file extension or a wildcard. */
const FILE_LIKE = /[/\\:*?]|\.[A-Za-z0-9]{1,8}$/;

/** Whether the text is one read-only statement; if so, the statement to run. */
export function checkSql(text: string): GuardResult {
  const scan = codeOf(text);
  if ('fail' in scan) {
    return scan.fail === 'unterminated'
      ? fail(
          'unterminated',
          '查询中有未闭合的字符串、引号或注释。',
          'The query has a string, quoted name or comment that is not closed.',
        )
      : fail(
          'ambiguous',
          '数字后紧跟引号或 $，含义不明确：请在其前加一个空格。',
          'A quote or $ right after a number is ambiguous: put a space before it.',
        );
  }
  const { code, literals } = scan;
  if (code.replace(/;/g, '').trim() === '') return fail('empty', '请输入一条查询。', 'Type a query.');
  const words = [...code.matchAll(WORDS)];
  for (const [w] of words) {
    const up = w.toUpperCase();
    if (FORBIDDEN_SET.has(up)) return keywordRefusal(up);
  }
  // A function called by its plain name: the name, then (after blanks or comments, blanked already) an opening parenthesis.
  for (const m of words) {
    const kind = FUNCTION_KIND.get(m[0].toLowerCase());
    if (kind && callsAt(code, m.index + m[0].length)) return functionRefusal(m[0].toLowerCase(), kind);
  }
  for (const l of literals) {
    // …or by its quoted name ("read_csv"(…); DuckDB matches names without regard to case).
    if (l.kind === 'name' && callsAt(code, l.end)) {
      const name = l.value.toLowerCase();
      const kind = FUNCTION_KIND.get(name);
      if (kind) return functionRefusal(name, kind);
    }
    // A file name or URL (a string or a quoted name) where a table stands is a file for DuckDB to open: FROM 'http://…'.
    // (Only a file-like one: FROM also takes a plain string in extract(year FROM '2024-01-01'::DATE), trim(' ' FROM s).)
    if (FILE_LIKE.test(l.value) && tablePosition(code, l.start)) {
      const shown = l.value.length > 60 ? `${l.value.slice(0, 57)}…` : l.value;
      return fail(
        'external',
        `控制台只查询已载入的表，不按文件名或网址读取数据：不允许 FROM '${shown}'。数据未作任何修改。`,
        `The console only queries the tables already loaded, never a file or a web address: FROM '${shown}' is not allowed. Nothing was changed.`,
        shown,
      );
    }
  }
  const semi = code.indexOf(';');
  if (semi >= 0 && code.slice(semi + 1).trim() !== '') {
    return fail(
      'multiple',
      '一次只能执行一条语句：分号 ; 只能出现在查询末尾。',
      'One statement at a time: a semicolon ; may only end the query.',
    );
  }
  const first = /^[\s(]*([A-Za-z_]+)/.exec(code)?.[1]?.toUpperCase() ?? '';
  if (!START_SET.has(first)) {
    const list = READ_ONLY_STARTS.join(', ');
    return fail(
      'not-read-only',
      `查询须以只读语句开头（${list}），而不是 ${first || code.trim().slice(0, 10)}。`,
      `A query must start with a read-only keyword (${list}), not ${first || code.trim().slice(0, 10)}.`,
      first,
    );
  }
  return { ok: true, statement: semi >= 0 ? text.slice(0, semi) : text };
}
