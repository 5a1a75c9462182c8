/**
 * The user's workspace: the files dropped on the import page, what the
 * engine read from each, the user's decision about it, and corrections of
 * cells the source got wrong. Kept in the browser (IndexedDB, ./store.ts);
 * nothing here ever leaves the machine except through an export the user asks for.
 */
import type { Cell, ReportRecord } from '$lib/report/types';

/** What a file turned out to be. `pending` = stored, not parsed yet (a batch resumes after a reload). */
export type EntryStatus = 'pending' | 'ok' | 'findings' | 'not_report' | 'unreadable';

/**
 * What the user decided. `version` = kept as an earlier version of the same
 * agency and year: stored and listed, but not counted in the views.
 */
export type Decision = 'undecided' | 'accepted' | 'rejected' | 'version';

export interface Entry {
  /** Stable id, also the report's id in the database as `mine:<id>`. */
  id: string;
  /** The file name as dropped (inside a .zip: `archive.zip/path/name`). */
  name: string;
  size: number;
  /** A 64-bit FNV-1a hash of the original bytes: the same file dropped twice is recognised. */
  hash: string;
  addedAt: string;
  status: EntryStatus;
  /** Why a file is not a report or could not be read, as the engine said it. */
  reason: string | null;
  /** The record as parsed, never edited: corrections are kept apart and applied on top. */
  record: ReportRecord | null;
  /** The text the parser read (provenance points into it). */
  text: string | null;
  decision: Decision;
  /** The embedded report this one replaces in 全部 (a duplicate the user chose to replace or to keep as the newer version). */
  shadows: string | null;
}

/** A user's correction of one cell, kept with who, why and when; the original stays in the entry. */
export interface Correction {
  id: string;
  entryId: string;
  /** A cell path as in findings and provenance: `requests.granted[6]`, `active.licensing.decisions`, `review[4]`. */
  cell: string;
  /** The value as read; null for a blank — or for a cell the reader could not read at all (`added`). */
  original: Cell;
  /** The record had no such cell (a row or item the reader could not place): the value was entered, not changed. */
  added?: boolean;
  value: Cell;
  author: string;
  reason: string;
  at: string;
}

/** The three data sets a view can show. */
export type DatasetChoice = 'all' | 'builtin' | 'mine';
export const DATASET_LABELS: Record<DatasetChoice, { zh: string; en: string }> = {
  all: { zh: '全部', en: 'All' },
  builtin: { zh: '内置数据', en: 'Embedded' },
  mine: { zh: '我的数据', en: 'My data' },
};
