/**
 * Imported covariates in IndexedDB (through `idb`): a small database of its
 * own, 'mingjing-covariates', so the workspace's schema is untouched. In this
 * browser profile only; nothing leaves the machine.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Covariate } from './types';

interface CovariatesDb extends DBSchema {
  covariates: { key: string; value: Covariate };
}

const NAME = 'mingjing-covariates';
let opened: Promise<IDBPDatabase<CovariatesDb>> | null = null;

function db(): Promise<IDBPDatabase<CovariatesDb>> {
  opened ??= openDB<CovariatesDb>(NAME, 1, {
    upgrade(d) {
      d.createObjectStore('covariates', { keyPath: 'name' });
    },
  });
  opened.catch(() => (opened = null));
  return opened;
}

/** Every covariate, in the order they were imported. */
export async function listCovariates(): Promise<Covariate[]> {
  const all = await (await db()).getAll('covariates');
  return all.sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.name.localeCompare(b.name));
}

/** Store covariates in one transaction; one of the same name is replaced. */
export async function putCovariates(cs: readonly Covariate[]): Promise<void> {
  const tx = (await db()).transaction('covariates', 'readwrite');
  await Promise.all([...cs.map((c) => tx.store.put(c)), tx.done]);
}

export async function deleteCovariate(name: string): Promise<void> {
  await (await db()).delete('covariates', name);
}
