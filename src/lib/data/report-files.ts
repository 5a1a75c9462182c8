/**
 * The embedded reports' files (static/data/reports: index.json and one JSON per report, as the browser fetches
 * them), read from disk in Node: what loadReport gives a view in the app, for the build's first paint
 * (scripts/data/first-paint.ts) and the tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportFile } from '$lib/db/queries-report';

export function reportFiles(dir: string): (id: string) => Promise<ReportFile | null> {
  const index = new Map(
    (JSON.parse(readFileSync(join(dir, 'reports/index.json'), 'utf8')) as { report_id: string; file: string }[]).map(
      (e) => [e.report_id, e.file],
    ),
  );
  return async (id) => {
    const file = index.get(id);
    return file ? (JSON.parse(readFileSync(join(dir, 'reports', `${file}.json`), 'utf8')) as ReportFile) : null;
  };
}
