/**
 * Covariates: figures about places (常住人口, GDP, 公务员人数 …) imported from a
 * CSV or XLSX keyed by GB/T 2260 region code or name, so that the ranking,
 * comparison and trend views can show indicators per 10,000 people.
 */

/** A message in both languages (the views show it with `t(zh, en)`). */
export type Msg = { zh: string; en: string };

/** One value of a covariate: a place (GB/T 2260 code) in a year, from a source. A blank cell stays null, never 0. */
export interface CovariateValue {
  code: string;
  /** The place's full name from GB/T 2260 (江苏省淮安市洪泽区). */
  region: string;
  value: number | null;
  year: number;
  source: string;
  /** The line of the file it came from (1 = the header). */
  row: number;
}

/** One imported covariate (one numeric column of a file), as stored in IndexedDB. */
export interface Covariate {
  /** The column header, e.g. 常住人口（万人）; the key in the URL (`cov=`). */
  name: string;
  /** Its English name, for the English views (the header may be Chinese). */
  nameEn: string;
  /** The unit, e.g. 万人 or 人 (from the header's brackets or the import form); null when not known. */
  unit: string | null;
  file: string;
  importedAt: string;
  /** A short digest of the values, shown with the covariate so a view can be matched to the data it used. */
  fingerprint: string;
  values: CovariateValue[];
  /** Rows of the file whose place could not be matched (listed at import, counted here). */
  unmatched: number;
}

/** A covariate without its values: what the views list. */
export type CovariateMeta = Omit<Covariate, 'values'> & {
  /** Places with a value (not blank). */
  regions: number;
  /** Places listed, blanks included. */
  listed: number;
  years: number[];
  sources: string[];
};

/** A row of the DuckDB table `covariates`. */
export interface CovariateRow {
  region_code: string;
  covariate: string;
  value: number | null;
  unit: string | null;
  source: string;
  year: number;
}

export function metaOf(c: Covariate): CovariateMeta {
  const withValue = c.values.filter((v) => v.value !== null);
  return {
    name: c.name,
    nameEn: c.nameEn,
    unit: c.unit,
    file: c.file,
    importedAt: c.importedAt,
    fingerprint: c.fingerprint,
    regions: new Set(withValue.map((v) => v.code)).size,
    listed: new Set(c.values.map((v) => v.code)).size,
    unmatched: c.unmatched,
    years: [...new Set(withValue.map((v) => v.year))].sort((a, b) => a - b),
    sources: [...new Set(withValue.map((v) => v.source))],
  };
}

export function rowsOf(cs: readonly Covariate[]): CovariateRow[] {
  return cs.flatMap((c) =>
    c.values.map((v) => ({
      region_code: v.code,
      covariate: c.name,
      value: v.value,
      unit: c.unit,
      source: v.source,
      year: v.year,
    })),
  );
}
