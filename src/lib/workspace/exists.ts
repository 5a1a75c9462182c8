/**
 * Whether this browser holds a workspace at all, asked without opening it (opening creates it). Reading
 * creates nothing (./store.ts), so a browser that never imported a report is known to have none at once — the
 * first paint need not wait for IndexedDB or load the workspace's code (src/lib/db/app.ts). When the browser
 * cannot say: assume it does. A module of its own: the start asks it before any other workspace code is loaded.
 */
export const DB_NAME = 'mingjing-workspace';

export async function workspaceStored(): Promise<boolean> {
  try {
    return typeof indexedDB.databases !== 'function' || (await indexedDB.databases()).some((d) => d.name === DB_NAME);
  } catch {
    return true;
  }
}
