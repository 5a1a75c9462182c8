/**
 * The workspace as the pages see it: reactive state over the IndexedDB store,
 * the import queue that feeds the parse worker one file at a time, and the
 * user's decisions. Every change is written to the store first; a change to
 * the accepted reports is then loaded into DuckDB, so every view shows it.
 */
import { browser } from '$app/environment';
import { database, reloadWorkspace, showDataset } from '$lib/db/app';
import { builtinTable } from '$lib/db/datasets';
import { parseFileWithText, resetParser } from '$lib/workers/parse-client';
import type { Cell } from '$lib/report/types';
import { makeCorrection, makeCorrections } from './corrections';
import { cleanEntries, makeCurrent, resolveDuplicate, statusOf, workspaceTables, type BuiltinReport, type DuplicateChoice } from './decide';
import { expandInputs, type InputFile } from './inputs';
import * as store from './store';
import type { Correction, DatasetChoice, Entry } from './types';


/** A file that takes longer than this is stopped and reported, so one file cannot stall a batch. */
const PARSE_TIMEOUT_MS = 120_000;
/** Files handed to the worker ahead of the one it is reading. */
const IN_FLIGHT = 3;
const PARSER_RESTARTED = '解析线程因另一个文件超时而重启';

/** 64-bit FNV-1a (two 32-bit halves): fast, and available without a secure context (intranet http). */
export function hashBytes(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i] ^ (h1 >>> 7), 0x0100019d);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

let seq = 0;
const newId = () => `w${Date.now().toString(36)}${(seq++).toString(36).padStart(3, '0')}${Math.random().toString(36).slice(2, 6)}`;

class Workspace {
  entries = $state<Entry[]>([]);
  corrections = $state<Correction[]>([]);
  builtin = $state<BuiltinReport[]>([]);
  choice = $state<DatasetChoice>('all');
  ready = $state(false);
  /** The batch in progress: file k of n, and the one being parsed. */
  progress = $state({ done: 0, total: 0, current: '' });
  /** Problems of a whole action (storage full, an export failed), in Chinese. */
  message = $state('');

  #queue: string[] = [];
  #bytes = new Map<string, Uint8Array>();
  #pumping = false;
  #loading: Promise<void> | null = null;

  /** Load the workspace from the browser, and parse what a closed tab left pending. */
  load(): Promise<void> {
    if (!browser) return Promise.resolve();
    this.#loading ??= (async () => {
      const [entries, corrections, choice] = await Promise.all([store.listEntries(), store.listCorrections(), store.getDatasetChoice()]);
      // The embedded reports first: until they are known, no file can be called clean (it may duplicate one).
      const db = await database();
      this.builtin = await db.query<{ report_id: string; agency: string; year: number }>(`SELECT report_id, agency, year FROM ${builtinTable('reports')}`);
      this.entries = entries;
      this.corrections = corrections;
      this.choice = choice;
      this.ready = true;
      const pending = entries.filter((e) => e.status === 'pending').map((e) => e.id);
      if (pending.length) this.#enqueue(pending);
    })();
    return this.#loading;
  }

  /** What the user dropped or picked: archives opened, exports restored, every file stored and parsed. */
  async import(files: readonly InputFile[]): Promise<void> {
    const start = performance.now();
    const { files: plain, bundles } = await expandInputs(files);
    for (const b of bundles) await this.restore(b);
    await this.add(plain);
    // For `npm run bench:import`: from the files handed over to the last one parsed and stored.
    performance.measure('mingjing:import', { start, detail: { files: files.length } });
  }

  /** Store the files first (one that cannot be stored fails alone), then parse them in order. */
  async add(files: readonly InputFile[]): Promise<void> {
    await this.load();
    const fresh = files.map((f): Entry => ({
      id: newId(), name: f.name, size: f.bytes.length, hash: hashBytes(f.bytes), addedAt: new Date().toISOString(),
      status: f.reason ? 'unreadable' : 'pending', reason: f.reason ?? null, record: null, text: null, decision: 'undecided', shadows: null,
    }));
    const blobs = files.map((f) => new Blob([f.bytes as BlobPart]));
    try {
      await store.addEntries(fresh, blobs); // one transaction for the batch
    } catch {
      // One by one, so only the file that cannot be stored (the browser's quota, most likely) fails.
      for (const [i, entry] of fresh.entries()) {
        await store.addEntries([entry], [blobs[i]]).catch((e: Error) => {
          entry.reason = `原始文件未能保存到浏览器（${e.message}），刷新后此文件会丢失`;
        });
      }
    }
    this.entries = [...this.entries, ...fresh];
    const ids = fresh.filter((e) => e.status === 'pending').map((e) => e.id);
    for (const [i, e] of fresh.entries()) if (e.status === 'pending') this.#bytes.set(e.id, files[i].bytes);
    this.#enqueue(ids);
    await this.idle();
  }

  /** Bring back an export (entries, corrections and originals); entries already here are left as they are. */
  async restore(bundle: { entries: Entry[]; corrections: Correction[]; originals: Map<string, Uint8Array> }): Promise<number> {
    await this.load();
    const have = new Set(this.entries.map((e) => e.id));
    const fresh = bundle.entries.filter((e) => !have.has(e.id));
    await store.addEntries(fresh, fresh.map((e) => new Blob([(bundle.originals.get(e.id) ?? new Uint8Array()) as BlobPart])));
    const cs = bundle.corrections.filter((c) => fresh.some((e) => e.id === c.entryId));
    await store.putCorrections(cs);
    this.entries.push(...fresh);
    this.corrections.push(...cs);
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
    if (batch.length) await store.putEntries(batch).catch((e) => (this.message = `保存解析结果失败：${(e as Error).message}`));
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
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          resetParser(PARSER_RESTARTED);
          reject(new Error(`解析超过 ${PARSE_TIMEOUT_MS / 1000} 秒，已停止`));
        }, PARSE_TIMEOUT_MS);
      });
      const { record, text } = await Promise.race([parseFileWithText(name, copy), timeout]).finally(() => clearTimeout(timer));
      next = { status: statusOf(record), reason: record.reason ?? entry.reason, record: { ...record, source: name }, text };
    } catch (e) {
      if (!timedOut && (e as Error).message === PARSER_RESTARTED) {
        this.#queue.unshift(entry.id);
        return false;
      }
      next = { status: 'unreadable', reason: `无法读取：${(e as Error).message}` };
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

  /* ------------------------------------------------------------ decisions */

  /** Accept every clean file (read without errors or warnings, not a duplicate) in one click. */
  async acceptClean(): Promise<number> {
    await this.load();
    const clean = cleanEntries(this.entries, this.builtin);
    await this.#change(clean.map((e) => ({ ...e, decision: 'accepted' as const })));
    return clean.length;
  }

  async accept(id: string) { await this.load(); await this.#change([{ ...this.#get(id), decision: 'accepted' }]); }
  async reject(id: string) { await this.load(); await this.#change([{ ...this.#get(id), decision: 'rejected', shadows: null }]); }
  async undecide(id: string) { await this.load(); await this.#change([{ ...this.#get(id), decision: 'undecided', shadows: null }]); }
  async duplicate(id: string, choice: DuplicateChoice) { await this.load(); await this.#change(resolveDuplicate(this.#get(id), choice, this.entries, this.builtin)); }
  /** Make a version current; `null` makes the embedded report of that agency and year current again. */
  async current(group: string, id: string | null) { await this.load(); await this.#change(makeCurrent(group, id, this.entries, this.builtin)); }

  async correct(id: string, cell: string, value: Cell, author: string, reason: string) {
    await this.load(); // a page may offer this before the workspace has been read
    const c = makeCorrection(this.#get(id), cell, value, author, reason);
    await store.putCorrections([c]);
    this.corrections.push(c);
    await this.#sync();
  }

  /** Several cells in one go — a row the reader could not place, entered whole: stored together, loaded once. */
  async correctCells(id: string, cells: readonly { cell: string; value: Cell }[], author: string, reason: string) {
    await this.load();
    const cs = makeCorrections(this.#get(id), cells, author, reason);
    await store.putCorrections(cs);
    this.corrections.push(...cs);
    await this.#sync();
  }

  async uncorrect(correctionId: string) {
    await this.load();
    await store.deleteCorrection(correctionId);
    this.corrections = this.corrections.filter((c) => c.id !== correctionId);
    await this.#sync();
  }

  async setChoice(choice: DatasetChoice) {
    await this.load();
    this.choice = choice;
    await store.setDatasetChoice(choice);
    await showDataset(choice);
  }

  /** Everything goes: entries, originals and corrections (the page asks first). */
  async clear() {
    await this.load();
    this.#queue = [];
    this.#bytes.clear();
    this.#dirty.clear();
    await store.clearWorkspace();
    this.entries = [];
    this.corrections = [];
    await this.#sync();
  }

  #get(id: string): Entry {
    const e = this.entries.find((x) => x.id === id);
    if (!e) throw new Error(`工作区中没有这个文件：${id}`);
    return $state.snapshot(e) as Entry;
  }

  async #change(proxies: Entry[]) {
    if (!proxies.length) return;
    // IndexedDB clones what it stores, and a reactive proxy cannot be cloned.
    const changed = proxies.map((e) => $state.snapshot(e) as Entry);
    await store.putEntries(changed);
    for (const c of changed) {
      const i = this.entries.findIndex((e) => e.id === c.id);
      if (i >= 0) this.entries[i] = c;
    }
    await this.#sync();
  }

  /** Load the accepted reports into DuckDB again (the views re-query). */
  async #sync() {
    await reloadWorkspace(workspaceTables($state.snapshot(this.entries) as Entry[], $state.snapshot(this.corrections) as Correction[]));
  }
}

export const workspace = new Workspace();
