/**
 * Limits of a workspace package (导出 → 完整数据包, src/lib/workspace/bundle.ts)
 * and of what a workspace holds, checked when a package is imported — and,
 * the same numbers, when one is exported, so an export always imports again.
 *
 * Why these numbers. A real record is 16–27 KB of JSON (provenance
 * included), its text 2–6 K characters, a workspace.jsonl line about 400
 * bytes. A provincial supervisor's workspace is a few thousand reports (every
 * body of a province over a few years). The import holds the package in the
 * tab's memory until it is checked whole and stored in one transaction (all
 * or nothing), so the total is bounded by what a tab on an office machine can
 * hold, not by the disk.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export interface PackageLimits {
  /** Files (entries) in the zip's central directory: a package has about three per workspace file. */
  zipEntries: number;
  /** Workspace files (lines of workspace.jsonl). */
  files: number;
  /** Lines of corrections.jsonl. */
  corrections: number;
  /** manifest.json: a handful of fields. */
  manifestBytes: number;
  /** workspace.jsonl and corrections.jsonl, each, inflated. */
  listBytes: number;
  /** records.jsonl, inflated. */
  recordsBytes: number;
  /** One line of any .jsonl: one record, entry or correction. */
  lineBytes: number;
  /** texts/<id>.txt: the text a report was read from (the reader refuses text files over 20 MB; a PDF's text may be more). */
  textBytes: number;
  /** originals/<id>/<name>: one file as dropped (the reader refuses PDFs over 300 MB, its largest limit). */
  originalBytes: number;
  /** Everything read from the package, inflated. */
  totalBytes: number;
  /** A text field: a name, a reason, a finding's message. */
  textField: number;
}

export const PACKAGE_LIMITS: Readonly<PackageLimits> = {
  // 3 per file for 20 000 files, plus the tables and dictionaries.
  zipEntries: 60_100,
  // Every report of a large province over several years, with room.
  files: 20_000,
  corrections: 200_000,
  manifestBytes: 64 * KiB,
  // 20 000 lines of ~400 bytes is 8 MB: eight times that.
  listBytes: 64 * MiB,
  // 20 000 records of ~25 KB is 500 MB; read line by line, never as one string.
  recordsBytes: 512 * MiB,
  // The largest real record is 27 KB: 150 times that.
  lineBytes: 4 * MiB,
  textBytes: 64 * MiB,
  originalBytes: 300 * MiB,
  // What a tab can hold before it is stored (all or nothing).
  totalBytes: 1 * GiB,
  textField: 100_000,
};

/** Years a stored report may be of: the engine's own range (report/formats.ts), one source of truth. */
export { REPORT_YEARS as YEAR_RANGE } from '$lib/report/formats';

/** No count or amount in a report comes near this; anything larger is not a number from a report. */
export const MAX_MAGNITUDE = 1e15;

/** A size in the units a user reads: 20 MiB, 512 KiB. */
export function bytesText(n: number): string {
  if (n >= GiB) return `${+(n / GiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${+(n / MiB).toFixed(n < 10 * MiB ? 1 : 0)} MiB`;
  if (n >= KiB) return `${Math.round(n / KiB)} KiB`;
  return `${n} B`;
}
