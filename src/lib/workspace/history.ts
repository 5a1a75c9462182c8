/**
 * Undo (撤销决定): every decision is a step that remembers what the entries it
 * changed were before (decision and `shadows`). Undoing a file's decision
 * goes back to exactly the state before the step that last changed that file:
 * 替换 then 撤销决定 gives the replaced report back as it was, accepted, and
 * the new file undecided.
 *
 * A decision only ever changes files of one agency and year (one group, see
 * decide.ts), and reads only that group. So the state after an undo is the
 * state as if the undone step — and the later steps of the same group, which
 * may have depended on it and are undone with it — had never been taken;
 * other groups are untouched (tests/workspace-undo.test.ts checks this as a
 * property over random sequences of decisions and undos).
 */
import { entryGroup } from './decide';
import type { Decision, Entry } from './types';

export interface Snapshot {
  id: string;
  decision: Decision;
  shadows: string | null;
}
export interface Step {
  seq: number;
  /** The group of the files it changed: agency|year, or `#<id>` for a file that is no comparable report. */
  group: string;
  /** The changed files as they were before. */
  before: Snapshot[];
}
export interface History {
  seq: number;
  steps: Step[];
}

export const EMPTY_HISTORY: History = { seq: 0, steps: [] };
/** Steps kept; older decisions can no longer be undone step by step (撤销决定 then only sets the file undecided). */
export const MAX_STEPS = 2000;

export const stepGroup = (e: Entry) => entryGroup(e) ?? `#${e.id}`;
const snap = (e: Entry): Snapshot => ({ id: e.id, decision: e.decision, shadows: e.shadows });

/** The history with one more step: the entries `changed` replace, as they were in `entries` before. */
export function recordStep(history: History, entries: readonly Entry[], changed: readonly Entry[]): History {
  const before = changed.map((c) => entries.find((e) => e.id === c.id)).filter((e): e is Entry => !!e);
  const moved = before.filter((b) => {
    const c = changed.find((x) => x.id === b.id)!;
    return c.decision !== b.decision || c.shadows !== b.shadows;
  });
  if (moved.length === 0) return history;
  const seq = history.seq + 1;
  const steps = [...history.steps, { seq, group: stepGroup(moved[0]), before: moved.map(snap) }];
  return { seq, steps: steps.slice(-MAX_STEPS) };
}

export interface Undo {
  /** The entries that change back. */
  changes: Entry[];
  history: History;
  /** The steps undone (their seq), latest first; empty when the file had no step (it is then only set undecided). */
  undone: number[];
}

/**
 * Undo the step that last changed this file, with every later step of its group. A file whose decision no
 * step remembers (older than the history, or from a package) is set undecided. A file the undo would make
 * accepted while another file of its group — one the undone steps did not touch (a package's, added since) — is
 * accepted stays undecided instead: never two accepted copies.
 */
export function undoDecision(history: History, entries: readonly Entry[], id: string): Undo {
  const entry = entries.find((e) => e.id === id);
  if (!entry) return { changes: [], history, undone: [] };
  const last = [...history.steps].reverse().find((s) => s.before.some((b) => b.id === id));
  if (!last) {
    const changes =
      entry.decision === 'undecided' && entry.shadows === null
        ? []
        : [{ ...entry, decision: 'undecided' as const, shadows: null }];
    return { changes, history, undone: [] };
  }
  const undo = history.steps.filter((s) => s.group === last.group && s.seq >= last.seq).sort((a, b) => b.seq - a.seq);
  const state = new Map<string, Snapshot>();
  for (const s of undo) for (const b of s.before) state.set(b.id, b);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const restored = [...state.values()].filter((b) => byId.has(b.id));
  // Accepted files of the group the undo does not touch (a package's, added since), as they are now.
  const others = entries.filter((e) => !state.has(e.id) && stepGroup(e) === last.group && e.decision === 'accepted');
  const changes: Entry[] = [];
  for (const b of restored) {
    const e = byId.get(b.id)!;
    const next =
      b.decision === 'accepted' && others.length > 0
        ? { decision: 'undecided' as const, shadows: null }
        : { decision: b.decision, shadows: b.shadows };
    if (next.decision !== e.decision || next.shadows !== e.shadows) changes.push({ ...e, ...next });
  }
  const gone = new Set(undo.map((s) => s.seq));
  return {
    changes,
    history: { seq: history.seq, steps: history.steps.filter((s) => !gone.has(s.seq)) },
    undone: undo.map((s) => s.seq),
  };
}

/** The history without the files that are gone (cleared or removed). */
export function forgetEntries(history: History, ids: ReadonlySet<string>): History {
  const steps = history.steps
    .map((s) => ({ ...s, before: s.before.filter((b) => !ids.has(b.id)) }))
    .filter((s) => s.before.length > 0);
  return { seq: history.seq, steps };
}
