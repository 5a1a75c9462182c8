/**
 * A misread digit that two identities agree on (issue 18: cells right "after OCR with the identities").
 *
 * In 表三 every cell lies in at least two independent identities: its row (the applicant columns add up to 总计)
 * and its column (the outcome rows add up to （七）总计; for 一、二、（七）and 四, also 一 + 二 = （七）+ 四). When
 * every identity a cell lies in fails, and each of them — with its other cells as read — holds for one and the
 * same value of that cell, that value is taken: 454 read as 154 breaks its row and its column, and both say 454.
 * Repeated until nothing changes (a repair can leave another cell's identities agreeing). Misreads that share an
 * identity are set right together only where the engine itself doubted each of them (repairDoubtful) and every
 * identity then holds; otherwise they stay as read, as do two that hide each other in one identity.
 *
 * Only OCR'd cells are repaired, never a number of a text layer; a blank is never filled (a blank is not a
 * number); 表四 and 表二 have at most one identity per cell, so nothing is repaired there. A repaired cell is
 * never accepted silently: ./apply.ts gives it a `"reading"` finding (ocr.repaired) that says what was read
 * and what the sums say, beside its crop, for a person to confirm (or to correct, where the print is what
 * was read and the body's sums are wrong).
 */
import { leafRows, REQUEST_ROWS, TOTAL_COL, type FormatId, type RequestRowKey } from '../formats';
import type { Cell, ReportRecord } from '../types';

/** A repaired cell: its path, the value read, the value the identities agree on. */
export interface Repair {
  path: string;
  read: number;
  value: number;
}

type Requests = ReportRecord['requests'];
type At = { key: RequestRowKey; col: number };

/** One identity as terms: Σ sign × cell = 0. */
type Identity = { key: RequestRowKey; col: number; sign: 1 | -1 }[];

/** Every identity of 表三 as printed (the rows present, the format's outcome rows). */
function identitiesOf(requests: Requests, format: FormatId): Identity[] {
  const present = new Set(Object.keys(requests));
  const rows = Object.keys(requests) as RequestRowKey[];
  const out: Identity[] = [];
  for (const key of rows)
    out.push([
      ...Array.from({ length: TOTAL_COL }, (_, col) => ({ key, col, sign: 1 as const })),
      { key, col: TOTAL_COL, sign: -1 },
    ]);
  const leaves = leafRows(format, present)
    .map((d) => d.key)
    .filter((k) => requests[k]);
  const width = TOTAL_COL + 1;
  if (requests.processed_total && leaves.length)
    for (let col = 0; col < width; col++)
      out.push([...leaves.map((key) => ({ key, col, sign: 1 as const })), { key: 'processed_total', col, sign: -1 }]);
  const { new_received, carried_over, processed_total, carried_forward } = requests;
  if (new_received && carried_over && processed_total && carried_forward)
    for (let col = 0; col < width; col++)
      out.push([
        { key: 'new_received', col, sign: 1 },
        { key: 'carried_over', col, sign: 1 },
        { key: 'processed_total', col, sign: -1 },
        { key: 'carried_forward', col, sign: -1 },
      ]);
  return out;
}

const pathOf = ({ key, col }: At) => `requests.${key}[${col}]`;

/**
 * The value of `at` for which `identity` holds with its other cells as they are; null when one of them is
 * blank (nothing to solve by).
 */
function solve(requests: Requests, identity: Identity, at: At): number | null {
  let rest = 0;
  let sign = 0;
  for (const t of identity) {
    if (t.key === at.key && t.col === at.col) {
      sign = t.sign;
      continue;
    }
    const v: Cell | undefined = requests[t.key]?.[t.col];
    if (v === null || v === undefined) return null;
    rest += t.sign * v;
  }
  return sign === 0 ? null : -rest / sign || 0; // never -0
}

const holds = (requests: Requests, identity: Identity) => {
  let sum = 0;
  for (const t of identity) {
    const v = requests[t.key]?.[t.col];
    if (v === null || v === undefined) return true; // a blank: not checked (validate/identities.ts says why)
    sum += t.sign * v;
  }
  return Math.abs(sum) < 1e-9;
};

/**
 * The engine's doubtful readings together (`doubtful(path)`: read at the confidence it gives a reading no second
 * look confirmed), where single repairs cannot help: three 0s read as 1 in two rows that share a column. Each
 * failing identity with one doubtful cell left is solved for it, in turn, on a copy; taken only if then every
 * identity of 表三 holds, each cell so set lies in two identities at least, and every value is a count.
 */
function repairDoubtful(
  requests: Requests,
  identities: Identity[],
  cells: At[],
  doubtful: (path: string) => boolean,
): Repair[] {
  if (identities.every((id) => holds(requests, id))) return [];
  const copy = structuredClone(requests);
  const open = new Set(
    cells
      .filter((at) => doubtful(pathOf(at)) && copy[at.key]![at.col] !== null)
      .filter((at) => identities.some((id) => !holds(copy, id) && id.some((t) => t.key === at.key && t.col === at.col)))
      .map(pathOf),
  );
  const byPath = new Map(cells.map((at) => [pathOf(at), at]));
  const set: Repair[] = [];
  for (let progress = true; progress;) {
    progress = false;
    for (const id of identities) {
      if (holds(copy, id)) continue;
      const left = id.filter((t) => open.has(pathOf(t)));
      if (left.length !== 1) continue;
      const at = byPath.get(pathOf(left[0]))!;
      const value = solve(copy, id, at);
      if (value === null || !Number.isInteger(value) || value < 0) return [];
      const read = copy[at.key]![at.col]!;
      open.delete(pathOf(at));
      if (value === read) continue;
      copy[at.key]![at.col] = value;
      set.push({ path: pathOf(at), read, value });
      progress = true;
    }
  }
  const inTwo = (r: Repair) => identities.filter((id) => id.some((t) => pathOf(t) === r.path)).length >= 2;
  if (!set.length || !identities.every((id) => holds(copy, id)) || !set.every(inTwo)) return [];
  for (const r of set) {
    const at = byPath.get(r.path)!;
    requests[at.key]![at.col] = r.value;
  }
  return set;
}

/**
 * Repair, in place, the OCR'd cells of 表三 (`ocr(path)`) that every identity they lie in — two at least — puts at
 * one other value, then the engine's doubtful readings together (`doubtful`, see repairDoubtful); the repairs
 * made, in order.
 */
export function repairByIdentities(
  record: ReportRecord,
  ocr: (path: string) => boolean,
  doubtful: (path: string) => boolean = () => false,
): Repair[] {
  const requests = record.requests;
  const format: FormatId = record.format ?? '2021';
  const identities = identitiesOf(requests, format);
  const repairs: Repair[] = [];
  const candidates: At[] = REQUEST_ROWS.flatMap((d) =>
    (requests[d.key] ?? []).map((_, col) => ({ key: d.key, col })),
  ).filter((at) => ocr(pathOf(at)));
  for (let changed = true; changed;) {
    changed = false;
    for (const at of candidates) {
      const read = requests[at.key]![at.col];
      if (read === null) continue;
      const mine = identities.filter((id) => id.some((t) => t.key === at.key && t.col === at.col));
      if (mine.length < 2) continue;
      const values = mine.map((id) => solve(requests, id, at));
      const value = values[0];
      if (value === null || value === read || !Number.isInteger(value) || value < 0) continue;
      if (!values.every((v) => v === value)) continue;
      requests[at.key]![at.col] = value;
      repairs.push({ path: pathOf(at), read, value });
      changed = true;
    }
  }
  return [...repairs, ...repairDoubtful(requests, identities, candidates, doubtful)];
}
