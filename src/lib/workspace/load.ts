/** What the database needs from the workspace at start: the accepted reports as tables, and the chosen data set. */
import type { ReportRecord } from '$lib/report/types';
import { correctedRecord } from './corrections';
import { workspaceTables } from './decide';
import { getDatasetChoice, listCorrections, listEntries } from './store';
import type { Correction, Entry } from './types';

export async function loadWorkspaceTables() {
  const [entries, corrections] = await Promise.all([listEntries(), listCorrections()]);
  return workspaceTables(entries, corrections);
}

export const loadDatasetChoice = getDatasetChoice;

/** One workspace file as the report view shows it: the record as corrected, its text, and the corrections themselves. */
export async function loadEntryReport(entryId: string): Promise<{ record: ReportRecord; text: string | null; workspace: { entry: Entry; corrections: Correction[] } } | null> {
  const [entries, corrections] = await Promise.all([listEntries(), listCorrections()]);
  const entry = entries.find((e) => e.id === entryId);
  if (!entry?.record) return null;
  const mine = corrections.filter((c) => c.entryId === entryId);
  return { record: correctedRecord(entry, mine)!, text: entry.text, workspace: { entry, corrections: mine } };
}
