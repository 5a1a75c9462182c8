/**
 * Whose problem is it: the report's, or ours (the reader's).
 *
 * Each finding is created with the origin its rule and layout give it: a row
 * of numbers the reader could not place, a label it found without numbers,
 * columns it is unsure of are `reading`; a sum that does not hold, a blank
 * cell, a late report are `report`. Then one more step: on a table where the
 * reader had any problem, every finding is `reading` too — a missing row
 * there may be the row we could not place, and its sums fail because of us,
 * not because of the body.
 */
import type { Finding, Origin } from '../types';

/** The printed tables a cell path can belong to. */
export type TableId = 'active' | 'requests' | 'review';

/** 表二 `active.…`, 表三 `requests.…`, 表四 `review[…]`, `litigation_direct[…]`, `litigation_after_review[…]`. */
export function tableOf(path: string): TableId | null {
  const head = /^[a-z_]+/.exec(path)?.[0];
  if (head === 'active' || head === 'requests') return head;
  if (head === 'review' || head === 'litigation_direct' || head === 'litigation_after_review') return 'review';
  return null;
}

/** Rules that always say the reader could not place something, whatever the layout. */
const READING_RULES =
  /^(?:table\.(?:unlabeled_numbers|row_without_numbers|columns_uncertain|label_unplaced|missing_cells|row_not_in_file)|section\.not_in_file|meta\.|ocr\.)/;

/**
 * Rules whose origin the reader gives from the layout where they arise, not
 * from the rule alone: too many cells in a row are the report's where the
 * layout marks every cell, ours in plain text (parse/tables.ts).
 */
export const LAYOUT_ORIGIN_RULES: ReadonlySet<string> = new Set(['table.extra_cells']);

/** The origin a finding's rule gives it where nothing else is known (records stored before findings had an origin). */
export function originOfRule(rule: string): Origin {
  return READING_RULES.test(rule) ? 'reading' : 'report';
}

/** Tables on which the reader had a problem. */
export function tablesWithReadingProblems(findings: readonly Finding[]): Set<TableId> {
  const out = new Set<TableId>();
  for (const f of findings) {
    if (f.origin !== 'reading') continue;
    for (const c of f.cells) {
      const t = tableOf(c);
      if (t) out.add(t);
    }
  }
  return out;
}

/**
 * Every finding with its origin settled: findings without one (older stored
 * records) take their rule's; any finding that names a cell of a table with
 * a reading problem becomes `reading`.
 */
export function settleOrigins<F extends Omit<Finding, 'origin'> & { origin?: Origin }>(
  findings: readonly F[],
): (F & { origin: Origin })[] {
  const given = findings.map((f) => ({ ...f, origin: f.origin ?? originOfRule(f.rule) }));
  const misread = tablesWithReadingProblems(given);
  if (misread.size === 0) return given;
  return given.map((f) =>
    f.origin === 'report' && f.cells.some((c) => misread.has(tableOf(c)!)) ? { ...f, origin: 'reading' as const } : f,
  );
}
