/** What the correction panels share: a typed cell value read as a count, and the author remembered between corrections. */
import type { Cell } from '$lib/report/types';

/** A typed value as a cell: digits with or without separators, or empty for a blank (never 0). Throws `message` otherwise. */
export function parseCellInput(v: string, message: string): Cell {
  const s = v.trim().replace(/[,，\s]/g, '');
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(message);
  return n;
}

const AUTHOR_KEY = 'mingjing:author';

/** The name the user last corrected under, on this machine. */
export const rememberedAuthor = () =>
  typeof localStorage === 'undefined' ? '' : (localStorage.getItem(AUTHOR_KEY) ?? '');
export const rememberAuthor = (author: string) => localStorage.setItem(AUTHOR_KEY, author.trim());
