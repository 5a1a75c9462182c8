/**
 * Decisions and their undo, on the workspace logic in Node (decide.ts,
 * history.ts — what workspace.svelte.ts calls):
 * - property (fast-check): any sequence of decisions (accept, set aside, keep,
 *   replace, versions, make current) and undos leaves every file's decision as
 *   if the undone decisions had never been taken — the log replayed without
 *   them gives the same state — and never two accepted copies of a report;
 * - the tester's case: 替换 then 撤销决定 gives the replaced report back,
 *   accepted and in the data;
 * - names that print the same are one body: U+2060, U+200B, soft hyphen,
 *   full-width forms and Kangxi radicals are duplicates;
 * - a package merged into a workspace goes through the same decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agencyId, nameKey, normalize } from '../src/lib/data/normalize';
import { mineReportId } from '../src/lib/db/datasets';
import { SCHEMA, type ReportRecord } from '../src/lib/report/types';
import {
  DecisionError,
  decide,
  duplicatesOf,
  entryGroup,
  groupKey,
  mergeEntries,
  workspaceTables,
  type BuiltinReport,
  type DecisionAction,
} from '../src/lib/workspace/decide';
import { EMPTY_HISTORY, recordStep, stepGroup, undoDecision, type History } from '../src/lib/workspace/history';
import type { Entry } from '../src/lib/workspace/types';
import { entryOf } from './support/entries';

const record = (agency: string | null, year: number | null): ReportRecord => ({
  schema: SCHEMA,
  source: `${agency}-${year}.txt`,
  kind: 'annual_report',
  agency,
  region: null,
  region_code: null,
  year,
  format: '2021',
  published: null,
  active: {},
  requests: { new_received: [1, 0, 0, 0, 0, 0, 1] },
  review: null,
  litigation_direct: null,
  litigation_after_review: null,
  processing_fee_yuan: null,
  findings: [],
});
const entry = (id: string, agency: string | null, year: number | null, over: Partial<Entry> = {}) =>
  entryOf(record(agency, year), null, { id, name: `${id}.txt`, ...over });

const YUNCHENG = '运城市人民政府办公室';
const BUILTIN: BuiltinReport[] = [{ report_id: `${YUNCHENG}|2021|000.txt`, agency: YUNCHENG, year: 2021 }];
/** Three files of a report shipped with the app (one name with a word joiner inside), two of another, one with no title. */
const INITIAL: Entry[] = [
  entry('a1', YUNCHENG, 2021),
  entry('a2', '运城市人民政府\u2060办公室', 2021),
  entry('a3', YUNCHENG, 2021),
  entry('b1', '济源市人民政府', 2022),
  entry('b2', '济源市人民政府', 2022),
  entry('c1', null, null, { status: 'findings' }),
];

const apply = (entries: Entry[], changes: readonly Entry[]) =>
  entries.map((e) => changes.find((c) => c.id === e.id) ?? e);
const state = (entries: readonly Entry[]) =>
  Object.fromEntries(entries.map((e) => [e.id, `${e.decision}${e.shadows ? `>${e.shadows}` : ''}`]));

/** The rules that hold whatever was done: one accepted copy per report, and an accepted one replaces exactly its embedded counterpart. */
function invariants(entries: readonly Entry[]) {
  const accepted = new Map<string, number>();
  for (const e of entries) {
    const g = entryGroup(e);
    if (e.decision !== 'accepted' || g === null) {
      if (e.decision !== 'accepted') expect(e.shadows, `${e.id} is not accepted yet shadows a report`).toBeNull();
      continue;
    }
    accepted.set(g, (accepted.get(g) ?? 0) + 1);
    const embedded = BUILTIN.filter((b) => groupKey(b.agency, b.year) === g).map((b) => b.report_id);
    expect(e.shadows, `${e.id} accepted: shadows its embedded report, and only that`).toBe(embedded[0] ?? null);
  }
  for (const [g, n] of accepted) expect(n, `accepted copies of ${g}`).toBe(1);
}

type Op = {
  op: 'accept' | 'reject' | 'keep' | 'replace' | 'versions' | 'current' | 'undo';
  i: number;
  embedded: boolean;
};
const opArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('accept', 'reject', 'keep', 'replace', 'versions', 'current', 'undo', 'undo'),
  i: fc.integer({ min: 0, max: INITIAL.length - 1 }),
  embedded: fc.boolean(),
});

function actionOf(op: Op, entries: readonly Entry[]): DecisionAction {
  const e = entries[op.i];
  if (op.op === 'current') return { kind: 'current', group: stepGroup(e), id: op.embedded ? null : e.id };
  return { kind: op.op as Exclude<Op['op'], 'current' | 'undo'>, id: e.id };
}

describe('undo restores exactly the state before the decision', () => {
  it('property: decisions and undos in any order = the log replayed without the undone decisions', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let entries = INITIAL.map((e) => ({ ...e }));
        let history: History = EMPTY_HISTORY;
        const log: { seq: number; action: DecisionAction }[] = [];
        const undone = new Set<number>();
        for (const op of ops) {
          if (op.op === 'undo') {
            const u = undoDecision(history, entries, entries[op.i].id);
            entries = apply(entries, u.changes);
            history = u.history;
            for (const s of u.undone) undone.add(s);
            // Replay what is still in force, from the start.
            let replay = INITIAL.map((e) => ({ ...e }));
            for (const l of log) if (!undone.has(l.seq)) replay = apply(replay, decide(replay, BUILTIN, l.action));
            expect(state(entries)).toEqual(state(replay));
          } else {
            const action = actionOf(op, entries);
            let changed: Entry[];
            try {
              changed = decide(entries, BUILTIN, action);
            } catch (e) {
              expect(e).toBeInstanceOf(DecisionError); // a duplicate accepted without a decision: refused
              continue;
            }
            const next = recordStep(history, entries, changed);
            if (next !== history) log.push({ seq: next.seq, action });
            history = next;
            entries = apply(entries, changed);
          }
          invariants(entries);
        }
      }),
      { numRuns: Number(process.env.UNDO_RUNS ?? 500) },
    );
  });

  it('替换 then 撤销决定: the replaced report is accepted again and in the data; the new file waits', () => {
    let entries = INITIAL.map((e) => ({ ...e }));
    let history = EMPTY_HISTORY;
    const step = (action: DecisionAction) => {
      const changed = decide(entries, BUILTIN, action);
      history = recordStep(history, entries, changed);
      entries = apply(entries, changed);
    };
    step({ kind: 'replace', id: 'a1' }); // over the embedded report
    expect(state(entries).a1).toBe(`accepted>${BUILTIN[0].report_id}`);
    step({ kind: 'replace', id: 'a2' }); // a second file of the same report replaces the first
    expect([entries[0].decision, entries[1].decision]).toEqual(['rejected', 'accepted']);
    const u = undoDecision(history, entries, 'a2');
    entries = apply(entries, u.changes);
    expect(state(entries)).toMatchObject({ a1: `accepted>${BUILTIN[0].report_id}`, a2: 'undecided' });
    const { tables, shadow } = workspaceTables(entries, []);
    expect(tables.reports.map((r) => r.report_id)).toEqual([mineReportId('a1')]);
    expect(shadow).toEqual([BUILTIN[0].report_id]);
    // 撤销决定 on the file that was set aside undoes the same step.
    step({ kind: 'replace', id: 'a2' });
    entries = apply(entries, undoDecision(history, entries, 'a1').changes);
    expect(state(entries)).toMatchObject({ a1: `accepted>${BUILTIN[0].report_id}`, a2: 'undecided' });
  });

  it('an undo never makes a second accepted copy beside one a package brought in meanwhile', () => {
    let entries = [entry('x1', '济源市人民政府', 2022)];
    let history = EMPTY_HISTORY;
    for (const action of [
      { kind: 'accept', id: 'x1' },
      { kind: 'reject', id: 'x1' },
    ] as DecisionAction[]) {
      const changed = decide(entries, [], action);
      history = recordStep(history, entries, changed);
      entries = apply(entries, changed);
    }
    // Nothing of that report is kept now, so the package's accepted copy comes in accepted.
    const m = mergeEntries(entries, [entry('p9', '济源市人民政府', 2022, { decision: 'accepted' })], []);
    expect(m.held).toEqual([]);
    entries = [...entries, ...m.fresh];
    const u = undoDecision(history, entries, 'x1');
    entries = apply(entries, u.changes);
    expect(state(entries)).toEqual({ x1: 'undecided', p9: 'accepted' });
    invariants(entries);
  });

  it('a duplicate cannot be accepted without deciding it as one', () => {
    const entries = [
      entry('x1', '济源市人民政府', 2022, { decision: 'accepted' }),
      entry('x2', '济源市人民政府', 2022),
    ];
    expect(() => decide(entries, [], { kind: 'accept', id: 'x2' })).toThrow(/同一单位同一年度/);
    expect(() => decide([entry('y', YUNCHENG, 2021)], BUILTIN, { kind: 'accept', id: 'y' })).toThrow(DecisionError);
  });
});

describe('names compared as they print', () => {
  it.each([
    ['word joiner U+2060', '运城市人民政府\u2060办公室'],
    ['zero-width space U+200B', '运城市\u200b人民政府办公室'],
    ['soft hyphen U+00AD', '运城市人民\u00ad政府办公室'],
    ['BOM U+FEFF', '\ufeff运城市人民政府办公室'],
    ['left-to-right mark U+200E', '运城市人民政府办公室\u200e'],
    ['ideographic space', '运城市　人民政府办公室'],
    ["Kangxi radicals (a PDF's text layer)", '运城市\u2f08民政府办公室'],
  ])('%s: the same body, the same report, a duplicate', (_, name) => {
    expect(agencyId(name)).toBe(agencyId(YUNCHENG));
    expect(duplicatesOf(entry('n', name, 2021), [], BUILTIN).builtin).toEqual(BUILTIN);
    const mine = normalize([record(name, 2021), record(YUNCHENG, 2022)], 'mine');
    expect(mine.agencies).toHaveLength(1);
    // Shown as printed.
    expect(mine.reports[0].agency).toBe(name);
  });

  it('full-width forms fold (NFKC): （上海） and (上海), ２０２１ and 2021 are one', () => {
    expect(nameKey('中国（上海）自由贸易试验区管理委员会')).toBe(nameKey('中国(上海)自由贸易试验区管理委员会'));
    expect(nameKey('Ａ市')).toBe(nameKey('A市'));
    expect(nameKey('运城市')).not.toBe(nameKey('运城县'));
  });

  it('the level of a body is read through the same key (a joiner inside 办公室 keeps it an office)', () => {
    const t = normalize([record('运城市人民政府办公\u2060室', 2021)], 'mine');
    expect(t.reports[0].level).toBe('办公室');
  });
});

describe('a package merged into the workspace', () => {
  it('an accepted report already kept here comes in undecided, never as a second accepted copy', () => {
    const here = [entry('h1', YUNCHENG, 2021, { decision: 'accepted', shadows: BUILTIN[0].report_id })];
    const incoming = [
      entry('p1', '运城市人民政府\u2060办公室', 2021, { decision: 'accepted', shadows: BUILTIN[0].report_id }),
      entry('p2', '济源市人民政府', 2022, { decision: 'accepted' }),
      entry('h1', YUNCHENG, 2021, { decision: 'accepted' }),
    ];
    const m = mergeEntries(here, incoming, BUILTIN);
    expect(m.skipped).toBe(1);
    expect(state(m.fresh)).toEqual({ p1: 'undecided', p2: 'accepted' });
    expect(m.held.map((e) => e.id)).toEqual(['p1']);
    const all = [...here, ...m.fresh];
    invariants(all);
    // It then waits for the same decision as a dropped file.
    expect(duplicatesOf(m.fresh[0], all, BUILTIN).entries.map((e) => e.id)).toEqual(['h1']);
  });

  it('an accepted report replaces only its own embedded counterpart; two accepted copies in one package are one', () => {
    const incoming = [
      entry('q1', '济源市人民政府', 2022, { decision: 'accepted', shadows: BUILTIN[0].report_id }), // crafted: would hide 运城 from 全部
      entry('q2', YUNCHENG, 2021, { decision: 'accepted' }), // duplicates the embedded report without replacing it
      entry('q3', '济源市人民政府', 2022, { decision: 'accepted' }),
      entry('q4', YUNCHENG, 2021, { decision: 'rejected', shadows: BUILTIN[0].report_id }),
    ];
    const m = mergeEntries([], incoming, BUILTIN);
    expect(state(m.fresh)).toEqual({ q1: 'accepted', q2: 'undecided', q3: 'undecided', q4: 'rejected' });
    invariants(m.fresh);
  });
});
