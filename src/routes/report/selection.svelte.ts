/**
 * What the reader has picked in one report — the number clicked, a row to
 * enter whole, the finding pinned or pointed at, the span shown in the source
 * — shared by the tables, the findings and the source panel. The number
 * clicked and the finding pinned are in the URL too (`cell=<path>`,
 * `finding=<index>`), so a link opens the report on them: set here at once,
 * written to the URL alongside (setParams), read from it when the report has
 * loaded (fromUrl).
 */
import { tick } from 'svelte';
import type { ReportRecord, SourceSpan } from '$lib/report/types';
import { setParams } from '$lib/ui/url-state';
import { fixTarget } from './view';

export class Selection {
  /** The number clicked: its path; the source panel shows its span. */
  picked = $state<string | null>(null);
  /** A row, item, group or table to enter whole (workspace reports): a reading problem's row, or a row the report does not print. */
  pickedRow = $state<string | null>(null);
  /** A finding pinned by a click, and one under the pointer (indices in record.findings). */
  selected = $state<number | null>(null);
  hovered = $state<number | null>(null);
  sourceSpan = $state<SourceSpan | null>(null);
  /** The source text's scrolling box (SourcePanel binds it). */
  panel = $state.raw<HTMLElement | null>(null);

  /** The report, once read. */
  readonly record: () => ReportRecord | null;

  /** The cells of the finding pointed at or pinned (marked in the tables). */
  readonly flagged = $derived.by(
    () => new Set(this.record()?.findings[this.hovered ?? this.selected ?? -1]?.cells ?? []),
  );

  constructor(record: () => ReportRecord | null) {
    this.record = record;
  }

  async showSpan(span: SourceSpan | undefined | null) {
    this.sourceSpan = span ?? null;
    if (!span) return;
    await tick();
    const el = this.panel?.querySelector<HTMLElement>(`[data-line="${span.line}"]`);
    if (this.panel && el) this.panel.scrollTop = Math.max(0, el.offsetTop - this.panel.clientHeight / 3);
  }

  pick(path: string, write = true) {
    this.picked = path;
    this.pickedRow = null;
    void this.showSpan(this.record()?.cells?.[path]);
    if (write) setParams({ cell: path });
  }

  /** A row to enter whole (a row the report does not print). */
  pickRow(row: string) {
    this.pickedRow = row;
    this.picked = null;
  }

  selectFinding(i: number, write = true) {
    this.selected = this.selected === i ? null : i;
    const f = this.record()?.findings[i];
    if (this.selected === null || !f) {
      // Unpinned: nothing left to show in the source but the number clicked, if any.
      if (this.picked === null) this.sourceSpan = null;
      if (write) setParams({ finding: null });
      return;
    }
    this.picked = null;
    if (write) setParams({ finding: String(i), cell: null });
    // A narrative finding points at the sentence; a table finding at its first cell.
    void this.showSpan(f.source ?? f.cells.map((c) => this.record()?.cells?.[c]).find(Boolean));
  }

  /** 更正 on a reading problem: its finding pinned, its cell or row opened for correction. */
  fix(i: number) {
    const record = this.record();
    const f = record?.findings[i];
    const target = record && f ? fixTarget(record, f) : null;
    if (!target) return;
    if (this.selected !== i) this.selectFinding(i);
    if ('cell' in target) {
      this.picked = target.cell;
      this.pickedRow = null;
    } else this.pickRow(target.row);
  }

  /** The report has loaded: the cell and finding the URL names, and the reading problems in view when opened from a 含读取问题 badge. */
  fromUrl(url: URL) {
    const q = url.searchParams;
    const cell = q.get('cell');
    const i = Number(q.get('finding') ?? NaN);
    if (Number.isInteger(i) && this.record()?.findings[i]) this.selectFinding(i, false);
    if (cell) this.pick(cell, false);
    if (url.hash === '#reading')
      void tick().then(() => document.getElementById('reading')?.scrollIntoView({ block: 'start' }));
  }

  /** The report was read again after a correction (findings recomputed): an index pinned before may point elsewhere now. */
  reread() {
    this.selected = null;
    this.hovered = null;
  }
}
