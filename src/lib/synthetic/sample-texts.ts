/**
 * Report texts for a sample of the synthetic data set, so the parser can be
 * timed (and checked) on whole reports: each sampled record's numbers are
 * printed by render.ts as a complete report, its three tables each in a
 * layout drawn from a seeded PRNG — plain PDF text, one cell per line,
 * markdown or tab-separated, with every switch of `TableLayout` (vertical and
 * wrapped labels, page footers, half-width brackets, thousands separators …)
 * drawn too. Plain text cannot print a blank cell, so a table with a blank
 * (null) cell always gets a delimited layout.
 *
 * Reports with a deliberately injected error can be left out (`exclude`):
 * their tables break an identity, and the parser may then rightly say it
 * cannot place a cell, so "every number reads back the same, quietly" holds
 * only for the others.
 *
 * Deterministic for a given seed.
 */
import type { ReportRecord } from '../report/types';
import { rng } from './generate';
import {
  DELIMITED_KINDS,
  TABLE_KINDS,
  hasNull,
  renderReport,
  type Layout,
  type ReportNumbers,
  type TableLayout,
} from './render';

export interface SampleText {
  /** File name: the record's source (`synthetic-000123-2025.txt`). */
  name: string;
  text: string;
  /** What the text prints, i.e. what parsing it must give back. */
  numbers: ReportNumbers;
  layout: Layout;
}

type Rng = ReturnType<typeof rng>;

/** The numbers of a record, as the renderer prints them (copied: later changes to the record do not leak in). */
export function toNumbers(r: ReportRecord): ReportNumbers {
  if (
    r.kind !== 'annual_report' ||
    !r.agency ||
    !r.year ||
    !r.format ||
    !r.review ||
    !r.litigation_direct ||
    !r.litigation_after_review
  ) {
    throw new Error(`sample-texts: ${r.source} is not a complete annual report`);
  }
  return {
    agency: r.agency,
    year: r.year,
    format: r.format,
    active: { ...r.active },
    requests: Object.fromEntries(Object.entries(r.requests).map(([k, row]) => [k, [...row!]])),
    review: [...r.review],
    litigation_direct: [...r.litigation_direct],
    litigation_after_review: [...r.litigation_after_review],
  };
}

/** Enough detail choices for every row of the table (as in the property tests). */
const CHOICES = { active: 200, requests: 1000, review: 200 } as const;

function tableLayout(r: Rng, allowPlain: boolean, choices: number): TableLayout {
  const flip = () => r.next() < 0.5;
  return {
    kind: r.pick(allowPlain ? TABLE_KINDS : DELIMITED_KINDS),
    vertical: flip(),
    groupOwnRow: flip(),
    spaces: flip(),
    blankLines: flip(),
    pageBreaks: flip(),
    halfWidth: flip(),
    itemSep: r.pick(['.', '、', '．'] as const),
    brokenHeader: flip(),
    filler: flip(),
    grid: flip(),
    thousands: flip(),
    dashes: flip(),
    choices: Array.from({ length: choices }, () => Math.floor(r.next() * 0x10000)),
  };
}

/** A layout for these numbers: every kind and switch drawn, plain only where no cell is blank. */
export function randomLayout(n: ReportNumbers, r: Rng): Layout {
  return {
    titleSplit: r.next() < 0.5,
    active: tableLayout(r, !hasNull(n.active), CHOICES.active),
    requests: tableLayout(r, !hasNull(n.requests), CHOICES.requests),
    review: tableLayout(r, !hasNull([n.review, n.litigation_direct, n.litigation_after_review]), CHOICES.review),
  };
}

export interface SampleOptions {
  /** How many texts (at most the number of eligible records). */
  count: number;
  seed: number;
  /** Sources to leave out (the reports with an injected error). */
  exclude?: ReadonlySet<string>;
}

/** `count` records spread evenly over the set (provinces, cities, counties, offices, departments), each rendered. */
export function sampleTexts(records: readonly ReportRecord[], opts: SampleOptions): SampleText[] {
  const eligible = records.filter((rec) => !opts.exclude?.has(rec.source));
  const count = Math.max(0, Math.min(opts.count, eligible.length));
  // Its own stream, so the sample does not depend on how many numbers the generator drew.
  const r = rng((opts.seed ^ 0x7e575eed) >>> 0);
  return Array.from({ length: count }, (_, i) => {
    const rec = eligible[Math.floor((i * eligible.length) / count)];
    const numbers = toNumbers(rec);
    const layout = randomLayout(numbers, r);
    return { name: rec.source, text: renderReport(numbers, layout), numbers, layout };
  });
}

/**
 * Every difference between what a parse returned and the numbers printed:
 * `requests.granted[3]: printed 5, read 6`. Empty when they agree exactly —
 * no cell excused.
 */
export function numberDiffs(
  got: Pick<
    ReportRecord,
    | 'kind'
    | 'agency'
    | 'year'
    | 'format'
    | 'active'
    | 'requests'
    | 'review'
    | 'litigation_direct'
    | 'litigation_after_review'
  >,
  want: ReportNumbers,
): string[] {
  const out: string[] = [];
  const field = (name: string, g: unknown, w: unknown) => {
    if (g !== w) out.push(`${name}: printed ${show(w)}, read ${show(g)}`);
  };
  field('kind', got.kind, 'annual_report');
  field('agency', got.agency, want.agency);
  field('year', got.year, want.year);
  field('format', got.format, want.format);
  const a = valuesByPath(got),
    b = valuesByPath(want);
  for (const path of new Set([...b.keys(), ...a.keys()])) field(path, a.get(path), b.get(path));
  return out;
}

const show = (v: unknown) => (v === undefined ? '(none)' : String(v));

function valuesByPath(
  r: Pick<ReportRecord, 'active' | 'requests' | 'review' | 'litigation_direct' | 'litigation_after_review'>,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(r.active ?? {})) out.set(`active.${k}`, v);
  for (const [k, row] of Object.entries(r.requests ?? {}))
    (row ?? []).forEach((v, i) => out.set(`requests.${k}[${i}]`, v));
  for (const g of ['review', 'litigation_direct', 'litigation_after_review'] as const)
    (r[g] ?? []).forEach((v, i) => out.set(`${g}[${i}]`, v));
  return out;
}
