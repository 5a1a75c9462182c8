/**
 * The embedded data set: every real report in data/reports/ read by the
 * engine, one record per report (the original PDF where there is one, else
 * its text), normalized into the dashboard's tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { nodeEnv } from '../report/io/node';
import { readReportFileWithText } from '../report/io/read';
import type { ReportRecord } from '../report/types';
import { normalize, type Tables } from './normalize';

const PREFER = ['.pdf', '.docx', '.html', '.htm', '.txt'];

export async function readReports(dir: string): Promise<{ records: ReportRecord[]; skipped: ReportRecord[]; texts: Map<ReportRecord, string> }> {
  const files = readdirSync(dir).filter((f) => PREFER.includes(extname(f).toLowerCase())).sort();
  const all: ReportRecord[] = [];
  const texts = new Map<ReportRecord, string>();
  for (const f of files) {
    const { record, text } = await readReportFileWithText(new Uint8Array(readFileSync(join(dir, f))), f, nodeEnv);
    all.push(record);
    if (text !== null) texts.set(record, text);
  }
  // The same report as PDF and as its text: keep the original file.
  const rank = (r: ReportRecord) => PREFER.indexOf(extname(r.source).toLowerCase());
  const byReport = new Map<string, ReportRecord>();
  const skipped: ReportRecord[] = [];
  for (const r of all) {
    if (r.kind !== 'annual_report') { skipped.push(r); continue; }
    const key = `${r.agency}|${r.year}`;
    const have = byReport.get(key);
    if (!have || rank(r) < rank(have)) byReport.set(key, r);
  }
  return { records: [...byReport.values()], skipped, texts };
}

export async function buildTables(dir: string, dataset = 'builtin'): Promise<{ tables: Tables; records: ReportRecord[]; skipped: ReportRecord[]; texts: Map<ReportRecord, string> }> {
  const { records, skipped, texts } = await readReports(dir);
  return { tables: normalize(records, dataset), records, skipped, texts };
}
