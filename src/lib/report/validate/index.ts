/** Every check a report gets, in one call. */
import type { SourceLine } from '../text/lines';
import type { Finding, ReportRecord } from '../types';
import { checkIdentities } from './identities';
import { checkNarrative } from './narrative';

/** Table identities, blank cells, and narrative numbers against the tables. */
export function validate(record: ReportRecord, narrative: readonly SourceLine[] = []): Finding[] {
  return [...checkIdentities(record), ...checkNarrative(record, narrative)];
}
