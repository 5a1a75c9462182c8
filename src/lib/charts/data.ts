/**
 * Shaping query rows for the charts and tables of the analysis views: short
 * names, 表三 outcome groups, 表四 outcome shares. Blank stays
 * null throughout; a sum over some blanks says how many it left out.
 */
import {
  OUTCOME_GROUPS,
  REQUEST_ROWS,
  REVIEW_COLUMNS,
  TOTAL_COL,
  type OutcomeGroup,
  type RequestRowKey,
} from '../report/formats';
import { SMALL_SAMPLE } from '../metrics/definitions';

export const GROUP_KEYS = Object.keys(OUTCOME_GROUPS) as OutcomeGroup[];
/** The outcome columns of 表四 without 总计: 维持, 纠正, 其他, 尚未审结. */
export const REVIEW_OUTCOMES = REVIEW_COLUMNS.slice(0, 4);
export const REVIEW_TOTAL = REVIEW_COLUMNS.length - 1;

/** A short display name: 人民政府 → 政府 (the full name stays in tooltips and tables). */
export const shortAgency = (agency: string) =>
  agency
    .replace(/人民政府办公厅$/, '政府办公厅')
    .replace(/人民政府办公室$/, '政府办')
    .replace(/人民政府$/, '政府');
export const reportLabel = (r: { agency: string; year: number }) => `${shortAgency(r.agency)} ${r.year}`;

/** A sum that keeps blank apart from 0: null when nothing was printed; `blanks` counts the terms left out. */
export interface Sum {
  value: number | null;
  blanks: number;
  terms: number;
}
export function sumOf(values: readonly (number | null | undefined)[]): Sum {
  let s = 0,
    any = false,
    blanks = 0;
  for (const v of values) {
    if (v === null || v === undefined) blanks += 1;
    else {
      s += v;
      any = true;
    }
  }
  return { value: any ? s : null, blanks, terms: values.length };
}

/**
 * The rows of an outcome group. 其他处理 is printed either as its sub-rows or
 * as the one row （六）其他处理 — never both — so the group is the sum of
 * whichever is there (as the definition of other_rate does).
 */
export function groupRows(group: OutcomeGroup): RequestRowKey[] {
  return REQUEST_ROWS.filter((r) => r.group === group).map((r) => r.key);
}

/** One report's 表三 column: outcome-group sums and the （七）总计 they are shares of. */
export function outcomeGroups(
  cells: ReadonlyMap<string, (number | null)[]>,
  col = TOTAL_COL,
): { groups: Record<OutcomeGroup, Sum>; total: number | null } {
  const present = new Set(cells.keys());
  const groups = Object.fromEntries(
    GROUP_KEYS.map((g) => [
      g,
      sumOf(
        groupRows(g)
          .filter((k) => present.has(k))
          .map((k) => cells.get(k)?.[col] ?? null),
      ),
    ]),
  ) as Record<OutcomeGroup, Sum>;
  return { groups, total: cells.get('processed_total')?.[col] ?? null };
}

/** Cells of long rows (report_id, key, col, value) as report → key → values by column. */
export function byReport<T extends { report_id: string; col: number; value: number | null }>(
  rows: readonly T[],
  key: (r: T) => string,
): Map<string, Map<string, (number | null)[]>> {
  const out = new Map<string, Map<string, (number | null)[]>>();
  for (const r of rows) {
    const m = out.get(r.report_id) ?? new Map<string, (number | null)[]>();
    const arr = m.get(key(r)) ?? [];
    arr[r.col] = r.value;
    m.set(key(r), arr);
    out.set(r.report_id, m);
  }
  return out;
}

export const isSmall = (den: number | null | undefined) => den !== null && den !== undefined && den < SMALL_SAMPLE;
export const share = (v: number | null, total: number | null) =>
  v === null || total === null || total === 0 ? null : v / total;

/* ------------------------------------------------------------- URL state */

/** Replace query parameters (a list sets the parameter repeatedly; null or [] deletes it). */
