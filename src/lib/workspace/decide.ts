/**
 * The review list's rules: what state a file is in, which files are the same
 * report (same agency and year) as another one, and what each of the user's
 * decisions does. Pure functions over the entries; the page stores the result.
 * Nothing is ever overwritten silently: a duplicate waits for a decision.
 */
import { agencyId, normalize, type Tables } from '$lib/data/normalize';
import { mineReportId } from '$lib/db/datasets';
import type { ReportRecord } from '$lib/report/types';
import { correctedRecord } from './corrections';
import type { Correction, Entry, EntryStatus } from './types';

/** An embedded report, as far as duplicates are concerned. */
export interface BuiltinReport {
  report_id: string;
  agency: string;
  year: number;
}

export const groupKey = (agency: string, year: number) => `${agencyId(agency)}|${year}`;
// Computed once per record (the list asks on every change).
const groups = new WeakMap<ReportRecord, string | null>();
const entryGroup = (e: Entry): string | null => {
  const r = e.record;
  if (!r) return null;
  let g = groups.get(r);
  if (g === undefined)
    groups.set(r, (g = r.kind === 'annual_report' && r.agency && r.year !== null ? groupKey(r.agency, r.year) : null));
  return g;
};

/** ok = a report without errors or warnings; findings = a report with some (the user decides). */
export function statusOf(record: ReportRecord): EntryStatus {
  if (record.kind === 'unreadable') return 'unreadable';
  if (record.kind === 'not_annual_report') return 'not_report';
  // A report must name its body and year to be compared with anything.
  if (!record.agency || record.year === null) return 'findings';
  return record.findings.some((f) => f.severity !== 'info') ? 'findings' : 'ok';
}

const kept = (e: Entry) => e.decision === 'accepted' || e.decision === 'version';

export type Duplicates = { entries: Entry[]; builtin: BuiltinReport[] };
const NONE: Duplicates = { entries: [], builtin: [] };

/**
 * What each entry would duplicate: kept entries of the same agency and year,
 * undecided ones dropped before it, and embedded reports. Empty for a file
 * that is not a report, or was set aside. One pass over the list.
 */
export function duplicateIndex(entries: readonly Entry[], builtin: readonly BuiltinReport[]): Map<string, Duplicates> {
  const members = new Map<string, { e: Entry; i: number }[]>();
  entries.forEach((e, i) => {
    const g = entryGroup(e);
    if (g !== null) (members.get(g) ?? members.set(g, []).get(g)!).push({ e, i });
  });
  const shipped = new Map<string, BuiltinReport[]>();
  for (const b of builtin) {
    const g = groupKey(b.agency, b.year);
    (shipped.get(g) ?? shipped.set(g, []).get(g)!).push(b);
  }
  const out = new Map<string, Duplicates>();
  entries.forEach((entry, order) => {
    const g = entryGroup(entry);
    if (g === null || entry.decision === 'rejected') return out.set(entry.id, NONE);
    const others = members
      .get(g)!
      .filter(({ e, i }) => e !== entry && (kept(e) || (e.decision === 'undecided' && !kept(entry) && i < order)))
      .map(({ e }) => e);
    out.set(entry.id, { entries: others, builtin: shipped.get(g) ?? [] });
  });
  return out;
}

export function duplicatesOf(entry: Entry, entries: readonly Entry[], builtin: readonly BuiltinReport[]): Duplicates {
  // The entry in its place in the list (by id: it may be a copy), or as if added last.
  const at = entries.findIndex((e) => e.id === entry.id);
  const list = at < 0 ? [...entries, entry] : entries.map((e, i) => (i === at ? entry : e));
  return duplicateIndex(list, builtin).get(entry.id) ?? NONE;
}

const isDuplicate = (d: Duplicates | undefined) => !!d && d.entries.length + d.builtin.length > 0;

/** Files "accept all clean" takes: undecided, read without errors or warnings, and not a duplicate. */
export function cleanEntries(
  entries: readonly Entry[],
  builtin: readonly BuiltinReport[],
  index = duplicateIndex(entries, builtin),
): Entry[] {
  return entries.filter((e) => e.decision === 'undecided' && e.status === 'ok' && !isDuplicate(index.get(e.id)));
}

export type DuplicateChoice = 'keep' | 'replace' | 'versions';

/**
 * The user's choice for a duplicate; returns the entries that change.
 * - keep: the existing report stays, this file is set aside (rejected, still listed).
 * - replace: this file becomes the report; the others are set aside, an embedded one is hidden in 全部.
 * - versions: both are kept; this file is the current version, the others earlier versions.
 */
export function resolveDuplicate(
  entry: Entry,
  choice: DuplicateChoice,
  entries: readonly Entry[],
  builtin: readonly BuiltinReport[],
): Entry[] {
  // What it duplicates as a file still to be decided: a file set aside has no duplicates listed, but taking it back must see them.
  const dup = duplicatesOf({ ...entry, decision: 'undecided' }, entries, builtin);
  if (choice === 'keep') return [{ ...entry, decision: 'rejected', shadows: null }];
  const shadows = dup.builtin[0]?.report_id ?? null;
  const others = dup.entries
    .filter(kept)
    .map((e): Entry => ({ ...e, decision: choice === 'replace' ? 'rejected' : 'version', shadows: null }));
  return [{ ...entry, decision: 'accepted', shadows }, ...others];
}

/** Make a kept version the current one (or, with `null`, the embedded report of that agency and year). */
export function makeCurrent(
  group: string,
  entryId: string | null,
  entries: readonly Entry[],
  builtin: readonly BuiltinReport[],
): Entry[] {
  const shadows = builtin.find((b) => groupKey(b.agency, b.year) === group)?.report_id ?? null;
  return entries
    .filter((e) => kept(e) && entryGroup(e) === group)
    .map((e): Entry =>
      e.id === entryId ? { ...e, decision: 'accepted', shadows } : { ...e, decision: 'version', shadows: null },
    );
}

export { entryGroup };

/** A decision the user can take on the review list. */
export type DecisionAction =
  | { kind: 'accept' | 'reject'; id: string }
  | { kind: DuplicateChoice; id: string }
  /** Make a kept version current; `id: null` makes the embedded report of the group current again. */
  | { kind: 'current'; group: string; id: string | null };

/** A decision that would break a rule (a duplicate accepted without being decided as one): the reason, in Chinese. */
export class DecisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionError';
  }
}

/**
 * The entries a decision changes (new objects; the list itself is not touched). A file that duplicates a
 * report already kept, or an embedded one, cannot simply be accepted: it goes through keep / replace /
 * versions, so no second accepted copy of a report ever appears.
 */
export function decide(entries: readonly Entry[], builtin: readonly BuiltinReport[], action: DecisionAction): Entry[] {
  if (action.kind === 'current') return makeCurrent(action.group, action.id, entries, builtin);
  const entry = entries.find((e) => e.id === action.id);
  if (!entry) throw new DecisionError(`工作区中没有这个文件：${action.id}`);
  switch (action.kind) {
    case 'accept': {
      if (isDuplicate(duplicatesOf({ ...entry, decision: 'undecided' }, entries, builtin)))
        throw new DecisionError(`“${entry.name}”与已有报告同一单位同一年度：请选择保留原有、替换或两者都保留为版本`);
      return [{ ...entry, decision: 'accepted', shadows: null }];
    }
    case 'reject':
      return [{ ...entry, decision: 'rejected', shadows: null }];
    default:
      return resolveDuplicate(entry, action.kind, entries, builtin);
  }
}

/** Entries of a package and what became of them in this workspace. */
export interface Merge {
  /** The package's entries to add, with decisions this workspace can hold. */
  fresh: Entry[];
  /** Of those, the ones that were kept in the package but duplicate a report here: undecided, waiting for the user. */
  held: Entry[];
  /** Entries already here (same id): left as they are. */
  skipped: number;
}

/**
 * A package's entries merged into this workspace under the same rules as a dropped file: an entry the package
 * kept (accepted, or a version) whose agency and year are already kept here — or, accepted, whose embedded
 * counterpart it does not replace, or that a second accepted entry of the package repeats — comes in
 * undecided and waits for keep / replace / versions; it never adds a second accepted copy silently. An entry
 * replaces (`shadows`) only the embedded report of its own agency and year, never another one.
 */
export function mergeEntries(
  existing: readonly Entry[],
  incoming: readonly Entry[],
  builtin: readonly BuiltinReport[],
): Merge {
  const have = new Set(existing.map((e) => e.id));
  const keptHere = new Set(
    existing
      .filter(kept)
      .map(entryGroup)
      .filter((g): g is string => g !== null),
  );
  const shipped = new Map<string, BuiltinReport[]>();
  for (const b of builtin) {
    const g = groupKey(b.agency, b.year);
    (shipped.get(g) ?? shipped.set(g, []).get(g)!).push(b);
  }
  const acceptedIn = new Set<string>();
  const out: Merge = { fresh: [], held: [], skipped: 0 };
  for (const e of incoming) {
    if (have.has(e.id)) {
      out.skipped++;
      continue;
    }
    have.add(e.id);
    const g = entryGroup(e);
    let next: Entry;
    if (!kept(e) || g === null) next = { ...e, shadows: null };
    else {
      const embedded = shipped.get(g) ?? [];
      const shadows = e.decision === 'accepted' && embedded.some((b) => b.report_id === e.shadows) ? e.shadows : null;
      const clash =
        keptHere.has(g) ||
        (e.decision === 'accepted' && (acceptedIn.has(g) || (embedded.length > 0 && shadows === null)));
      if (clash) {
        next = { ...e, decision: 'undecided', shadows: null };
        out.held.push(next);
      } else {
        next = { ...e, shadows };
        if (e.decision === 'accepted') acceptedIn.add(g);
      }
    }
    out.fresh.push(next);
  }
  return out;
}

/**
 * The user's data set: the accepted reports, with corrections applied and
 * findings recomputed, normalized exactly as the embedded ones are; and the
 * embedded reports they replace.
 */
export function workspaceTables(
  entries: readonly Entry[],
  corrections: readonly Correction[],
): { tables: Tables; shadow: string[]; failed: { id: string; reason: string }[] } {
  let accepted = entries.filter((e) => e.decision === 'accepted' && e.record?.kind === 'annual_report');
  const failed: { id: string; reason: string }[] = [];
  // Checked records cannot fail here; should one ever, it is left out with its reason instead of taking every view down.
  let records: ReportRecord[] = [];
  const ok: Entry[] = [];
  for (const e of accepted) {
    try {
      records.push(correctedRecord(e, corrections)!);
      ok.push(e);
    } catch (err) {
      failed.push({ id: e.id, reason: (err as Error).message });
    }
  }
  accepted = ok;
  let tables: Tables;
  try {
    tables = normalize(records, 'mine', (_, i) => mineReportId(accepted[i].id));
  } catch {
    const keep = records.map((r, i) => {
      try {
        normalize([r], 'mine', () => mineReportId(accepted[i].id));
        return true;
      } catch (err) {
        failed.push({ id: accepted[i].id, reason: (err as Error).message });
        return false;
      }
    });
    accepted = accepted.filter((_, i) => keep[i]);
    records = records.filter((_, i) => keep[i]);
    tables = normalize(records, 'mine', (_, i) => mineReportId(accepted[i].id));
  }
  return { tables, shadow: accepted.flatMap((e) => (e.shadows ? [e.shadows] : [])), failed };
}
