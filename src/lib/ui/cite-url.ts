/**
 * The cite line's link as shown: one short line. The link itself (href, and
 * the text 复制 copies) stays the full URL, so it still opens the same view;
 * what is shown is the host and path, then the view's parameters decoded
 * (Chinese and SQL as written, not %E5%8E%BF…), the long query text last and
 * cut with “…” past `max` characters.
 */
export const CITE_URL_MAX = 72;

export function shortUrl(href: string, max = CITE_URL_MAX): string {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return href.length > max ? `${href.slice(0, max - 1)}…` : href;
  }
  const params = [...u.searchParams];
  // The SQL console's query (q) goes last: the short parameters (lang, data) stay visible before it is cut.
  params.sort(([a], [b]) => Number(a === 'q') - Number(b === 'q'));
  const query = params.map(([k, v]) => `${k}=${v.replace(/\s+/g, ' ').trim()}`).join('&');
  const shown = `${u.host}${u.pathname}${query ? `?${query}` : ''}${u.hash}`;
  const chars = [...shown];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : shown;
}
