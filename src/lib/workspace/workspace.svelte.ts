/**
 * The workspace as the pages see it: reactive state over the IndexedDB store,
 * the import queue that feeds the parse worker one file at a time, and the
 * user's decisions. Every change is written to the store first; a change to
 * the accepted reports is then loaded into DuckDB, so every view shows it.
 */
import { browser } from '$app/environment';
import { BROWSER_TIMEOUT_MS } from '$lib/limits/files';
import { plural, pluralWord } from '$lib/i18n.svelte';
import { database, reloadWorkspace, showDataset } from '$lib/db/app';
import { builtinTable } from '$lib/db/datasets';
import { parseFileWithText, resetParser, type OcrProgress } from '$lib/workers/parse-client';
import type { Cell } from '$lib/report/types';
import { makeConfirmation, makeCorrection, makeCorrections, makeTableConfirmation } from './corrections';
import {
  cleanEntries,
  decide,
  mergeEntries,
  statusOf,
  workspaceTables,
  type BuiltinReport,
  type DecisionAction,
  type DuplicateChoice,
} from './decide';
import { EMPTY_HISTORY, forgetEntries, recordStep, undoDecision, type History } from './history';
import { expandInputs, type InputFile } from './inputs';
import { checkParsed } from './schema';
import { storageProblem, type Bilingual } from './storage-error';
import * as store from './store';
import type { Correction, DatasetChoice, Entry } from './types';

/** An error whose message is already what the user should read (both languages). */
export class WorkspaceError extends Error {
  constructor(readonly bilingual: Bilingual) {
    super(bilingual.zh);
    this.name = 'WorkspaceError';
  }
}
/** A failed write, said with the quota and what to free when the browser's storage is full (never an empty reason). */
const storing = async <T>(what: Bilingual, write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (e) {
    throw new WorkspaceError(await storageProblem(e, what));
  }
};
const SAVE_DECISION: Bilingual = { zh: '保存决定失败', en: 'Saving the decision failed' };

/** Files handed to the worker ahead of the one it is reading. */
const IN_FLIGHT = 3;
/**
 * A backstop only: the parse client times each file itself from when the
 * worker takes it (BROWSER_TIMEOUT_MS) and names that file. This one counts
 * from when the file was queued here, behind up to IN_FLIGHT others, so it
 * fires only if the client's own limit failed.
 */
const PARSE_TIMEOUT_MS = IN_FLIGHT * BROWSER_TIMEOUT_MS + 30_000;
const PARSER_RESTARTED = '解析线程因另一个文件超时而重启';

/** 64-bit FNV-1a (two 32-bit halves): fast, and available without a secure context (intranet http). */
export function hashBytes(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5,
    h2 = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i] ^ (h1 >>> 7), 0x0100019d);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A file's name as kept: control characters (a Linux file name may hold a newline) shown as �, and a path
 * longer than 1 000 characters kept by its end — what the stored entry's check takes (./schema.ts).
 */
export function storedName(name: string): string {
  const s = name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
  return s.length > 1000 ? `…${s.slice(-999)}` : s || '（无名文件）';
}

let seq = 0;
const newId = () =>
  `w${Date.now().toString(36)}${(seq++).toString(36).padStart(3, '0')}${Math.random().toString(36).slice(2, 6)}`;

class Workspace {
  entries = $state<Entry[]>([]);
  corrections = $state<Correction[]>([]);
  builtin = $state<BuiltinReport[]>([]);
  choice = $state<DatasetChoice>('all');
  ready = $state(false);
  /** The batch in progress: file k of n, and the one being parsed. */
  progress = $state({ done: 0, total: 0, current: '' });
  /** Scans being read by OCR, by entry id: pages done of pages (total 0: the engine is starting). */
  ocr = $state<Record<string, OcrProgress>>({});
  /** The files being parsed or waiting for the worker, and how to cancel each. */
  #cancels = new Map<string, AbortController>();
  /** Problems of a whole action (storage full, an export failed): in both languages, never empty. */
  message = $state<Bilingual | null>(null);
  /** What the last import or undo did beyond the obvious (files held for a decision, decisions undone with it). */
  notice = $state<Bilingual | null>(null);
  /** The stored workspace could not be opened at all (the page still offers to clear it). */
  broken = $state<Bilingual | null>(null);
  /** Stored entries, corrections or history that are not what this app writes: never loaded, listed with their reason. */
  setAside = $state<store.SetAside[]>([]);
  /** The undo steps of the decisions (./history.ts), stored with the entries they change. */
  #history: History = EMPTY_HISTORY;

  #queue: string[] = [];
  #bytes = new Map<string, Uint8Array>();
  #pumping = false;
  #loading: Promise<void> | null = null;

  /** Load the workspace from the browser, and parse what a closed tab left pending. */
  load(): Promise<void> {
    if (!browser) return Promise.resolve();
    this.#loading ??= (async () => {
      // What is stored, checked: anything unreadable is set aside (listed, never loaded); a store that cannot be
      // opened at all leaves an empty workspace that says so — and can still be cleared.
      let stored = store.emptyStored();
      let choice: DatasetChoice = 'all';
      try {
        [stored, choice] = await Promise.all([store.readWorkspace(), store.getDatasetChoice()]);
        this.broken = null;
      } catch (e) {
        const m = (e as Error)?.message || (e as Error)?.name || String(e);
        this.broken = {
          zh: `浏览器中保存的工作区无法打开（${m}）。内置数据照常可用；清空工作区可以删除保存的内容，然后重新导入。`,
          en: `The workspace stored in this browser cannot be opened (${m}). The embedded data still works; clearing the workspace deletes what is stored, then import again.`,
        };
      }
      // The embedded reports first: until they are known, no file can be called clean (it may duplicate one).
      const db = await database();
      this.builtin = await db.query<{ report_id: string; agency: string; year: number }>(
        `SELECT report_id, agency, year FROM ${builtinTable('reports')}`,
      );
      this.entries = stored.entries;
      this.corrections = stored.corrections;
      this.#history = stored.history;
      this.setAside = stored.setAside;
      this.choice = choice;
      this.ready = true;
      const pending = stored.entries.filter((e) => e.status === 'pending').map((e) => e.id);
      if (pending.length) this.#enqueue(pending);
    })();
    // A failed start may be retried (after clearing, or on the next action).
    this.#loading.catch(() => (this.#loading = null));
    return this.#loading;
  }

  /** What the user dropped or picked: archives opened, exports restored, every file stored and parsed. */
  async import(files: readonly InputFile[]): Promise<void> {
    const start = performance.now();
    const { files: plain, bundles } = await expandInputs(files);
    // A package that cannot be stored fails alone: the files dropped with it are still added.
    for (const b of bundles) {
      await this.restore(b).catch((e: unknown) => {
        this.message =
          e instanceof WorkspaceError
            ? e.bilingual
            : {
                zh: `数据包未能导入：${(e as Error).message}`,
                en: `The package could not be imported: ${(e as Error).message}`,
              };
      });
    }
    await this.add(plain);
    // For `npm run bench:import`: from the files handed over to the last one parsed and stored.
    performance.measure('mingjing:import', { start, detail: { files: files.length } });
  }

  /** Store the files first (one that cannot be stored fails alone), then parse them in order. */
  async add(files: readonly InputFile[]): Promise<void> {
    await this.load();
    const fresh = files.map((f): Entry => ({
      id: newId(),
      name: storedName(f.name),
      size: f.bytes.length,
      hash: hashBytes(f.bytes),
      addedAt: new Date().toISOString(),
      status: f.reason ? 'unreadable' : 'pending',
      reason: f.reason?.slice(0, 10_000) ?? null,
      record: null,
      text: null,
      decision: 'undecided',
      shadows: null,
    }));
    const blobs = files.map((f) => new Blob([f.bytes as BlobPart]));
    try {
      await store.addEntries(fresh, blobs); // one transaction for the batch
    } catch {
      // One by one, so only the file that cannot be stored (the browser's quota, most likely) fails.
      let failed = 0;
      let last: unknown = null;
      for (const [i, entry] of fresh.entries()) {
        await store.addEntries([entry], [blobs[i]]).catch((e: unknown) => {
          failed++;
          last = e;
          entry.reason = '原始文件未能保存到浏览器，刷新后此文件会丢失（原因见页首）';
        });
      }
      if (failed)
        this.message = await storageProblem(last, {
          zh: `${failed} 个文件未能保存到浏览器`,
          en: `${plural(failed, 'file')} could not be stored in the browser`,
        });
    }
    this.entries = [...this.entries, ...fresh];
    const ids = fresh.filter((e) => e.status === 'pending').map((e) => e.id);
    for (const [i, e] of fresh.entries()) if (e.status === 'pending') this.#bytes.set(e.id, files[i].bytes);
    this.#enqueue(ids);
    await this.idle();
  }

  /**
   * Bring back an export (entries, corrections and originals; checked whole by importBundle) in one
   * transaction. Entries already here are left as they are; a report the package accepted that is already
   * kept here comes in undecided and waits for the same decision as a dropped file (decide.ts, mergeEntries).
   */
  async restore(bundle: {
    entries: Entry[];
    corrections: Correction[];
    originals: Map<string, Uint8Array>;
  }): Promise<number> {
    await this.load();
    const { fresh, held, skipped } = mergeEntries(
      $state.snapshot(this.entries) as Entry[],
      bundle.entries,
      this.builtin,
    );
    const ids = new Set(fresh.map((e) => e.id));
    const haveCorrection = new Set(this.corrections.map((c) => c.id));
    const cs = bundle.corrections.filter((c) => ids.has(c.entryId) && !haveCorrection.has(c.id));
    await storing(
      {
        zh: '数据包未能保存到浏览器，未导入任何内容',
        en: 'The package could not be stored in the browser; nothing was imported',
      },
      () =>
        store.addBundle(
          fresh,
          fresh.map((e) => new Blob([(bundle.originals.get(e.id) ?? new Uint8Array()) as BlobPart])),
          cs,
        ),
    );
    this.entries.push(...fresh);
    this.corrections.push(...cs);
    // A file the other machine had not parsed yet is parsed here, from its original.
    const pending = fresh.filter((e) => e.status === 'pending').map((e) => e.id);
    if (pending.length) this.#enqueue(pending);
    const parts = {
      zh: [`数据包已导入 ${fresh.length} 个文件`],
      en: [`The package brought ${plural(fresh.length, 'file')}`],
    };
    if (held.length) {
      parts.zh.push(`其中 ${held.length} 个与已有报告同一单位同一年度，等待决定（保留原有、替换或两者都保留为版本）`);
      parts.en.push(
        `${held.length} of them ${pluralWord(held.length, 'duplicates', 'duplicate')} a report already here and ${pluralWord(held.length, 'waits', 'wait')} for a decision (keep, replace or keep both as versions)`,
      );
    }
    if (skipped) {
      parts.zh.push(`${skipped} 个文件已在工作区中，未重复导入`);
      parts.en.push(
        `${skipped} ${pluralWord(skipped, 'was', 'were')} already in the workspace and ${pluralWord(skipped, 'was', 'were')} left as ${pluralWord(skipped, 'it is', 'they are')}`,
      );
    }
    this.notice = { zh: `${parts.zh.join('；')}。`, en: `${parts.en.join('; ')}.` };
    await this.#sync();
    return fresh.length;
  }

  #idleWaiters: (() => void)[] = [];
  /** Resolves when the queue is empty. */
  idle(): Promise<void> {
    return this.#pumping ? new Promise((r) => this.#idleWaiters.push(r)) : Promise.resolve();
  }

  #enqueue(ids: string[]) {
    this.#queue.push(...ids);
    if (!this.#pumping) {
      this.progress = { done: 0, total: 0, current: '' };
      void this.#pump();
    }
    this.progress.total += ids.length;
  }

  /**
   * A few files in flight to the worker, so it never waits for the page
   * between two files; it still reads them one at a time. Results are written
   * in small batches: a tab closed before a write leaves those files pending,
   * and they are parsed again from their stored originals.
   */
  async #pump() {
    this.#pumping = true;
    const lane = async () => {
      while (this.#queue.length) {
        const id = this.#queue.shift()!;
        const entry = this.entries.find((e) => e.id === id);
        if (!entry) continue;
        this.progress.current = entry.name;
        if (await this.#parse(entry)) this.progress.done++;
      }
    };
    try {
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
      await this.#flush();
    } finally {
      this.#pumping = false;
      this.progress.current = '';
      for (const w of this.#idleWaiters.splice(0)) w();
    }
  }

  #dirty = new Map<string, Entry>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  async #flush() {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const batch = [...this.#dirty.values()];
    this.#dirty.clear();
    if (batch.length) {
      await store.putEntries(batch).catch(async (e: unknown) => {
        // The results stay on the page; the files stay pending in the browser and are parsed again next time.
        this.message = await storageProblem(e, {
          zh: `${batch.length} 个文件的解析结果未能保存（刷新后会重新解析）`,
          en: `The results of ${plural(batch.length, 'file')} could not be saved (they are parsed again after a reload)`,
        });
      });
    }
  }

  /** Parse one file; false when it was sent back to the queue (the worker was restarted for another file). */
  async #parse(entry: Entry): Promise<boolean> {
    let bytes = this.#bytes.get(entry.id) ?? null;
    let next: Partial<Entry>;
    const name = entry.name.split('/').pop()!;
    let timedOut = false;
    try {
      if (!bytes) {
        const blob = await store.getOriginal(entry.id);
        bytes = blob ? new Uint8Array(await blob.arrayBuffer()) : null;
      }
      if (!bytes) throw new Error('原始文件不在浏览器中，无法解析');
      // The worker takes the buffer (transferred): hand it a copy, ours may be a view on a larger one.
      const copy = bytes.slice().buffer;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let fail: (e: Error) => void = () => {};
      const timeout = new Promise<never>((_, reject) => (fail = reject));
      // The backstop, started again by each step of OCR (a long scan is alive as long as its pages come).
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          resetParser(PARSER_RESTARTED);
          fail(new Error(`解析超过 ${PARSE_TIMEOUT_MS / 1000} 秒，已停止`));
        }, PARSE_TIMEOUT_MS);
      };
      arm();
      const stop = new AbortController();
      this.#cancels.set(entry.id, stop);
      const onProgress = (p: OcrProgress) => {
        arm();
        this.ocr[entry.id] = p;
      };
      const { record, text } = await Promise.race([
        parseFileWithText(name, copy, { onProgress, signal: stop.signal }),
        timeout,
      ]).finally(() => {
        clearTimeout(timer);
        this.#cancels.delete(entry.id);
        delete this.ocr[entry.id];
      });
      // Stored only as the schema has it (what is read back is checked the same way): else unreadable, with the field.
      const parsed = checkParsed({ ...record, source: name }, text);
      next = parsed.ok
        ? {
            status: statusOf(parsed.record),
            reason: parsed.record.reason ?? entry.reason,
            record: parsed.record,
            text: parsed.text,
          }
        : { status: 'unreadable', reason: parsed.reason, record: null, text: null };
    } catch (e) {
      if (!timedOut && (e as Error).message === PARSER_RESTARTED) {
        this.#queue.unshift(entry.id);
        return false;
      }
      const cancelled = (e as Error).name === 'ParseCancelled';
      next = {
        status: 'unreadable',
        reason: (cancelled ? (e as Error).message : `无法读取：${(e as Error).message}`).slice(0, 10_000),
      };
    }
    this.#bytes.delete(entry.id);
    const i = this.entries.findIndex((e) => e.id === entry.id);
    if (i < 0) return true; // cleared meanwhile
    const updated = { ...$state.snapshot(this.entries[i]), ...next } as Entry;
    this.entries[i] = updated;
    this.#dirty.set(updated.id, updated);
    this.#flushTimer ??= setTimeout(() => void this.#flush(), 300);
    return true;
  }

  /** Stop reading one file (a long scan): it ends unreadable, saying it was cancelled; the batch goes on. */
  cancel(id: string) {
    this.#cancels.get(id)?.abort();
  }

  /* ------------------------------------------------------------ decisions */

  /** Accept every clean file (read without errors or warnings, not a duplicate) in one click. */
  async acceptClean(): Promise<number> {
    await this.load();
    const clean = cleanEntries(this.entries, this.builtin);
    await this.#decide(clean.map((e) => ({ kind: 'accept', id: e.id })));
    return clean.length;
  }

  async accept(id: string) {
    await this.load();
    await this.#decide([{ kind: 'accept', id }]);
  }
  async reject(id: string) {
    await this.load();
    await this.#decide([{ kind: 'reject', id }]);
  }
  async duplicate(id: string, choice: DuplicateChoice) {
    await this.load();
    await this.#decide([{ kind: choice, id }]);
  }
  /** Make a version current; `null` makes the embedded report of that agency and year current again. */
  async current(group: string, id: string | null) {
    await this.load();
    await this.#decide([{ kind: 'current', group, id }]);
  }

  /**
   * 撤销决定: back to exactly the state before the decision that last changed this file (and the later
   * decisions about the same report, which may rest on it): ./history.ts.
   */
  async undecide(id: string) {
    await this.load();
    const entries = $state.snapshot(this.entries) as Entry[];
    const u = undoDecision(this.#history, entries, id);
    await storing(SAVE_DECISION, () => store.putEntries(u.changes, u.history));
    this.#history = u.history;
    this.#apply(u.changes);
    this.notice =
      u.undone.length > 1
        ? {
            zh: `已撤销此文件的决定，以及此后对同一单位同一年度报告的 ${u.undone.length - 1} 个决定。`,
            en: `The decision was undone, with ${plural(u.undone.length - 1, 'later decision')} about the same report.`,
          }
        : null;
    await this.#sync();
  }

  async correct(id: string, cell: string, value: Cell, author: string, reason: string) {
    await this.load(); // a page may offer this before the workspace has been read
    const c = makeCorrection(this.#get(id), cell, value, author, reason);
    await storing({ zh: '保存更正失败', en: 'Saving the correction failed' }, () => store.putCorrections([c]));
    this.corrections.push(c);
    await this.#sync();
  }

  /** 确认无误: an OCR'd number checked against its crop and kept as read (a correction to the same value, who and when). */
  async confirm(id: string, cell: string, author: string) {
    await this.load();
    const c = makeConfirmation(this.#get(id), cell, author);
    await storing({ zh: '保存确认失败', en: 'Saving the confirmation failed' }, () => store.putCorrections([c]));
    this.corrections.push(c);
    await this.#sync();
  }

  /**
   * 整表确认无误: every cell of a scanned table still to check, confirmed against the table's picture — one
   * confirmation per cell (one author, one time), stored in one write and loaded once.
   */
  async confirmTable(id: string, cells: readonly string[], author: string) {
    await this.load();
    const cs = makeTableConfirmation(this.#get(id), cells, author);
    await storing({ zh: '保存整表确认失败', en: 'Saving the table confirmation failed' }, () =>
      store.putCorrections(cs),
    );
    this.corrections.push(...cs);
    await this.#sync();
  }

  /** Several cells in one go — a row the reader could not place, entered whole: stored together, loaded once. */
  async correctCells(id: string, cells: readonly { cell: string; value: Cell }[], author: string, reason: string) {
    await this.load();
    const cs = makeCorrections(this.#get(id), cells, author, reason);
    await storing({ zh: '保存更正失败', en: 'Saving the correction failed' }, () => store.putCorrections(cs));
    this.corrections.push(...cs);
    await this.#sync();
  }

  async uncorrect(correctionId: string) {
    await this.load();
    await store.deleteCorrection(correctionId);
    this.corrections = this.corrections.filter((c) => c.id !== correctionId);
    await this.#sync();
  }

  /** Several corrections undone as one (a whole-table confirmation): deleted in one write, loaded once. */
  async uncorrectMany(correctionIds: readonly string[]) {
    await this.load();
    const ids = new Set(correctionIds);
    await store.deleteCorrections([...ids]);
    this.corrections = this.corrections.filter((c) => !ids.has(c.id));
    await this.#sync();
  }

  async setChoice(choice: DatasetChoice) {
    await this.load();
    this.choice = choice;
    await store.setDatasetChoice(choice);
    await showDataset(choice);
  }

  /**
   * Everything goes: entries, originals, corrections and what was set aside (the page asks first). Works
   * whatever is stored — also when the workspace could not be opened (the database is then deleted).
   */
  async clear() {
    await this.load().catch(() => undefined);
    this.#queue = [];
    this.#bytes.clear();
    this.#dirty.clear();
    await store.clearWorkspace();
    this.entries = [];
    this.corrections = [];
    this.setAside = [];
    this.#history = EMPTY_HISTORY;
    this.message = null;
    this.notice = null;
    if (this.broken || !this.ready) {
      this.broken = null;
      this.#loading = null;
      await this.load();
    }
    await this.#sync();
  }

  /** Drop what was set aside (stored entries, corrections or history that could not be read). */
  async removeSetAside() {
    await this.load();
    // The stored keys themselves (a proxy cannot be a key).
    const items = (this.setAside as unknown[]).map((s) => $state.snapshot(s as object)) as store.SetAside[];
    const entries = items.filter((s) => s.store === 'entries').map((s) => s.rawKey);
    const corrections = items.filter((s) => s.store === 'corrections').map((s) => s.rawKey);
    await store.removeEntries(
      entries,
      corrections,
      items.some((s) => s.store === 'settings') ? this.#history : undefined,
    );
    this.setAside = [];
  }

  /** Files the user no longer needs — set aside (未采用) or not a report / unreadable — with their originals: space freed. */
  removable(): Entry[] {
    return this.entries.filter(
      (e) =>
        e.decision === 'rejected' ||
        ((e.status === 'unreadable' || e.status === 'not_report') && e.decision !== 'accepted'),
    );
  }

  async removeUnused(): Promise<number> {
    await this.load();
    const gone = this.removable();
    const ids = new Set(gone.map((e) => e.id));
    const history = forgetEntries(this.#history, ids);
    await store.removeEntries([...ids], [], history);
    this.#history = history;
    this.entries = this.entries.filter((e) => !ids.has(e.id));
    this.corrections = this.corrections.filter((c) => !ids.has(c.entryId));
    this.message = null;
    await this.#sync();
    return gone.length;
  }

  #get(id: string): Entry {
    const e = this.entries.find((x) => x.id === id);
    if (!e) throw new Error(`工作区中没有这个文件：${id}`);
    return $state.snapshot(e) as Entry;
  }

  /**
   * Decisions, each one a step of the undo history; all of them stored with the history in one transaction
   * before the page shows them. A decision that breaks a rule (decide.ts) changes nothing.
   */
  async #decide(actions: DecisionAction[]) {
    if (!actions.length) return;
    // IndexedDB clones what it stores, and a reactive proxy cannot be cloned.
    let entries = $state.snapshot(this.entries) as Entry[];
    let history = this.#history;
    const changed = new Map<string, Entry>();
    for (const action of actions) {
      const step = decide(entries, this.builtin, action);
      history = recordStep(history, entries, step);
      for (const c of step) changed.set(c.id, c);
      entries = entries.map((e) => changed.get(e.id) ?? e);
    }
    if (!changed.size) return;
    await storing(SAVE_DECISION, () => store.putEntries([...changed.values()], history));
    this.#history = history;
    this.#apply([...changed.values()]);
    await this.#sync();
  }

  #apply(changed: readonly Entry[]) {
    for (const c of changed) {
      const i = this.entries.findIndex((e) => e.id === c.id);
      if (i >= 0) this.entries[i] = c;
    }
  }

  /** Load the accepted reports into DuckDB again (the views re-query). */
  async #sync() {
    const mine = workspaceTables(
      $state.snapshot(this.entries) as Entry[],
      $state.snapshot(this.corrections) as Correction[],
    );
    if (mine.failed.length) {
      const names = mine.failed.map((f) => this.entries.find((e) => e.id === f.id)?.name ?? f.id).join('、');
      this.message = {
        zh: `${mine.failed.length} 个已接受的文件无法汇总成数据表，暂不计入视图：${names}（${mine.failed[0].reason}）`,
        en: `${plural(mine.failed.length, 'accepted file')} cannot be made into tables and ${pluralWord(mine.failed.length, 'is', 'are')} left out of the views: ${names} (${mine.failed[0].reason})`,
      };
    }
    await reloadWorkspace(mine);
  }
}

export const workspace = new Workspace();
