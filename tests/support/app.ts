/**
 * The app as a browser test meets it: the production build served from 127.0.0.1, Debian's Chromium, and what
 * every page does that a test must see — console errors, page errors, requests that leave the origin. Also the
 * language checks of English mode (no Chinese outside lang="zh"; what a reader scans first reads English first)
 * and the few things the tests do on many pages (a download, a query on the app's database).
 *
 *   describe('…', () => {
 *     const app = useApp({ handle: true });   // opened before the tests, closed after them
 *     it('…', async () => {
 *       const page = await app.newPage();
 *       …
 *       expect(app.offOrigin()).toEqual([]);
 *       expect(app.errors).toEqual([]);
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { exposeTestHandle, launchChromium, launchChromiumProfile, serveBuild } from './browser';

export const ROOT = resolve(__dirname, '../..');
export const BUILD = join(ROOT, 'build');
export const SHOTS = join(ROOT, 'tests/output/screenshots');
/** The real reports the build embeds. */
export const REPORTS = join(ROOT, 'data/reports');

export interface SessionOptions {
  /** The window; 1280 × 900 unless said. */
  viewport?: { width: number; height: number };
  /** Ask the app for its test handle (`window.__mingjing`, see dbQuery). */
  handle?: boolean;
  /** False: the pages as their HTML arrives, no script run (what a prerendered page shows before the app). */
  javaScript?: boolean;
}

export interface AppOptions extends SessionOptions {
  /** A file build/ must have, or the test fails saying what to build; data/reports.arrow unless said. */
  needs?: string;
  /** The folder served, build/ unless said (a copy of it, for a test that must not see a rebuild). */
  root?: string;
  /** Chromium with this profile on disk (as a user's browser is) instead of a fresh one; see App.restart. */
  profile?: string;
}

/** One browser context (one profile): its pages' errors and every request it made. */
export interface Session {
  readonly origin: string;
  readonly context: BrowserContext;
  /** `console: …` (console errors) and `pageerror: …` (uncaught), of every page opened with newPage. */
  readonly errors: string[];
  /** Every URL requested, by the pages and by their workers. */
  readonly requests: string[];
  /** The requests that left the origin (blob: and data: URLs of the page never do). */
  offOrigin(): string[];
  /** A new page whose errors are collected and whose dialogs are accepted. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The served build, the browser, and a first session (context) in it. */
export interface App extends Session {
  /** Undefined with a profile on disk. */
  readonly browser: Browser | undefined;
  /** Every path the server was asked for. */
  readonly served: string[];
  /** Another context: a fresh profile with its own errors and requests. */
  session(opts?: SessionOptions): Promise<Session>;
  /** With a profile on disk: close Chromium and start it again on the same profile. */
  restart(): Promise<void>;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

const ours = (url: string, origin: string) =>
  url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || url.startsWith('data:') || url === 'about:blank';

class Watched implements Session {
  readonly errors: string[] = [];
  readonly requests: string[] = [];
  constructor(
    readonly origin: string,
    public context: BrowserContext,
    /** Wait, after each `goto`, for the app to have mounted (false where no script runs). */
    private readonly waitMount = true,
  ) {
    this.listen();
  }

  protected listen(): void {
    this.context.on('request', (r) => this.requests.push(r.url()));
  }

  offOrigin(): string[] {
    return this.requests.filter((u) => !ours(u, this.origin));
  }

  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.on('console', (m) => m.type() === 'error' && this.errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => void d.accept());
    if (this.waitMount) {
      // The views are prerendered: their controls are in the page before the app answers them. A test, like a
      // user, acts once the app has mounted (src/lib/ui/mounted.svelte.ts), not on the HTML alone.
      const goto = page.goto.bind(page);
      page.goto = async (url, opts) => {
        const res = await goto(url, opts);
        if (url.startsWith(this.origin))
          await page.waitForFunction(() => 'mounted' in document.documentElement.dataset, undefined, {
            timeout: 60_000,
          });
        return res;
      };
    }
    return page;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

async function newContext(browser: Browser, opts: SessionOptions): Promise<BrowserContext> {
  const viewport = opts.viewport ?? { width: 1280, height: 900 };
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    acceptDownloads: true,
    javaScriptEnabled: opts.javaScript ?? true,
  });
  if (opts.handle) await exposeTestHandle(context);
  return context;
}

class Served extends Watched implements App {
  constructor(
    origin: string,
    context: BrowserContext,
    readonly browser: Browser | undefined,
    readonly served: string[],
    private readonly server: Server,
    private readonly opts: AppOptions,
  ) {
    super(origin, context);
  }

  async session(opts: SessionOptions = {}): Promise<Session> {
    if (!this.browser) throw new Error('openApp({ profile }) has one context: use restart()');
    return new Watched(this.origin, await newContext(this.browser, opts), opts.javaScript ?? true);
  }

  async restart(): Promise<void> {
    if (!this.opts.profile) throw new Error('restart() is for openApp({ profile })');
    await this.context.close();
    this.context = await profileContext(this.opts.profile, this.opts);
    this.listen();
  }

  async close(): Promise<void> {
    await (this.browser ?? this.context).close();
    await new Promise((ok) => this.server.close(ok));
  }
}

async function profileContext(dir: string, opts: SessionOptions): Promise<BrowserContext> {
  const context = await launchChromiumProfile(dir);
  if (opts.handle) await exposeTestHandle(context);
  return context;
}

/** Fails, saying what to build, unless the build has `file`. */
export function needBuild(file: string, root = BUILD): void {
  if (!existsSync(join(root, file)))
    throw new Error(`build/${file} missing: run \`npm run data && npx vite build\` (npm test does)`);
}

/** Serve the build and start Chromium; close it in afterAll. */
export async function openApp(opts: AppOptions = {}): Promise<App> {
  const root = opts.root ?? BUILD;
  needBuild(opts.needs ?? 'data/reports.arrow', root);
  mkdirSync(SHOTS, { recursive: true });
  const served: string[] = [];
  const { server, origin } = await serveBuild(root, served);
  try {
    if (opts.profile)
      return new Served(origin, await profileContext(opts.profile, opts), undefined, served, server, opts);
    const browser = await launchChromium();
    return new Served(origin, await newContext(browser, opts), browser, served, server, opts);
  } catch (e) {
    server.close();
    throw e;
  }
}

/**
 * The app of a describe block: opened in beforeAll (with `opts`, or what `opts()` says then), closed in afterAll.
 * Returned at once, so the tests can name it; it answers only once open.
 */
export function useApp(opts: AppOptions | (() => AppOptions) = {}): App {
  let app: App | undefined;
  beforeAll(async () => {
    app = await openApp(typeof opts === 'function' ? opts() : opts);
  }, 120_000);
  afterAll(() => app?.close());
  return new Proxy({} as App, {
    get(_, key) {
      if (!app) throw new Error('the app opens in beforeAll: use it in a test or a later hook');
      const v = Reflect.get(app, key, app);
      return typeof v === 'function' ? v.bind(app) : v;
    },
  });
}

/**
 * The views of this context ask DuckDB for everything, their default states too, as they did before the first
 * paint existed: the build-time results (static/data/first-paint.json and the version the app's start reads,
 * first-paint/version.json) are served as computed on another data set, which the app refuses — so it computes
 * its indicator tables and its data-set version in the browser as well. For the tests of what DuckDB answers
 * (races, preloads) and the live side of the first paint's test.
 */
export const withoutFirstPaint = (context: BrowserContext) =>
  context.route(/\/data\/first-paint(\.json|\/version\.json)$/, (r) =>
    r.fulfill({ contentType: 'application/json', body: JSON.stringify({ version: 'another data set', answers: {} }) }),
  );

/** Text that says a view still waits for DuckDB to start (src/lib/ui/words.ts STARTING). */
export const STARTING_TEXT = '正在启动数据库';

/** What a click downloads: the name the page gave it, where it was saved, its bytes. */
export async function download(
  page: Page,
  click: () => Promise<unknown>,
  timeout?: number,
): Promise<{ name: string; path: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', timeout === undefined ? {} : { timeout }), click()]);
  const path = (await dl.path())!;
  return { name: dl.suggestedFilename(), path, bytes: readFileSync(path) };
}

/** The CSV and the XLSX of the export buttons in `scope`: the CSV's text (a BOM first, checked), the XLSX opened. */
export async function exportsIn(page: Page, scope: Locator): Promise<{ csv: string; xlsx: ExcelJS.Workbook }> {
  const csv = (await download(page, () => scope.locator('[data-export="csv"]').first().click())).bytes.toString('utf8');
  expect(csv.startsWith('\ufeff')).toBe(true);
  const xlsx = new ExcelJS.Workbook();
  await xlsx.xlsx.readFile((await download(page, () => scope.locator('[data-export="xlsx"]').first().click())).path);
  return { csv, xlsx };
}

type Handle = { __mingjing: { database(): Promise<{ query(sql: string): Promise<unknown[]> }> } };

/** A query on the app's own database, through the test handle (openApp({ handle: true })): no guard, no view. */
export const dbQuery = <T = Record<string, unknown>>(page: Page, sql: string) =>
  page.evaluate(async (sql) => (await (window as unknown as Handle).__mingjing.database()).query(sql), sql) as Promise<
    T[]
  >;

/* ------------------------------------------------------------------ English mode */

/** <html lang>, as the page says it. */
export const pageLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

/**
 * Chinese text the page shows outside an element marked lang="zh": text nodes (SVG text and <option>s included,
 * hidden ones too) and the labels a reader meets (placeholder, title, aria-label). <title>/<desc> of the charts
 * repeat their drawn text and are read by screen readers only; so does SvelteKit's route announcer, which repeats
 * the page's <title> after an in-page navigation.
 */
export const strayChinese = (page: Page) =>
  page.evaluate(() => {
    const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    const zh = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh');
    const where = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    const out: string[] = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (
        !el ||
        el.closest('script, style, title, desc, #svelte-announcer') ||
        !CJK.test(n.textContent ?? '') ||
        zh(el)
      )
        continue;
      out.push(`${where(el)}: ${n.textContent!.trim().slice(0, 80)}`);
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v && CJK.test(v) && !zh(el)) out.push(`${where(el)}[${a}]: ${v.slice(0, 80)}`);
      }
    }
    return out;
  });

/** What a reader scans first: headings, captions, table headers, buttons, options, labels, chart titles. */
export const HEADLINES = 'h1, h2, h3, caption, th, button, option, label, text[data-role="title"]';

/** The first words of each of `selector` (not counting bare numbers and signs), unless a Chinese name (lang="zh"). */
export const headlines = (page: Page, selector = HEADLINES) =>
  page.evaluate((selector) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll(selector)) {
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let n = walk.nextNode();
      while (n && !(n.textContent ?? '').trim()) n = walk.nextNode();
      if (!n || (n.parentElement?.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh')) continue;
      const s = n.textContent!.trim();
      if (!/^[\d.,%—–\-▼▲←]+$/.test(s)) out.push(s);
    }
    return out;
  }, selector);

/** English first: a Latin letter, a digit, a bracket or a quote. */
export const ENGLISH_FIRST = /^[A-Za-z0-9(“"]/;

/** The page is in English: lang="en", no Chinese outside lang="zh", every headline English first. Its headlines. */
export async function expectEnglish(page: Page, label: string): Promise<string[]> {
  await expect.poll(() => pageLang(page), { message: label }).toBe('en');
  expect(await strayChinese(page), label).toEqual([]);
  const heads = await headlines(page);
  for (const h of heads) expect(h, `${label}: ${h}`).toMatch(ENGLISH_FIRST);
  return heads;
}
