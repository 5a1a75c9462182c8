/**
 * The database's tables derived from the workspace (its accepted reports, corrected, normalized and encoded as
 * Arrow: ~1.5 s for 1,000 reports), kept in IndexedDB so that the next start loads them as they are instead of
 * reading every entry and deriving them again. They are used only when derived
 *   - from the workspace at the revision it has now (./store.ts writes a new one with every change), and
 *   - by this build of the app (another build may normalize differently).
 * A database of its own: the workspace's stores are unchanged, and it can be dropped whole at any time (clearing
 * the workspace drops it; anything unreadable here is simply derived again).
 */
import { version } from '$app/environment';
import type { Mine } from '$lib/db/setup';
import { TABLES } from '$lib/db/types';

const NAME = 'mingjing-derived';
const STORE = 'mine';
const KEY = 'tables';

interface Kept {
  revision: string;
  app: string;
  mine: Mine;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('blocked'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = d.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? req.error);
    });
  } finally {
    d.close();
  }
}

/** Only what this module writes, at this revision and build: anything else is not used. */
function usable(v: unknown, revision: string): Mine | null {
  const k = v as Partial<Kept> | null | undefined;
  if (!k || k.revision !== revision || k.app !== version || !k.mine) return null;
  const { ipc, shadow, reports } = k.mine;
  if (!ipc || !TABLES.every((t) => ipc[t] instanceof Uint8Array)) return null;
  if (!Array.isArray(shadow) || !shadow.every((s) => typeof s === 'string')) return null;
  if (typeof reports !== 'number' || !Number.isInteger(reports) || reports < 0) return null;
  return { ipc, shadow, reports };
}

/** The tables kept for the workspace at `revision`, or null (none, another revision or build, unreadable). */
export async function readDerived(revision: string): Promise<Mine | null> {
  try {
    return usable(await inStore('readonly', (s) => s.get(KEY)), revision);
  } catch {
    return null;
  }
}

/** Keep the tables derived at `revision` (replacing what was kept). */
export async function writeDerived(revision: string, mine: Mine): Promise<void> {
  const kept: Kept = { revision, app: version, mine };
  await inStore('readwrite', (s) => s.put(kept, KEY));
}

/** Drop everything kept here. */
export function deleteDerived(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve(); // deleted once this page's other handle closes (each use closes its own)
  });
}
