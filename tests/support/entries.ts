/**
 * A workspace entry for a test: a record as the workspace keeps the file it was read from. What a test does not
 * name is what an import leaves (workspace.svelte.ts): the record's source as the file name, its status and
 * reason from the record, undecided, shadowing nothing. Id, hash and time count up, so that entries stay apart
 * and in the order they were made. A test whose point is an entry's shape (hostile, legacy) writes it out.
 */
import type { ReportRecord } from '../../src/lib/report/types';
import { statusOf } from '../../src/lib/workspace/decide';
import type { Entry } from '../../src/lib/workspace/types';

const FIRST = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;

/** A stored file: `record` read from it (null: not read yet), `text` the text the reader read. */
export function entryOf(record: ReportRecord | null, text: string | null = null, over: Partial<Entry> = {}): Entry {
  n++;
  return {
    id: `e${n}`,
    name: record?.source ?? `e${n}.txt`,
    size: 1,
    hash: n.toString(16),
    addedAt: new Date(FIRST + n * 1000).toISOString(),
    status: record ? statusOf(record) : 'pending',
    reason: record?.reason ?? null,
    record,
    text,
    decision: 'undecided',
    shadows: null,
    ...over,
  };
}
