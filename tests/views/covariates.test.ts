/**
 * 协变量 (src/routes/covariates/view.ts) on the embedded data in the real
 * DuckDB: the fixture file (fictional values) is read as the page reads it,
 * loaded as the table `covariates`, and the coverage the view shows — reports
 * of the data whose place has a value — is counted again here from the
 * reports' own region codes and the file's values. The preview says what the
 * file holds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCovariateFile, toCovariates, type ParsedFile } from '../../src/lib/covariates/parse';
import { covariatesIPC } from '../../src/lib/covariates/ipc';
import { metaOf, rowsOf, type Covariate } from '../../src/lib/covariates/types';
import type { Db } from '../../src/lib/db/types';
import * as v from '../../src/routes/covariates/view';
import { answer, embeddedDb } from '../support/db';

const FILE = '测试用人口_虚构数值.csv';
const FIXTURE = resolve(__dirname, '../fixtures/covariates', FILE);

let db: Db;
let parsed: ParsedFile;
let covs: Covariate[];
beforeAll(async () => {
  db = await embeddedDb();
  parsed = await parseCovariateFile(FILE, new Uint8Array(readFileSync(FIXTURE)));
  covs = toCovariates(parsed, { year: v.formYear(v.yearOfFile(FILE)), source: '' });
});
afterAll(() => db.close());

describe('协变量 view', () => {
  it('counts, per covariate, the reports whose place has a value (not blank, not 0)', async () => {
    let readied = 0;
    const ready = async () => {
      readied++;
      await db.loadArrow('covariates', covariatesIPC(rowsOf(covs)));
    };
    const { coverage } = await answer(db, v.coverageQueries(1, ready));
    expect(readied).toBe(1);
    const reports = await db.query<{ report_id: string; region_code: string | null }>(
      'SELECT report_id, region_code FROM reports',
    );
    for (const c of covs) {
      const places = new Set(c.values.filter((x) => x.value !== null && x.value !== 0).map((x) => x.code));
      const want = reports.filter((r) => r.region_code !== null && places.has(r.region_code)).length;
      expect(coverage[c.name] ?? 0, c.name).toBe(want);
    }
    expect(Object.values(coverage).some((n) => n > 0)).toBe(true);
    // The version names the answer: another version is another query.
    expect(v.coverageQueries(1, ready).coverage.key).not.toBe(v.coverageQueries(2, ready).coverage.key);
  });

  it('previews what the file holds, and which columns replace imported ones', () => {
    expect(parsed.columns.map((c) => c.name)).toEqual(covs.map((c) => c.name));
    for (const c of parsed.columns) {
      const col = v.previewColumn(c, c.unit ?? '', c.nameEn);
      expect(col.withValue + col.blank).toBe(c.values.length);
      expect(col.withValue).toBe(c.values.filter((x) => x.value !== null).length);
      expect(col.formula).toContain(c.name);
    }
    const line = v.previewLine(parsed);
    expect(line.keys).toContain(parsed.keys.code!);
    expect(v.replacing(parsed, [])).toEqual([]);
    expect(v.replacing(parsed, [metaOf(covs[0])])).toEqual([covs[0].name]);
    expect(v.formYear('')).toBeNull();
    expect(v.formYear(2021)).toBe(2021);
    expect(v.yearOfFile('人口2021.csv')).toBe('2021');
  });
});
