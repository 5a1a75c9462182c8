/**
 * Issue 18's measure, on every scan rendition of the fixtures (tests/fixtures/scans, npm run scans): each file
 * read by the same entry point as the CLI and the browser (readReportFile with OCR), and every value compared
 * with the hand-checked expected JSON. A value is right, or wrong — and then a finding must name its cell (a
 * `"reading"` finding, with its crop on the value's provenance) — or missing, and then a finding must name its
 * table. Zero wrong values without a finding, whatever the scan; the share right after OCR has a floor.
 *
 * Slow (a few minutes): about forty pages and eighteen pictures, one OCR engine.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScanManifest, fromRepo, TABLE_FIELDS, turnOf, type ScanEntry } from '../../scripts/scans/manifest';
import { nodeEnv } from '../../src/lib/report/io/node';
import { readReportFile } from '../../src/lib/report/io/read';
import { nodeOcr, stopNodeOcr } from '../../src/lib/report/ocr/node';
import type { ReportRecord } from '../../src/lib/report/types';
import { flatValues } from '../support/fixtures';
import { diskResources } from '../../src/cli/page-resources';
import { expandInputs } from '../../src/lib/workspace/inputs';

/**
 * Issue 18's goal: 99.5 % of the expected values right after OCR with the identities, over all and on every
 * rendition (README, "Scans", for the figures measured); the rest wrong or missing with a finding. A worse
 * engine, grid or repair fails here.
 */
const RIGHT_FLOOR = 99.5;

/**
 * Accuracy, not speed (bench:ocr measures that): every page read whole, whatever the machine's load — under the
 * default per-page budget a loaded machine leaves cells `unread` (said, never guessed) and the share would
 * measure the load.
 */
const env = { ...nodeEnv, ocr: nodeOcr({ budgetMs: 120_000 }) };
afterAll(() => stopNodeOcr());

interface Tally {
  right: number;
  all: number;
  /** Wrong values that no finding names: must stay 0. */
  silent: string[];
  /** Wrong values a finding names. */
  flagged: number;
  /** Values not read, whose table a finding names. */
  missing: number;
  /** Values of files not taken as a report at all (said with the reason: nothing accepted). */
  refused: number;
  pages: number;
  ms: number;
}

/**
 * A fixture as a user hands it in: a saved page with its folder beside it as the CLI reads it (its pictures
 * from disk), a zipped page as the import opens it (the page with its pictures folded in), any other file alone.
 */
async function readEntry(e: ScanEntry): Promise<ReportRecord> {
  const bytes = new Uint8Array(readFileSync(fromRepo(e.file)));
  if (e.kind === 'page' && e.form === 'folder')
    return readReportFile(bytes, e.file, env, { resources: diskResources(fromRepo(e.file)) });
  if (e.kind === 'page' && e.form === 'zip') {
    const { files } = await expandInputs([{ name: e.file, bytes }]);
    expect(files.length, `${e.file} opens into one page`).toBe(1);
    return readReportFile(files[0].bytes, files[0].name, env);
  }
  return readReportFile(bytes, e.file, env);
}

/** Which expected fields a file holds: the whole report (a scan, a web page), or one table's picture. */
const fieldsOf = (e: ScanEntry) =>
  e.kind === 'image'
    ? TABLE_FIELDS[e.table]
    : ['active', 'requests', 'review', 'litigation_direct', 'litigation_after_review'];

function tally(e: ScanEntry, rec: ReportRecord, t: Tally) {
  const expected = JSON.parse(readFileSync(fromRepo(e.expected), 'utf8'));
  const got = flatValues(rec);
  const named = new Set(rec.findings.flatMap((f) => f.cells));
  const tables = new Set(rec.findings.flatMap((f) => f.cells.map((c) => /^[a-z_]+/.exec(c)?.[0])));
  const findingOnTable = (path: string) => {
    const head = /^[a-z_]+/.exec(path)![0];
    // (A note on the whole file, as that a page was read turned, names no table.)
    return (
      tables.has(head) ||
      rec.findings.some((f) => (f.cells.length === 0 && f.severity !== 'info') || /^table\./.test(f.rule))
    );
  };
  for (const [path, want] of flatValues(expected)) {
    if (!fieldsOf(e).some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`))) continue;
    t.all++;
    if (rec.kind !== 'annual_report') {
      t.refused++;
      continue;
    }
    const have = got.get(path);
    if (have === want) t.right++;
    else if (have === undefined || have === null) {
      if (want !== null && !findingOnTable(path))
        t.silent.push(`${e.file} ${path}: missing (want ${want}), no finding`);
      else t.missing++;
    } else if (named.has(path)) t.flagged++;
    else t.silent.push(`${e.file} ${path}: ${have} (want ${want}), no finding`);
  }
}

describe('OCR of the scan renditions of the fixtures', () => {
  it('accepts no wrong value without a finding, on every scan; reads most cells right', async () => {
    const t: Tally = { right: 0, all: 0, silent: [], flagged: 0, missing: 0, refused: 0, pages: 0, ms: 0 };
    const lines: string[] = [];
    /** By rendition (clean-200, skew-150, …, page-folder): values right of values expected. */
    const byRendition = new Map<string, { right: number; all: number }>();
    // SCANS_ONLY=rotated,sideways measures only the renditions named (while working on one); unset, all of them.
    const only = process.env.SCANS_ONLY?.split(',').filter(Boolean);
    for (const e of loadScanManifest().entries.filter((x) => !only || only.some((o) => x.rendition.includes(o)))) {
      const rec = await readEntry(e);
      const before = { ...t, silent: t.silent.length };
      tally(e, rec, t);
      const r = byRendition.get(e.rendition) ?? { right: 0, all: 0 };
      byRendition.set(e.rendition, { right: r.right + t.right - before.right, all: r.all + t.all - before.all });
      if (rec.ocr) {
        t.pages += rec.ocr.pages;
        t.ms += rec.ocr.ms;
      }
      lines.push(
        `${e.file}: ${rec.kind}${rec.ocr ? `, ${rec.ocr.pages} page(s) OCR'd in ${(rec.ocr.ms / 1000).toFixed(1)} s` : ''}, ` +
          `${t.right - before.right}/${t.all - before.all} right, ${t.flagged - before.flagged} wrong with a finding, ` +
          `${t.missing - before.missing} missing with a finding, ${t.refused - before.refused} refused` +
          `${rec.reason ? ` (${rec.reason})` : ''}, ${t.silent.length - before.silent} silent`,
      );
      // Every OCR'd value carries its crop: the page and a box inside it.
      for (const span of Object.values(rec.cells ?? {}))
        if (span.ocr) {
          expect(span.ocr.box.w).toBeGreaterThan(0);
          expect(span.ocr.box.page).toBeGreaterThanOrEqual(1);
        }
      if (e.kind !== 'mixed') expect(rec.ocr, e.file).toBeDefined();
      // A page that lay turned is read turned back (the reader's turn undoes the sheet's), and the user is told.
      const lay: [page: number, turn: number][] =
        e.kind === 'pdf' || e.kind === 'mixed'
          ? e.imagePages.map((p) => [p, turnOf(e.degradation, p)])
          : e.kind === 'image'
            ? [[1, turnOf(e.degradation)]]
            : [];
      const want = lay.filter(([, t]) => t).map(([page, t]) => ({ page, turn: (360 - t) % 360 }));
      expect(rec.ocr?.turned ?? [], e.file).toEqual(want);
      // Said once per way the pages lay, naming them all.
      const said = rec.findings.filter((f) => f.rule === 'ocr.turned');
      expect(said.length, e.file).toBe(new Set(want.map((w) => w.turn)).size);
      for (const w of want)
        expect(
          said.some((f) => new RegExp(`第 (?:\\d+、)*${w.page}(?:、\\d+)* (?:页|张图片)`).test(f.message)),
          `${e.file} page ${w.page}`,
        ).toBe(true);
      // A web page's pictures are named as pictures, not as a scan's pages.
      if (e.kind === 'page')
        expect(
          rec.findings.filter((f) => /扫描件第/.test(f.message)),
          e.file,
        ).toEqual([]);
    }
    const pct = (100 * t.right) / t.all;
    console.log(
      `${lines.join('\n')}\nscans: ${t.right}/${t.all} cells right (${pct.toFixed(2)} %), ${t.flagged} wrong with a finding, ` +
        `${t.missing} missing with a finding, ${t.refused} in files refused with a reason, ${t.silent.length} wrong without one; ${(t.ms / t.pages / 1000).toFixed(2)} s per page`,
    );
    const renditions = [...byRendition].map(([name, r]) => `${name} ${r.right}/${r.all}`);
    console.log(`by rendition: ${renditions.join(', ')}`);
    expect(t.silent).toEqual([]);
    expect(pct).toBeGreaterThanOrEqual(RIGHT_FLOOR);
    // The issue's goal holds on every rendition, not only over all of them.
    for (const [name, r] of byRendition) expect((100 * r.right) / r.all, name).toBeGreaterThanOrEqual(RIGHT_FLOOR);
  }, 1_200_000);
});
