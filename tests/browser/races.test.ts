/**
 * Late answers never win (issue 17): in Debian's Chromium against the
 * production build, the answers of the DuckDB worker are held back on their
 * way to the page — those to the queries of a first choice, until the views
 * have asked and been answered for a second one — and then let through. The
 * screen must show the answer to the LAST choice:
 *
 * - 排名: 县 → 办公室 (held) → 县 again: the rows are the counties', not the
 *   offices' that came back last;
 * - 对比: two reports → a third added (held) → taken off again: the charts of
 *   the two are there, not gone for a key the view no longer asks.
 *
 * MINGJING_BUILD points the test at another build (e.g. the code before the
 * move onto useQueries, to see it fail there).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import { levelOf, reportId } from '../../src/lib/data/normalize';
import { REPORTS, useApp, withoutFirstPaint } from '../support/app';

/**
 * Runs in the page before the app: notes the SQL of every query posted to a
 * worker (DuckDB-WASM's RUN_QUERY: { messageId, data: [connection, sql] }),
 * and holds back the answers (matched by requestId) to those whose SQL
 * contains the text given to __race.hold(), until __race.release().
 */
function raceHooks() {
  type Answer = { requestId?: number };
  const sqlOf = new Map<number, string>();
  const unanswered = new Set<number>();
  const held: (() => void)[] = [];
  let holding: string | null = null;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, msg: unknown, ...rest: unknown[]) {
    const m = msg as { type?: string; messageId?: number; data?: unknown[] };
    if (m?.type === 'RUN_QUERY' && typeof m.messageId === 'number') {
      sqlOf.set(m.messageId, String(m.data?.[1] ?? ''));
      unanswered.add(m.messageId);
    }
    return (post as (...a: unknown[]) => void).call(this, msg, ...rest);
  } as typeof Worker.prototype.postMessage;
  const listen = EventTarget.prototype.addEventListener;
  Worker.prototype.addEventListener = function (
    this: Worker,
    type: string,
    fn: EventListenerOrEventListenerObject | null,
    opts?: boolean | AddEventListenerOptions,
  ) {
    if (type !== 'message' || typeof fn !== 'function') return listen.call(this, type, fn, opts);
    const wrapped = (e: Event) => {
      const id = ((e as MessageEvent).data as Answer | null)?.requestId;
      if (typeof id === 'number' && unanswered.delete(id) && holding !== null && sqlOf.get(id)!.includes(holding)) {
        held.push(() => fn.call(this, e));
        return;
      }
      fn.call(this, e);
    };
    return listen.call(this, type, wrapped, opts);
  } as typeof Worker.prototype.addEventListener;
  (window as unknown as { __race: unknown }).__race = {
    hold: (text: string) => (holding = text),
    /** Queries posted and not answered yet (a held answer has come back: it is not counted). */
    pending: () => unanswered.size,
    held: () => held.length,
    release: () => {
      holding = null;
      const out = held.splice(0);
      for (const f of out) f();
      return out.length;
    },
  };
}

type Race = { hold(text: string): void; pending(): number; held(): number; release(): number };
const race = <T>(page: Page, f: (r: Race) => T) => page.evaluate(`(${f.toString()})(window.__race)`) as Promise<T>;
/** Every query asked has come back (held ones included). */
const idle = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __race: Race }).__race.pending() === 0, undefined, {
    timeout: 60_000,
  });
/** Let the answers let through reach the screen. */
const settle = async (page: Page) => {
  await idle(page);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.waitForTimeout(800);
};

describe('late answers (Chromium, production build)', () => {
  const app = useApp({ root: process.env.MINGJING_BUILD ? resolve(process.env.MINGJING_BUILD) : undefined });
  let records: Awaited<ReturnType<typeof buildTables>>['records'] = [];
  beforeAll(async () => {
    records = (await buildTables(REPORTS)).records;
  });

  /** A fresh profile whose pages hold the worker's answers on request (raceHooks), every query asked of DuckDB. */
  async function open(): Promise<{ page: Page; errors: string[] }> {
    const session = await app.session();
    await withoutFirstPaint(session.context);
    await session.context.addInitScript(raceHooks);
    return { page: await session.newPage(), errors: session.errors };
  }

  it('排名 shows the level chosen last, not the one answered last', { timeout: 180_000 }, async () => {
    const of = (level: string) =>
      records
        .filter((r) => r.year === 2021 && levelOf(r.agency!, r.region_code) === level)
        .map(reportId)
        .sort();
    const [counties, offices] = [of('县'), of('办公室')];
    expect(counties.length).toBeGreaterThan(0);
    expect(offices.length).toBeGreaterThan(0);
    const { page, errors } = await open();
    const rows = () =>
      page
        .locator('table[data-ready="true"] tbody tr[data-report]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-report')!).sort());
    const level = page.locator('form.filters select').first();

    await page.goto(`${app.origin}/ranking?level=${encodeURIComponent('县')}&year=2021`);
    await expect.poll(rows, { timeout: 60_000 }).toEqual(counties);
    await idle(page);

    // 办公室: its answer is held back.
    await race(page, (r) => r.hold("'办公室'"));
    await level.selectOption('办公室');
    await expect.poll(() => race(page, (r) => r.held()), { timeout: 30_000 }).toBeGreaterThan(0);
    await idle(page);
    // 县 again, answered (from the cache or the worker) while 办公室's answer is still on its way.
    await level.selectOption('县');
    await expect.poll(() => new URL(page.url()).searchParams.get('level')).toBe('县');
    await settle(page);
    expect(await rows()).toEqual(counties);

    // The late answer to 办公室 arrives: the screen stays on 县.
    expect(await race(page, (r) => r.release())).toBeGreaterThan(0);
    await settle(page);
    expect(await rows(), 'rows of the level chosen last').toEqual(counties);
    expect(await page.locator('table[data-ready="true"] caption').innerText()).toContain('县 · 2021');
    expect(await level.inputValue()).toBe('县');
    expect(errors).toEqual([]);
  });

  it(
    '对比 draws the reports chosen last after an answer overtaken by a newer choice',
    { timeout: 180_000 },
    async () => {
      const byAgency = (a: string) => reportId(records.find((r) => r.agency === a)!);
      const two = [byAgency('济源市人民政府'), byAgency('泽州县人民政府')];
      const third = byAgency('运城市人民政府办公室');
      const { page, errors } = await open();
      const shown = () =>
        page
          .locator('[data-ready="true"] table[data-table="outcomes"] td[data-outcome="total"]')
          .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-agency')!).sort());
      const names = ['济源市人民政府', '泽州县人民政府'].sort();
      const charts = () => page.locator('[data-ready="true"] figure.chart').count();

      await page.goto(`${app.origin}/compare?${two.map((id) => `r=${encodeURIComponent(id)}`).join('&')}`);
      await expect.poll(shown, { timeout: 60_000 }).toEqual(names);
      const drawn = await charts();
      expect(drawn).toBeGreaterThanOrEqual(7);
      await idle(page);

      // A third report: the answers about it are held back.
      await race(page, (r) => r.hold("'运城市人民政府办公室|2021|"));
      await page.locator(`.choices input[data-report="${third}"]`).check();
      await expect.poll(() => race(page, (r) => r.held()), { timeout: 30_000 }).toBeGreaterThan(0);
      await idle(page);
      // Taken off again before they arrive.
      await page.locator(`.choices input[data-report="${third}"]`).uncheck();
      await expect.poll(() => new URL(page.url()).searchParams.getAll('r')).toEqual(two);
      await settle(page);

      // The overtaken answers arrive: the two reports' charts stay.
      expect(await race(page, (r) => r.release())).toBeGreaterThan(0);
      await settle(page);
      expect(await charts(), 'charts of the reports chosen last').toBe(drawn);
      expect(await shown()).toEqual(names);
      expect(errors).toEqual([]);
    },
  );
});
