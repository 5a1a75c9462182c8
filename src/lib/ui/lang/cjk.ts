/**
 * Chinese inside English text (a term quoted in a description, a name in a
 * DuckDB message or a result cell): its runs are marked lang="zh", so that an
 * English page has Chinese only where it says so.
 */
export const CJK_RUN = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+/g;
export const hasCjk = (s: string): boolean => /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/.test(s);

/** The text cut into runs: Chinese ones (`zh: true`) and the rest. */
export function cjkRuns(s: string): { text: string; zh: boolean }[] {
  const out: { text: string; zh: boolean }[] = [];
  let at = 0;
  for (const m of s.matchAll(CJK_RUN)) {
    if (m.index! > at) out.push({ text: s.slice(at, m.index), zh: false });
    out.push({ text: m[0], zh: true });
    at = m.index! + m[0].length;
  }
  if (at < s.length) out.push({ text: s.slice(at), zh: false });
  return out;
}
