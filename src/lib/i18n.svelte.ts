/**
 * Chinese first, with an English switch. The language is view state and lives in
 * the URL (`?lang=en`; no parameter means Chinese), so a link can be shared as-is.
 *
 * The prerendered shell cannot read search parameters at build time, and its
 * hydration must match the Chinese HTML written then: the URL is read only in
 * the browser, once the layout has mounted (`markMounted`).
 */
import { base } from '$app/paths';
import { page } from '$app/state';
import { isMounted } from '$lib/ui/mounted.svelte';

export type Lang = 'zh' | 'en';

export { markMounted } from '$lib/ui/mounted.svelte';

/** The current language: `en` when the URL says `lang=en`, else Chinese. */
export function lang(): Lang {
  return isMounted() && page.url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
}
export const isEn = (): boolean => lang() === 'en';

/** The primary label for the current language. */
export function t(zh: string, en: string): string {
  return isEn() ? en : zh;
}
/** The secondary label (the other language), shown in small type next to the primary one. */
export function t2(zh: string, en: string): string {
  return isEn() ? zh : en;
}

/** A link inside the app that keeps the language: `href('/ranking')` → `/ranking?lang=en` in English. */
export function href(path: string): string {
  const full = path.startsWith(base) && base !== '' ? path : `${base}${path}`;
  if (!isEn()) return full;
  const [head, hash] = full.split('#', 2);
  const joined = `${head}${head.includes('?') ? '&' : '?'}lang=en`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}

/** The current URL in the other language, every other parameter kept. */
export function switchHref(): string {
  if (!isMounted()) return `${page.url.pathname}?lang=en`;
  const u = new URL(page.url);
  if (isEn()) u.searchParams.delete('lang');
  else u.searchParams.set('lang', 'en');
  return `${u.pathname}${u.search}${u.hash}`;
}

const EN_PLURAL = new Intl.PluralRules('en');
/**
 * An English count with its noun in the right number: `plural(1, 'report')` →
 * "1 report", `plural(2, 'report')` → "2 reports", `plural(3, 'body', 'bodies')`
 * → "3 bodies". The number is written as `fmt` writes it (digits grouped by
 * default); Chinese needs no such helper (“1 份报告”, “2 份报告”).
 */
export function plural<N extends number | null>(
  n: N,
  one: string,
  other = `${one}s`,
  fmt: (n: N) => string = (x) => (x === null ? '—' : x.toLocaleString('en')),
): string {
  // A blank count (null) is written as `fmt` writes a blank, never as 0, with the plural noun.
  return `${fmt(n)} ${n !== null && EN_PLURAL.select(n) === 'one' ? one : other}`;
}
/** The noun alone, in the number `n` asks for (also for a verb: `pluralWord(n, "is", "are")`). */
export const pluralWord = (n: number | null, one: string, other = `${one}s`): string =>
  n !== null && EN_PLURAL.select(n) === 'one' ? one : other;
