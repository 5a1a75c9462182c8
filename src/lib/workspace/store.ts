/**
 * The workspace's persistence: IndexedDB (through `idb`), in this browser
 * profile only. It survives a reload and a browser restart.
 *
 * A dropped file is stored — original bytes and a `pending` entry, in one
 * transaction — before it is parsed, so closing the tab mid-batch loses
 * nothing: the pending files are parsed when the page opens again.
 *
 * What comes back is checked (./schema.ts) as a package is: an entry,
 * correction or history that is not what this app writes — an older bug, a
 * hand edit, another program — is set aside with its reason and never
 * loaded, so it cannot break the views; the workspace can always be cleared,
 * even when the database itself cannot be opened (it is then deleted).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { deleteDerived } from './derived';
import { DB_NAME, workspaceStored } from './exists';
import { EMPTY_HISTORY, type History } from './history';
import { entryWithOrigins } from './migrate';
import { checkCorrection, checkHistory, checkStoredEntry, correctionApplies, Invalid } from './schema';
import type { Correction, DatasetChoice, Entry } from './types';

interface WorkspaceDb extends DBSchema {
  entries: { key: string; value: Entry };
  /** The original bytes of each entry, as dropped. */
  files: { key: string; value: { id: string; name: string; blob: Blob } };
  corrections: { key: string; value: Correction; indexes: { entryId: string } };
  settings: { key: string; value: unknown };
}

const HISTORY = 'history';
/**
 * A new token with every change to the entries or corrections, written in the same transaction: the tables
 * derived from them (./derived.ts) are reused only at the revision they were derived from.
 */
const REVISION = 'revision';
// getRandomValues, not randomUUID: an intranet server over plain http is not a secure context.
const newRevision = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
let opened: Promise<IDBPDatabase<WorkspaceDb>> | null = null;

function db(): Promise<IDBPDatabase<WorkspaceDb>> {
  opened ??= openDB<WorkspaceDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('entries', { keyPath: 'id' });
      d.createObjectStore('files', { keyPath: 'id' });
      d.createObjectStore('corrections', { keyPath: 'id' }).createIndex('entryId', 'entryId');
      d.createObjectStore('settings');
    },
    // Another tab wants to delete or upgrade the database: let it.
    blocking() {
      void opened?.then((x) => x.close());
      opened = null;
    },
  });
  opened.catch(() => (opened = null));
  return opened;
}

/** Something stored that is not what this app writes: where, which key, and why it was set aside. */
export interface SetAside {
  store: 'entries' | 'corrections' | 'settings';
  /** The key as shown. */
  key: string;
  /** The key as stored (anything IndexedDB takes: a number, a date …), to delete it by. */
  rawKey: IDBValidKey;
  /** The file's name, when the entry had a readable one. */
  name: string | null;
  reason: string;
}

export interface Stored {
  /** The revision read with them (null: a workspace written before revisions, or none). */
  revision: string | null;
  entries: Entry[];
  corrections: Correction[];
  history: History;
  setAside: SetAside[];
}

/** Opened in this page already, or stored in this browser (./exists.ts). */
const stored = async () => opened !== null || (await workspaceStored());

/** A workspace with nothing in it (a fresh object each time: the reader fills it). */
export const emptyStored = (): Stored => ({
  revision: null,
  entries: [],
  corrections: [],
  history: EMPTY_HISTORY,
  setAside: [],
});

const why = (e: unknown) => (e instanceof Invalid ? e.message : `无法读取（${(e as Error)?.message || String(e)}）`);
const keyText = (k: IDBValidKey) => (typeof k === 'string' ? k : (JSON.stringify(k) ?? String(k)));

/**
 * Everything stored, checked: entries (in the order they were added; findings stored without an origin get
 * one, ./migrate.ts), their corrections, the undo history — and what was set aside.
 */
export async function readWorkspace(): Promise<Stored> {
  if (!(await stored())) return emptyStored();
  const d = await db();
  const tx = d.transaction(['entries', 'corrections', 'settings'], 'readonly');
  const [entryKeys, entryValues, correctionKeys, correctionValues, history, revision] = await Promise.all([
    tx.objectStore('entries').getAllKeys(),
    tx.objectStore('entries').getAll(),
    tx.objectStore('corrections').getAllKeys(),
    tx.objectStore('corrections').getAll(),
    tx.objectStore('settings').get(HISTORY),
    tx.objectStore('settings').get(REVISION),
  ]);
  const out = emptyStored();
  out.revision = typeof revision === 'string' ? revision : null;
  entryValues.forEach((v: unknown, i) => {
    const key = keyText(entryKeys[i]);
    try {
      const e = entryWithOrigins(checkStoredEntry(v));
      if (e.id !== entryKeys[i]) throw new Invalid('id', `与存储键一致（${key}）`, e.id);
      out.entries.push(e);
    } catch (err) {
      const name = (v as { name?: unknown } | null)?.name;
      out.setAside.push({
        store: 'entries',
        key,
        rawKey: entryKeys[i],
        name: typeof name === 'string' ? name.slice(0, 200) : null,
        reason: why(err),
      });
    }
  });
  out.entries.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
  const byId = new Map(out.entries.map((e) => [e.id, e]));
  correctionValues.forEach((v: unknown, i) => {
    try {
      const c = checkCorrection(v);
      correctionApplies(c, byId.get(c.entryId));
      out.corrections.push(c);
    } catch (err) {
      out.setAside.push({
        store: 'corrections',
        key: keyText(correctionKeys[i]),
        rawKey: correctionKeys[i],
        name: null,
        reason: `更正：${why(err)}`,
      });
    }
  });
  if (history !== undefined) {
    try {
      out.history = checkHistory(history);
    } catch (err) {
      out.setAside.push({
        store: 'settings',
        key: HISTORY,
        rawKey: HISTORY,
        name: null,
        reason: `撤销记录：${why(err)}`,
      });
    }
  }
  return out;
}

/** Entries in the order they were added, checked (what is set aside is left out). */
export async function listEntries(): Promise<Entry[]> {
  return (await readWorkspace()).entries;
}

/** Store new files with their entries, in one transaction (all or none). */
export async function addEntries(entries: readonly Entry[], blobs: readonly Blob[]): Promise<void> {
  const tx = (await db()).transaction(['entries', 'files', 'settings'], 'readwrite');
  const files = tx.objectStore('files'),
    es = tx.objectStore('entries');
  await Promise.all([
    ...entries.flatMap((e, i) => [es.put(e), files.put({ id: e.id, name: e.name, blob: blobs[i] })]),
    tx.objectStore('settings').put(newRevision(), REVISION),
    tx.done,
  ]);
}

/** A package's entries, originals and corrections, in one transaction: all of it lands, or none. */
export async function addBundle(
  entries: readonly Entry[],
  blobs: readonly Blob[],
  corrections: readonly Correction[],
): Promise<void> {
  const tx = (await db()).transaction(['entries', 'files', 'corrections', 'settings'], 'readwrite');
  const files = tx.objectStore('files'),
    es = tx.objectStore('entries'),
    cs = tx.objectStore('corrections');
  await Promise.all([
    ...entries.flatMap((e, i) => [es.put(e), files.put({ id: e.id, name: e.name, blob: blobs[i] })]),
    ...corrections.map((c) => cs.put(c)),
    tx.objectStore('settings').put(newRevision(), REVISION),
    tx.done,
  ]);
}

/** Changed entries — with the undo history that goes with them, in the same transaction. */
export async function putEntries(entries: readonly Entry[], history?: History): Promise<void> {
  const tx = (await db()).transaction(['entries', 'settings'], 'readwrite');
  const es = tx.objectStore('entries');
  await Promise.all([
    ...entries.map((e) => es.put(e)),
    ...(history ? [tx.objectStore('settings').put(history, HISTORY)] : []),
    tx.objectStore('settings').put(newRevision(), REVISION),
    tx.done,
  ]);
}

export async function getOriginal(id: string): Promise<Blob | null> {
  return (await (await db()).get('files', id))?.blob ?? null;
}

/** Corrections, checked (see readWorkspace). */
export async function listCorrections(): Promise<Correction[]> {
  return (await readWorkspace()).corrections;
}

export async function putCorrections(cs: readonly Correction[]): Promise<void> {
  const tx = (await db()).transaction(['corrections', 'settings'], 'readwrite');
  await Promise.all([
    ...cs.map((c) => tx.objectStore('corrections').put(c)),
    tx.objectStore('settings').put(newRevision(), REVISION),
    tx.done,
  ]);
}

export async function deleteCorrection(id: string): Promise<void> {
  await deleteCorrections([id]);
}

/** Several corrections in one transaction (a whole-table confirmation undone as one). */
export async function deleteCorrections(ids: readonly string[]): Promise<void> {
  const tx = (await db()).transaction(['corrections', 'settings'], 'readwrite');
  await Promise.all([
    ...ids.map((id) => tx.objectStore('corrections').delete(id)),
    tx.objectStore('settings').put(newRevision(), REVISION),
    tx.done,
  ]);
}

/** The workspace's revision now (see REVISION), without reading anything else; null when there is none. */
export async function getRevision(): Promise<string | null> {
  if (!(await stored())) return null;
  const v = await (await db()).get('settings', REVISION);
  return typeof v === 'string' ? v : null;
}

/**
 * Files gone for good: entries, originals and their corrections, by key — also what was set aside (its key
 * may be anything IndexedDB takes) — with the history that no longer names them.
 */
export async function removeEntries(
  keys: readonly IDBValidKey[],
  correctionKeys: readonly IDBValidKey[] = [],
  history?: History,
): Promise<void> {
  const tx = (await db()).transaction(['entries', 'files', 'corrections', 'settings'], 'readwrite');
  const cs = tx.objectStore('corrections');
  const ids = keys.filter((k): k is string => typeof k === 'string');
  const owned = (await Promise.all(ids.map((id) => cs.index('entryId').getAllKeys(id)))).flat();
  await Promise.all([
    ...keys.map((k) => tx.objectStore('entries').delete(k as string)),
    ...keys.map((k) => tx.objectStore('files').delete(k as string)),
    ...[...owned, ...correctionKeys].map((k) => cs.delete(k as string)),
    ...(history ? [tx.objectStore('settings').put(history, HISTORY)] : []),
    tx.objectStore('settings').put(newRevision(), REVISION),
    tx.done,
  ]);
}

/** The undo history alone (a setting that was set aside is replaced). */
export async function putHistory(history: History): Promise<void> {
  await (await db()).put('settings', history, HISTORY);
}

export async function getDatasetChoice(): Promise<DatasetChoice> {
  if (!(await stored())) return 'all';
  const v = await (await db()).get('settings', 'dataset');
  return v === 'builtin' || v === 'mine' ? v : 'all';
}

export async function setDatasetChoice(choice: DatasetChoice): Promise<void> {
  await (await db()).put('settings', choice, 'dataset');
}

/**
 * Everything: entries, originals, corrections and the undo history (the caller asks the user first). When
 * the database cannot be opened or its stores are not what they should be, it is deleted whole and made anew
 * on the next use — clearing works whatever is stored.
 */
export async function clearWorkspace(): Promise<void> {
  try {
    const tx = (await db()).transaction(['entries', 'files', 'corrections', 'settings'], 'readwrite');
    await Promise.all([
      tx.objectStore('entries').clear(),
      tx.objectStore('files').clear(),
      tx.objectStore('corrections').clear(),
      tx.objectStore('settings').delete(HISTORY),
      tx.objectStore('settings').put(newRevision(), REVISION),
      tx.done,
    ]);
  } catch {
    await deleteDatabase();
  }
  // What was derived from it goes too (it would not be used again: the revision changed).
  await deleteDerived().catch(() => undefined);
}

/** Delete the database (closing this page's connection first); another tab that holds it open is asked to let go. */
async function deleteDatabase(): Promise<void> {
  const open = opened;
  opened = null;
  await open?.then((x) => x.close()).catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    const timer = setTimeout(
      () => reject(new Error('另一个打开明镜的标签页占用着工作区：请关闭其他明镜标签页后再清空')),
      10_000,
    );
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error ?? new Error('无法删除浏览器中的工作区数据库'));
    };
  });
}
