/**
 * Records kept from before findings carried an origin — workspace entries in
 * IndexedDB, packages exported by an earlier Mingjing — have findings without
 * one. They get it here, settled exactly as the engine settles new findings
 * (settleOrigins: the rule's origin, then every finding on a table with a
 * reading problem becomes `reading`), so an old record never counts a reading
 * failure against the body. The one place: store.listEntries (every read of
 * the stored entries) and importBundle (every package read) call it.
 */
import { settleOrigins } from '$lib/report/validate/origin';
import type { ReportRecord } from '$lib/report/types';
import type { Entry } from './types';

/** The record with every finding's origin settled; the same object when nothing was missing. */
export function recordWithOrigins(record: ReportRecord): ReportRecord;
export function recordWithOrigins(record: ReportRecord | null): ReportRecord | null;
export function recordWithOrigins(record: ReportRecord | null): ReportRecord | null {
  if (!record || record.findings.every((f) => f.origin === 'report' || f.origin === 'reading')) return record;
  return { ...record, findings: settleOrigins(record.findings) };
}

/** The entry with its record's origins settled; the same object when nothing was missing. */
export function entryWithOrigins(entry: Entry): Entry {
  const record = recordWithOrigins(entry.record);
  return record === entry.record ? entry : { ...entry, record };
}
