/**
 * English that is grammatical (src/lib/i18n.svelte.ts `plural`, `pluralWord`)
 * and the cite line's short link (src/lib/ui/cite-url.ts), in Node: the
 * helpers themselves, and the messages built with them that carry both
 * languages (`Msg`), read at 0, 1, 2 and a thousand.
 */
import { describe, expect, it } from 'vitest';
import { plural, pluralWord } from '../src/lib/i18n.svelte';
import { CITE_URL_MAX, shortUrl } from '../src/lib/ui/cite-url';
import { fmtInt } from '../src/lib/ui/format';
import * as importView from '../src/routes/import/view';

describe('plural', () => {
  it('one for 1, the other form for 0, 2, 1.5 and many; digits grouped', () => {
    expect(plural(1, 'report')).toBe('1 report');
    expect(plural(0, 'report')).toBe('0 reports');
    expect(plural(2, 'report')).toBe('2 reports');
    expect(plural(1.5, 'report')).toBe('1.5 reports');
    expect(plural(12345, 'report')).toBe('12,345 reports');
    // A blank count stays blank, never 0.
    expect(plural(null, 'case')).toBe('— cases');
    expect(plural(1, 'body', 'bodies')).toBe('1 body');
    expect(plural(3, 'body', 'bodies')).toBe('3 bodies');
    // The app's own number format, when given.
    expect(plural(100000, 'row', 'rows', fmtInt)).toBe(`${fmtInt(100000)} rows`);
    expect(plural(1, 'row', 'rows', String)).toBe('1 row');
  });
  it('the word alone, for verbs too', () => {
    expect(pluralWord(1, 'is', 'are')).toBe('is');
    expect(pluralWord(2, 'is', 'are')).toBe('are');
    expect(pluralWord(0, 'file')).toBe('files');
  });
});

describe('the import page’s messages in English', () => {
  const counts = (accepted: number, undecided: number, failed: number) =>
    importView.W.counts({ accepted, undecided, failed }).en;
  it('counts: “1 report accepted”, never “1 reports”', () => {
    expect(counts(1, 0, 1)).toBe('1 report accepted · 0 to decide · 1 file not usable');
    expect(counts(2, 3, 0)).toBe('2 reports accepted · 3 to decide · 0 files not usable');
    expect(importView.W.counts({ accepted: 1, undecided: 0, failed: 0 }).zh).toBe('已接受 1 · 待决定 0 · 未能采用 0');
  });
  it('confirmations and notices agree with their number', () => {
    expect(importView.W.confirmRemove(1).en).toBe(
      'Delete 1 file that was set aside, is not a report or could not be read (with its original)? This cannot be undone.',
    );
    expect(importView.W.confirmRemove(2).en).toMatch(
      /^Delete 2 files that were set aside, are not reports .*their originals/,
    );
    expect(importView.W.confirmClear(1).en).toMatch(
      /^Clear the workspace\? This deletes the 1 file, its parsed record /,
    );
    expect(importView.W.setAside(1).en).toMatch(
      /^1 stored item is not in the format Mingjing writes and was set aside/,
    );
    expect(importView.W.setAside(4).en).toMatch(/^4 stored items are not .* were set aside/);
    for (const n of [0, 1, 2, 7]) {
      for (const m of [importView.W.confirmRemove(n), importView.W.confirmClear(n), importView.W.setAside(n)]) {
        expect(m.en).not.toMatch(/\b1 \w+s\b(?! )|\b1 files|\b1 items/);
        expect(m.zh).toContain(String(n));
      }
    }
  });
});

describe('the cite line’s short link', () => {
  it('short parameters decoded and first, the query last and cut', () => {
    const q = `SELECT agency, level, year, format\nFROM reports\nWHERE level = '县'\nORDER BY year, agency ${'-- x '.repeat(40)}`;
    const full = `http://127.0.0.1:4173/sql?q=${encodeURIComponent(q)}&lang=en`;
    const s = shortUrl(full);
    expect([...s].length).toBeLessThanOrEqual(CITE_URL_MAX);
    expect(s.startsWith('127.0.0.1:4173/sql?lang=en&q=SELECT agency, level, year, format FROM')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(full.length).toBeGreaterThan(300);
  });
  it('a short URL is shown whole, Chinese decoded', () => {
    const u = `http://localhost:4173/ranking?level=${encodeURIComponent('县')}&year=2021`;
    expect(shortUrl(u)).toBe('localhost:4173/ranking?level=县&year=2021');
    expect(shortUrl('http://localhost:4173/')).toBe('localhost:4173/');
    expect(shortUrl('not a url')).toBe('not a url');
  });
});
