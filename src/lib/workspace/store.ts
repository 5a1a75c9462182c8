/**
 * The workspace's persistence: IndexedDB (through `idb`), in this browser
 * profile only. It survives a reload and a browser restart.
 *
 * A dropped file is stored — original bytes and a `pending` entry, in one
 * transaction — before it is parsed, so closing the tab mid-batch loses
 * nothing: the pending files are parsed when the page opens again.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { entryWithOrigins } from './migrate';
import type { Correction, DatasetChoice, Entry } from './types';

interface WorkspaceDb extends DBSchema {
  entries: { key: string; value: Entry };
  /** The original bytes of each entry, as dropped. */
  files: { key: string; value: { id: string; name: string; blob: Blob } };
  corrections: { key: string; value: Correction; indexes: { entryId: string } };
  settings: { key: string; value: unknown };
}

const NAME = 'mingjing-workspace';
let opened: Promise<IDBPDatabase<WorkspaceDb>> | null = null;

function db(): Promise<IDBPDatabase<WorkspaceDb>> {
  opened ??= openDB<WorkspaceDb>(NAME, 1, {
    upgrade(d) {
      d.createObjectStore('entries', { keyPath: 'id' });
      d.createObjectStore('files', { keyPath: 'id' });
      d.createObjectStore('corrections', { keyPath: 'id' }).createIndex('entryId', 'entryId');
      d.createObjectStore('settings');
    },
  });
  opened.catch(() => (opened = null));
  return opened;
}

/** Entries in the order they were added; findings stored without an origin get one (./migrate.ts). */
export async function listEntries(): Promise<Entry[]> {
  const all = (await (await db()).getAll('entries')).map(entryWithOrigins);
  return all.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

/** Store new files with their entries, in one transaction (all or none). */
export async function addEntries(entries: readonly Entry[], blobs: readonly Blob[]): Promise<void> {
  const tx = (await db()).transaction(['entries', 'files'], 'readwrite');
  const files = tx.objectStore('files'), es = tx.objectStore('entries');
  await Promise.all([...entries.flatMap((e, i) => [es.put(e), files.put({ id: e.id, name: e.name, blob: blobs[i] })]), tx.done]);
}

export async function putEntries(entries: readonly Entry[]): Promise<void> {
  const tx = (await db()).transaction('entries', 'readwrite');
  await Promise.all([...entries.map((e) => tx.store.put(e)), tx.done]);
}

export async function getOriginal(id: string): Promise<Blob | null> {
  return (await (await db()).get('files', id))?.blob ?? null;
}

export async function listCorrections(): Promise<Correction[]> {
  return (await db()).getAll('corrections');
}

export async function putCorrections(cs: readonly Correction[]): Promise<void> {
  const tx = (await db()).transaction('corrections', 'readwrite');
  await Promise.all([...cs.map((c) => tx.store.put(c)), tx.done]);
}

export async function deleteCorrection(id: string): Promise<void> {
  await (await db()).delete('corrections', id);
}

export async function getDatasetChoice(): Promise<DatasetChoice> {
  const v = await (await db()).get('settings', 'dataset');
  return v === 'builtin' || v === 'mine' ? v : 'all';
}

export async function setDatasetChoice(choice: DatasetChoice): Promise<void> {
  await (await db()).put('settings', choice, 'dataset');
}

/** Everything: entries, originals and corrections (the caller asks the user first). */
export async function clearWorkspace(): Promise<void> {
  const tx = (await db()).transaction(['entries', 'files', 'corrections'], 'readwrite');
  await Promise.all([tx.objectStore('entries').clear(), tx.objectStore('files').clear(), tx.objectStore('corrections').clear(), tx.done]);
}
