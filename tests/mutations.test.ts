/**
 * Mutation tests: damage the real fixtures (delete, duplicate or swap lines,
 * truncate, inject junk, mistype a character) and check the parser's
 * promise — it never throws, stays fast, and never returns a wrong number
 * without saying so.
 *
 * "Saying so" means a warning or error that the undamaged text did not
 * produce. What arithmetic cannot see is left out on purpose and stated in
 * the README: 表二 has no identity at all, and swapping two numbers inside
 * one 表四 group keeps its sum, so under line swaps (which can exchange two
 * cells in a cell-per-line layout) only 表三 is held to the promise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/lib/report';
import type { ReportRecord } from '../src/lib/report/types';
import { flatValues, loadFixtures } from './support/fixtures';

type Mutation =
  /** One Chinese character of a line mistyped: a label the patterns may no longer find (parse/align.ts). */
  | { op: 'mistype'; at: number; char: number }
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number }
  | { op: 'truncate'; at: number }
  | { op: 'junk'; at: number; junk: string; inline: boolean };

const JUNK_TOKENS = [
  '0',
  '7',
  '12',
  '3985758',
  '-',
  '—',
  '|',
  '\t',
  '予以公开',
  '总计',
  '（七）',
  '3.其他',
  '第二十条',
  '申请',
  '行政复议',
  '-3-',
  '\f',
  '※',
  'abc',
  '四、',
  '1.',
];
const junkArb = fc.array(fc.constantFrom(...JUNK_TOKENS), { minLength: 1, maxLength: 6 }).map((t) => t.join(' '));

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('mistype' as const), at: fc.nat(), char: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('junk' as const), at: fc.nat(), junk: junkArb, inline: fc.boolean() }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % Math.max(1, lines.length);
  switch (m.op) {
    case 'mistype': {
      const han = [...lines[i].matchAll(/[\u4e00-\u9fff]/g)].map((h) => h.index!);
      if (han.length) {
        const j = han[m.char % han.length];
        lines[i] = `${lines[i].slice(0, j)}囗${lines[i].slice(j + 1)}`;
      }
      break;
    }
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, lines[i]);
      break;
    case 'swap':
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
      break;
    case 'truncate':
      return text.slice(0, m.at % Math.max(1, text.length));
    case 'junk': {
      if (!m.inline) {
        lines.splice(i, 0, m.junk);
        break;
      }
      // Inline junk goes between tokens, never inside a printed number.
      const line = lines[i];
      const gaps = [...line.matchAll(/\s+/g)].map((g) => g.index!);
      const at = gaps.length ? gaps[m.at % gaps.length] : line.length;
      lines[i] = `${line.slice(0, at)} ${m.junk} ${line.slice(at)}`;
      break;
    }
  }
  return lines.join('\n');
}

const loudKeys = (r: ReportRecord) =>
  new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}|${f.message}`));

describe.each(
  loadFixtures()
    .filter((f) => f.expected.kind === 'annual_report')
    .map((f) => [f.name, f] as const),
)('%s', (_name, fx) => {
  const truth = flatValues(fx.expected);
  const baseline = loudKeys(parseReportText(fx.text, fx.path));

  it('never throws, stays under 100 ms, and never returns a wrong number silently', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (muts) => {
        const text = muts.reduce(apply, fx.text);
        // CPU time of this process, not wall time: the promise is about the parser's
        // work, and CI runs the browser suites on the same two cores meanwhile.
        const t0 = process.cpuUsage();
        const r = parseReportText(text, fx.path);
        const used = process.cpuUsage(t0);
        const ms = (used.user + used.system) / 1000;
        expect(r.reason ?? '').not.toMatch(/内部错误/);
        expect(ms).toBeLessThan(100);
        if (r.kind !== 'annual_report') {
          expect(r.reason).toBeTruthy(); // it says why, and returns no numbers that could look like data
          expect(Object.keys(r.requests)).toHaveLength(0);
          return;
        }
        const swapped = muts.some((m) => m.op === 'swap');
        // A swapped or duplicated line can put a printed "0" where a blank cell was
        // (one cell per line): the damaged text then prints that 0, and no arithmetic
        // can tell it from a report that did.
        const moved = swapped || muts.some((m) => m.op === 'duplicate');
        const got = flatValues(r);
        const wrong = [...truth].filter(([path, want]) => {
          if (swapped && !path.startsWith('requests.')) return false;
          const have = got.get(path);
          if (moved && want === null && have === 0) return false;
          return have === undefined ? want !== null : have !== want;
        });
        // Rows the fixture does not print must not appear with numbers either.
        const invented = [...got].filter(([path, v]) => !truth.has(path) && v !== null);
        if (wrong.length || invented.length) {
          const fresh = [...loudKeys(r)].filter((k) => !baseline.has(k));
          expect(
            fresh,
            `silent: ${JSON.stringify([...wrong, ...invented].slice(0, 3))} after ${JSON.stringify(muts)}`,
          ).not.toHaveLength(0);
        }
      }),
      // MUTATION_SEED reproduces a failure fast-check reported (with its seed).
      {
        numRuns: Number(process.env.MUTATION_RUNS ?? 250),
        ...(process.env.MUTATION_SEED ? { seed: Number(process.env.MUTATION_SEED) } : {}),
      },
    );
  });
});
