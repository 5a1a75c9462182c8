/** Number formatting for the UI: a blank is shown as blank (—), never as 0. */
import { t } from '$lib/i18n.svelte';

export const fmtInt = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v.toLocaleString('zh-CN');
export const fmtPct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`;
/** A table cell exactly as the report printed it: a number, or 空 (“blank”) where it was left blank (never 0). */
export const BLANK = '空';
export const fmtCell = (v: number | null | undefined) =>
  v === null || v === undefined ? t(BLANK, 'blank') : String(v);
