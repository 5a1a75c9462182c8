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
  if (g === undefined) groups.set(r, (g = r.kind === 'annual_report' && r.agency && r.year !== null ? groupKey(r.agency, r.year) : null));
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
    const others = members.get(g)!.filter(({ e, i }) => e !== entry && (kept(e) || (e.decision === 'undecided' && !kept(entry) && i < order))).map(({ e }) => e);
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
export function cleanEntries(entries: readonly Entry[], builtin: readonly BuiltinReport[], index = duplicateIndex(entries, builtin)): Entry[] {
  return entries.filter((e) => e.decision === 'undecided' && e.status === 'ok' && !isDuplicate(index.get(e.id)));
}

export type DuplicateChoice = 'keep' | 'replace' | 'versions';

/**
 * The user's choice for a duplicate; returns the entries that change.
 * - keep: the existing report stays, this file is set aside (rejected, still listed).
 * - replace: this file becomes the report; the others are set aside, an embedded one is hidden in 全部.
 * - versions: both are kept; this file is the current version, the others earlier versions.
 */
export function resolveDuplicate(entry: Entry, choice: DuplicateChoice, entries: readonly Entry[], builtin: readonly BuiltinReport[]): Entry[] {
  const dup = duplicatesOf(entry, entries, builtin);
  if (choice === 'keep') return [{ ...entry, decision: 'rejected', shadows: null }];
  const shadows = dup.builtin[0]?.report_id ?? null;
  const others = dup.entries.filter(kept).map((e): Entry => ({ ...e, decision: choice === 'replace' ? 'rejected' : 'version', shadows: null }));
  return [{ ...entry, decision: 'accepted', shadows }, ...others];
}

/** Make a kept version the current one (or, with `null`, the embedded report of that agency and year). */
export function makeCurrent(group: string, entryId: string | null, entries: readonly Entry[], builtin: readonly BuiltinReport[]): Entry[] {
  const shadows = builtin.find((b) => groupKey(b.agency, b.year) === group)?.report_id ?? null;
  return entries.filter((e) => kept(e) && entryGroup(e) === group).map((e): Entry =>
    e.id === entryId ? { ...e, decision: 'accepted', shadows } : { ...e, decision: 'version', shadows: null });
}

export { entryGroup };

/**
 * The user's data set: the accepted reports, with corrections applied and
 * findings recomputed, normalized exactly as the embedded ones are; and the
 * embedded reports they replace.
 */
export function workspaceTables(entries: readonly Entry[], corrections: readonly Correction[]): { tables: Tables; shadow: string[] } {
  const accepted = entries.filter((e) => e.decision === 'accepted' && e.record?.kind === 'annual_report');
  const records = accepted.map((e) => correctedRecord(e, corrections)!);
  const tables = normalize(records, 'mine', (_, i) => mineReportId(accepted[i].id));
  return { tables, shadow: accepted.flatMap((e) => (e.shadows ? [e.shadows] : [])) };
}
