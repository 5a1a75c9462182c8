/** The embedded reports' files read from disk (src/lib/data/report-files.ts), static/data unless said. */
import { reportFiles as filesIn } from '../../src/lib/data/report-files';
import { EMBEDDED } from './db';

export const reportFiles = (dir = EMBEDDED) => filesIn(dir);
