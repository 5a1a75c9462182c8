/**
 * The open-data zip of the data set shown now, from the app's database: what
 * 开放数据's buttons make (the page itself holds no database plumbing).
 */
import { buildOpenData, FORMATS, type Format } from './open-data';
import { currentVersion } from './version';

/** Every format ('all') or one; the zip's bytes and file name. */
export async function makeOpenData(what: 'all' | Format): Promise<{ bytes: Uint8Array; filename: string }> {
  const { database } = await import('$lib/db/app');
  const db = await database();
  const version = await currentVersion();
  const { bytes, filename } = await buildOpenData(db, { version, formats: what === 'all' ? FORMATS : [what] });
  return { bytes, filename };
}
