/**
 * What the database needs from the workspace at start: the accepted reports as tables, and the chosen data
 * set. Everything read is checked (store.readWorkspace): what is not what this app writes is set aside there,
 * so nothing stored can keep the views — /sql, the ranking — from loading.
 */
import type { ReportRecord } from '$lib/report/types';
import { correctedRecord } from './corrections';
import { workspaceTables } from './decide';
import { getDatasetChoice, readWorkspace } from './store';
import type { Correction, Entry } from './types';

export async function loadWorkspaceTables() {
  const { entries, corrections } = await readWorkspace();
  return workspaceTables(entries, corrections);
}

export const loadDatasetChoice = getDatasetChoice;

/** One workspace file as the report view shows it: the record as corrected, its text, and the corrections themselves. */
export async function loadEntryReport(entryId: string): Promise<{
  record: ReportRecord;
  text: string | null;
  workspace: { entry: Entry; corrections: Correction[] };
} | null> {
  const { entries, corrections } = await readWorkspace();
  const entry = entries.find((e) => e.id === entryId);
  if (!entry?.record) return null;
  const mine = corrections.filter((c) => c.entryId === entryId);
  return { record: correctedRecord(entry, mine)!, text: entry.text, workspace: { entry, corrections: mine } };
}
