/**
 * The SQL console runs the user's SQL on the app's one database: this guard
 * lets through only one read-only statement, so that no query can change the
 * tables every view reads (恢复数据 / restoreData() is the second line).
 *
 * It reads the text the way DuckDB's lexer does (PostgreSQL's): comments
 * (`--`, `/* *\/`), string literals ('…' with '' inside, E'…' with backslash
 * escapes, $$…$$ and $tag$…$tag$) and quoted identifiers ("…") are blanked
 * out; of what is left, the first keyword must start a read-only statement,
 * no forbidden keyword may appear anywhere, and a `;` may only end the text.
 *
 * Where this reading could differ from DuckDB's, the guard errs on the side of
 * seeing more code, never less: block comments end at the first `*\/` (DuckDB
 * nests them, so its comment is never shorter), and a quote or `$` whose
 * meaning depends on how a number before it is lexed is refused as ambiguous.
 */

/** Keywords a statement may start with. */
export const READ_ONLY_STARTS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'EXPLAIN', 'PIVOT', 'UNPIVOT'] as const;

/** Keywords refused anywhere outside literals and comments. */
export const FORBIDDEN = [
  'INSERT', 'UPDATE', 'DELETE', 'DROP', 'CREATE', 'ALTER', 'ATTACH', 'DETACH', 'COPY', 'EXPORT', 'IMPORT', 'INSTALL', 'LOAD',
  'SET', 'RESET', 'PRAGMA', 'CALL', 'CHECKPOINT', 'VACUUM', 'TRUNCATE', 'USE', 'BEGIN', 'COMMIT', 'ROLLBACK',
] as const;

export type GuardReason = 'empty' | 'unterminated' | 'ambiguous' | 'forbidden' | 'multiple' | 'not-read-only';

export type GuardResult =
  | { ok: true; /** The statement to run: the text without its trailing `;` (and whatever comment follows it). */ statement: string }
  | { ok: false; reason: GuardReason; /** The keyword concerned (forbidden, not-read-only). */ word?: string; zh: string; en: string };

const FORBIDDEN_SET = new Set<string>(FORBIDDEN);
const START_SET = new Set<string>(READ_ONLY_STARTS);

/** A character of an unquoted identifier or keyword, as DuckDB's lexer has it (any non-ASCII character included). */
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const WORDS = /[A-Za-z0-9_$\u0080-\uffff]+/g;
/** An opening dollar quote: `$$` or `$tag$`. */
const DOLLAR = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

type Scan = { code: string } | { fail: 'unterminated' | 'ambiguous' };

/**
 * The text with every comment, string literal and quoted identifier replaced
 * by spaces (same length, so positions stay those of the text).
 */
export function codeOf(text: string): Scan {
  const out: string[] = [];
  const blank = (from: number, to: number) => { for (let k = from; k < to; k++) out.push(text[k] === '\n' ? '\n' : ' '); };
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
      if (backslash && text[k] === '\\') { k++; continue; }
      if (text[k] === q) {
        if (text[k + 1] === q) { k++; continue; }
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
      blank(i, e);
      i = e;
    } else if (c === '"') {
      const e = closeQuote(i, '"', false);
      if (e < 0) return { fail: 'unterminated' };
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
  return { code: out.join('') };
}

const fail = (reason: GuardReason, zh: string, en: string, word?: string): GuardResult => ({ ok: false, reason, word, zh, en });

/** Whether the text is one read-only statement; if so, the statement to run. */
export function checkSql(text: string): GuardResult {
  const scan = codeOf(text);
  if ('fail' in scan) {
    return scan.fail === 'unterminated'
      ? fail('unterminated', '查询中有未闭合的字符串、引号或注释。', 'The query has a string, quoted name or comment that is not closed.')
      : fail('ambiguous', '数字后紧跟引号或 $，含义不明确：请在其前加一个空格。', 'A quote or $ right after a number is ambiguous: put a space before it.');
  }
  const { code } = scan;
  if (code.replace(/;/g, '').trim() === '') return fail('empty', '请输入一条查询。', 'Type a query.');
  for (const w of code.match(WORDS) ?? []) {
    const up = w.toUpperCase();
    if (FORBIDDEN_SET.has(up)) {
      return fail('forbidden', `只能执行只读查询：不允许使用 ${up}。数据未作任何修改。`, `Only read-only queries can run: ${up} is not allowed. Nothing was changed.`, up);
    }
  }
  const semi = code.indexOf(';');
  if (semi >= 0 && code.slice(semi + 1).trim() !== '') {
    return fail('multiple', '一次只能执行一条语句：分号 ; 只能出现在查询末尾。', 'One statement at a time: a semicolon ; may only end the query.');
  }
  const first = /^[\s(]*([A-Za-z_]+)/.exec(code)?.[1]?.toUpperCase() ?? '';
  if (!START_SET.has(first)) {
    const list = READ_ONLY_STARTS.join(', ');
    return fail('not-read-only', `查询须以只读语句开头（${list}），而不是 ${first || code.trim().slice(0, 10)}。`, `A query must start with a read-only keyword (${list}), not ${first || code.trim().slice(0, 10)}.`, first);
  }
  return { ok: true, statement: semi >= 0 ? text.slice(0, semi) : text };
}
