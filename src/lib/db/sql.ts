/** Writing SQL from values: the one place a string becomes a literal. */

/** A string as a SQL string literal: quotes doubled, nothing else can close it. */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Strings as a list of literals for IN (…); NULL for none, so `x IN (NULL)` matches nothing. */
export const litList = (xs: readonly string[]): string => (xs.length ? xs.map(lit).join(', ') : 'NULL');
