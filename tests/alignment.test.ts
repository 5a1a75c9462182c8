/**
 * Rows by alignment, not keywords alone (issue 13, item 2).
 *
 * A row whose label no pattern of formats.ts finds — split around its
 * numbers, characters dropped, abbreviated, mistyped, renumbered — is placed
 * by aligning the table's rows to the format's order on the characters its
 * label shares with the official one (parse/align.ts), and only where that is
 * certain. Everything else is a `reading` finding, never a guess.
 *
 * The damage is done to the real fixture texts in ../shared/fixtures (every
 * layout they come in: PDF text, one cell per line, markdown, tab-separated),
 * where the label is printed (tests/support/damage.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../src/lib/report';
import { REQUEST_ROWS } from '../src/lib/report/formats';
import { EVIDENCE, bigrams, certainAlignment, core, evidence, labelIndex } from '../src/lib/report/parse/align';
import { readRequests } from '../src/lib/report/parse/tables';
import { toRows } from '../src/lib/report/text/cells';
import { toLines } from '../src/lib/report/text/lines';
import type { ReportRecord } from '../src/lib/report/types';
import { applyDamage, cutPoints, labelSites, type Damage, type LabelSite } from './support/damage';
import { flatValues, loadFixtures, type Fixture } from './support/fixtures';

const reports = loadFixtures().filter((f) => f.expected.kind === 'annual_report');
const byName = (name: string) => reports.find((f) => f.name === name)!;

/** The rows (表三) and items (表二) a fixture prints, and where their labels are. */
function sitesOf(fx: Fixture): LabelSite[] {
  const requests = new Set(Object.keys(fx.expected.requests));
  const active = new Set(Object.keys(fx.expected.active).map((k) => k.split('.')[0]));
  return [...labelSites(fx.text, 'requests', requests), ...labelSites(fx.text, 'active', active)];
}
const SITES = new Map(reports.map((fx) => [fx.name, sitesOf(fx)]));

const tableOf = (path: string) => path.split(/[.[]/)[0];

/**
 * What the record got wrong against the fixture's hand-checked numbers, by
 * table: values read differently, rows read that the report does not print.
 */
function wrongTables(r: ReportRecord, fx: Fixture): Set<string> {
  const truth = flatValues(fx.expected);
  const got = flatValues(r);
  const out = new Set<string>();
  for (const [p, want] of truth) {
    const have = got.get(p);
    if (have === undefined ? want !== null : have !== want) out.add(tableOf(p));
  }
  for (const [p, v] of got) if (!truth.has(p) && v !== null) out.add(tableOf(p));
  return out;
}

const readingOn = (r: ReportRecord, table: string) =>
  r.findings.filter((f) => f.origin === 'reading' && f.cells.some((c) => tableOf(c) === table));

/** The promise: every value exactly, or a `reading` finding on every table with a value that is not. */
function expectRightOrSaysSo(r: ReportRecord, fx: Fixture, what: string): void {
  expect(r.reason ?? '', what).not.toMatch(/内部错误/);
  for (const t of wrongTables(r, fx))
    expect(
      readingOn(r, t).map((f) => f.rule),
      `${what}: wrong ${t} values without a reading finding`,
    ).not.toEqual([]);
}

/** Read exactly, and quietly: no reading finding at all (the fixture texts have none). */
function expectExact(r: ReportRecord, fx: Fixture, what: string): void {
  expect(flatValues(r), what).toEqual(flatValues(fx.expected));
  expect(
    r.findings.filter((f) => f.origin === 'reading').map((f) => `${f.rule}: ${f.message}`),
    what,
  ).toEqual([]);
}

const parseDamaged = (fx: Fixture, site: LabelSite, d: Damage) => {
  const text = applyDamage(fx.text, site, d);
  return { text, r: parseReportText(text, fx.path) };
};

/* ------------------------------------------------------------ align.ts */

describe('the alignment itself', () => {
  const index = labelIndex(REQUEST_ROWS.map((r) => ({ key: r.key, labels: [r.label, ...(r.variants ?? [])] })));
  const score = (text: string, key: string) => evidence(index, bigrams(core(text)))[index.keys.indexOf(key)];

  it('weighs the characters a label shares with a row, item numbers and punctuation aside', () => {
    expect(score('1.属于国家秘密', 'denied_state_secret')).toBe(1);
    expect(score('（三）属于国家秘密', 'denied_state_secret')).toBe(1);
    expect(score('1.属于国家秘', 'denied_state_secret')).toBeGreaterThan(0.7);
    // 属于 is in five labels: on its own it is no evidence.
    expect(score('1.属于', 'denied_state_secret')).toBe(0);
    // 其他 is in four labels: 3.其他 is never placed on its characters alone.
    expect(score('4.其他', 'other_other')).toBe(0);
    expect(score('（八）总计', 'processed_total')).toBe(1);
    expect(score('5.属于三类内部事物信息', 'denied_internal_affairs')).toBe(1); // a variant
  });

  it('keeps order, and places a row only where every other alignment scores clearly less', () => {
    const X = -Infinity;
    // Two observed rows, three candidates: each reads as its own.
    expect(
      certainAlignment(
        [
          [0.9, 0.1, X],
          [X, 0.2, 0.8],
        ],
        3,
        EVIDENCE.margin,
      ),
    ).toEqual([0, 2]);
    // Order decides where the labels alone do not: the first must come before the second.
    expect(
      certainAlignment(
        [
          [0.6, 0.6],
          [X, 0.6],
        ],
        2,
        EVIDENCE.margin,
      ),
    ).toEqual([0, 1]);
    // One label that reads as well as two rows: not placed.
    expect(certainAlignment([[0.6, 0.6]], 2, EVIDENCE.margin)).toEqual([-1]);
    // Two labels that both read as the one free row: neither is placed.
    expect(certainAlignment([[0.7], [0.65]], 1, EVIDENCE.margin)).toEqual([-1, -1]);
    // Unless one reads clearly better.
    expect(certainAlignment([[0.95], [0.5]], 1, EVIDENCE.margin)).toEqual([0, -1]);
    // Evidence below the margin is not enough, even alone.
    expect(certainAlignment([[0.2]], 1, EVIDENCE.margin)).toEqual([-1]);
  });
});

/* ------------------------------------------------- damage on real texts */

describe.each(reports.map((fx) => [fx.name, fx] as const))('%s', (name, fx) => {
  const sites = SITES.get(name)!;

  it('finds every printed row label to damage', () => {
    expect(
      sites
        .filter((s) => s.table === 'requests')
        .map((s) => s.key)
        .sort(),
    ).toEqual(Object.keys(fx.expected.requests).sort());
  });

  it('reads every label split at every position exactly (plain text: numbers on the middle line)', () => {
    for (const site of sites) {
      for (let at = 0; at < cutPoints(site.text).length; at++) {
        const d: Damage = { kind: 'split', at };
        expectExact(parseDamaged(fx, site, d).r, fx, `${site.key} ${site.text} ${JSON.stringify(d)}`);
      }
    }
  });

  it('reads labels with extra spaces exactly', () => {
    for (const site of sites) {
      for (let at = 0; at < cutPoints(site.text).length; at += 3) {
        expectExact(parseDamaged(fx, site, { kind: 'spaces', at }).r, fx, `${site.key} spaces at ${at}`);
      }
    }
  });

  it('reads labels renumbered or without their number exactly (3.其他 aside: 其他 alone says nothing)', () => {
    for (const site of sites.filter((s) => s.table === 'requests')) {
      for (const to of ['', '9.', '（八）', '十、']) {
        const { r } = parseDamaged(fx, site, { kind: 'number', to });
        if (site.key === 'other_other') expectRightOrSaysSo(r, fx, `${site.key} → ${to}`);
        else expectExact(r, fx, `${site.key} renumbered ${to || '(none)'}`);
      }
    }
  });

  it('with a character dropped or mistyped anywhere, reads right or says so', () => {
    for (const site of sites) {
      for (let at = 0; at < site.text.length; at++) {
        for (const kind of ['drop', 'mistype'] as const) {
          expectRightOrSaysSo(parseDamaged(fx, site, { kind, at }).r, fx, `${site.key} ${site.text} ${kind} at ${at}`);
        }
      }
    }
  });
});

describe('labels the patterns miss, read by the alignment', () => {
  /** Replace a row's printed label with `label`, in one fixture. */
  const relabel = (name: string, key: string, label: string) => {
    const fx = byName(name);
    const site = SITES.get(name)!.find((s) => s.key === key)!;
    const lines = fx.text.split('\n');
    lines[site.line] = lines[site.line].slice(0, site.start) + label + lines[site.line].slice(site.end);
    return { fx, r: parseReportText(lines.join('\n'), fx.path) };
  };

  it.each([
    // [fixture, row, printed label]
    ['huaian-city-2024', 'denied_state_secret', '1.属于国家秘'],
    ['huaian-city-2024', 'denied_prohibited_by_law', '2.其他法囗行政法规禁囗公开'],
    ['huaian-hongze-2023', 'denied_prohibited_by_law', '2.其它法律行政止公开'],
    ['huaian-city-2024', 'denied_internal_affairs', '5.属于三类内部事囗信息'],
    ['000_8077d3367313ca29', 'denied_process_info', '6.属于四类过程信息'],
    ['000_8077d3367313ca29', 'new_received', '一、本年新囗政府信息公开申请数量'],
    ['000_8077d3367313ca29', 'unable_not_held', '1.本机关不掌囗相关政府信息'],
    ['004_7f04bf6579decff7', 'processed_total', '（八）总计'],
    ['004_7f04bf6579decff7', 'processed_total', '七、总计'],
    ['shanghai-office-2019', 'not_processed_excessive', '4.无正当理由大量囗复申请'],
    ['shanghai-office-2019', 'denied_security_stability', '3.危囗“三安囗一稳定”'],
    [
      '003_869c2ba055e881c8',
      'other_no_fee',
      '2.申请人逾期未囗收费囗知要求缴囗费用、行政机关不再处理其政府信息公开申请',
    ],
    ['003_869c2ba055e881c8', 'other_no_correction', '1.申请人无正当理由逾期不囗正、行政机关不再处理其政府信息公开申请'],
    ['001_108c735e6ce59796', 'carried_over', '二、上年结囗政府信息公开申请数量'],
  ])('%s: %s printed as %s', (name, key, label) => {
    const { fx, r } = relabel(name, key, label);
    expectExact(r, fx, `${key} as ${label}`);
  });

  it('abbreviated labels the patterns still find: 5.内部事务信息, 无法提供 1.不掌握', () => {
    expectExact(
      relabel('huaian-city-2024', 'denied_internal_affairs', '5.内部事务信息').r,
      byName('huaian-city-2024'),
      '5.内部事务信息',
    );
    expectExact(
      relabel('shanghai-office-2019', 'unable_not_held', '1.不掌握').r,
      byName('shanghai-office-2019'),
      '1.不掌握',
    );
  });
});

/* ------------------------------------------------- what is not placed */

describe('what the alignment must not place', () => {
  /** A line of numbers with a label that reads like no row, after line `after` (a pattern on the line). */
  const insertRow = (fx: Fixture, after: RegExp, row: string) => {
    const lines = fx.text.split('\n');
    const at = lines.findIndex((l) => after.test(l));
    lines.splice(at + 1, 0, row);
    return parseReportText(lines.join('\n'), fx.path);
  };

  it.each([
    ['huaian-city-2024', '（附注）                       1        2       3        4    5       6   21'],
    ['000_8077d3367313ca29', '（附注） 1 2 3 4 5 6 21'],
    ['shanghai-office-2019', '（附注）\t1\t2\t3\t4\t5\t6\t21'],
    ['003_869c2ba055e881c8', '| （附注） | | 1 | 2 | 3 | 4 | 5 | 6 | 21 | |'],
  ])(
    '%s: an extra （附注） row of numbers after every row is placed is said, and nothing else changes',
    (name, row) => {
      const fx = byName(name);
      const r = insertRow(fx, /四、结转下年度继续/, row);
      expect(flatValues(r)).toEqual(flatValues(fx.expected));
      const said = readingOn(r, 'requests').filter(
        (f) => f.rule === 'table.label_unplaced' || f.rule === 'table.unlabeled_numbers',
      );
      expect(said).toHaveLength(1);
      expect(said[0]).toMatchObject({ severity: 'error', origin: 'reading', cells: ['requests'] });
      expect(said[0].message).toMatch(/1 2 3 4 5 6 21/);
    },
  );

  it('a duplicated row is not placed in the row after it', () => {
    const fx = byName('000_8077d3367313ca29');
    // 2.其他法律… printed twice, the second copy mistyped, and 3.危及… lost its label.
    const lines = fx.text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('2.其他法律行政法规禁止公开'));
    lines.splice(at + 1, 0, '2.其他法律行政法规禁止公囗 5 0 0 0 0 0 5');
    const r = parseReportText(lines.join('\n'), fx.path);
    expectRightOrSaysSo(r, fx, 'duplicate');
    expect(readingOn(r, 'requests').map((f) => f.rule)).toContain('table.label_unplaced');
  });

  it('a label that reads as two free rows alike is said, with the label, the numbers and where it is', () => {
    const text = [
      '| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |',
      '| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
      // Both sub-rows of （六） merged into one mistyped label (no pattern finds it): it reads
      // as 1.…逾期不补正… and as 2.…逾期未按收费通知… alike, and both are free here.
      '| 申请人逾期不囗正或未按收费囗知缴囗费用、行政机关不再处理其政府信息公开申请 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |',
      '| 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
    ].join('\n');
    const r = readRequests(toRows(toLines(text)), '2021');
    const f = r.findings.find((x) => x.rule === 'table.label_unplaced');
    expect(f).toMatchObject({ severity: 'error', origin: 'reading', cells: ['requests'], source: { line: 3 } });
    expect(f!.message).toMatch(/申请人逾期不囗正或未按收费囗知缴囗费用/);
    expect(f!.message).toMatch(/（2 0 0 0 0 0 2）/);
    expect(f!.message).toMatch(/逾期不补正.*或.*收费通知|收费通知.*或.*逾期不补正/);
    expect(r.values.other_no_correction).toBeUndefined();
    expect(r.values.other_no_fee).toBeUndefined();
  });
});

/* ------------------------------------------------------------ property */

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('mistype' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('number' as const), to: fc.constantFrom('', '9.', '（八）', '三、', '1.') }),
  fc.record({ kind: fc.constant('spaces' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('split' as const), at: fc.nat() }),
);

/** Damage several labels of one text, one or two damages each; later lines first, so earlier sites stay where they are. */
function damageAll(fx: Fixture, picks: readonly [number, readonly Damage[]][]): string {
  const sites = SITES.get(fx.name)!;
  const chosen = [...new Map(picks.map(([i, ds]) => [i % sites.length, ds])).entries()].sort(
    ([a], [b]) => sites[b].line - sites[a].line || sites[b].start - sites[a].start,
  );
  let text = fx.text;
  for (const [i, ds] of chosen) {
    let site = sites[i];
    for (const d of ds) {
      const before = text.split('\n')[site.line].length;
      text = applyDamage(text, site, d);
      if (d.kind === 'split') break; // the label is on two lines now
      const end = site.end + text.split('\n')[site.line].length - before;
      site = { ...site, end, text: text.split('\n')[site.line].slice(site.start, end) };
    }
  }
  return text;
}

describe('random label damage on the real texts', () => {
  it('reads every value exactly, or carries a reading finding naming the table it could not read whole', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...reports),
        fc.array(fc.tuple(fc.nat(), fc.array(damageArb, { minLength: 1, maxLength: 2 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (fx, picks) => {
          const text = damageAll(fx, picks);
          const r = parseReportText(text, fx.path);
          try {
            expectRightOrSaysSo(r, fx, fx.name);
          } catch (e) {
            (e as Error).message += `\n--- damaged text ---\n${text}`;
            throw e;
          }
        },
      ),
      { numRuns: Number(process.env.ALIGNMENT_RUNS ?? 400) },
    );
  });
});
