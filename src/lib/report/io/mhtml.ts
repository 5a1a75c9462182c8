/**
 * A single-file saved page, .mht/.mhtml (IE, Edge, Chrome "网页，单个文件"):
 * MIME multipart/related — the page's HTML and each of its pictures a part,
 * base64 or quoted-printable, named by Content-Location (the URL it had) or
 * Content-ID. The pictures are the file's own: a src naming a part's URL is
 * read from that part (./resources.ts), nothing is fetched.
 */
import { binary, type PageResources } from './resources';

export interface Mhtml {
  /** The page's HTML, decoded by its part's charset. */
  html: string;
  /** The URL the page had (its part's Content-Location): what its relative srcs are relative to. */
  location: string | null;
  /** The parts by Content-Location (as written) and by `cid:` + Content-ID. */
  parts: Map<string, Uint8Array>;
}

/** Headers of a MIME part (folded lines joined), by lower-case name. */
function headers(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([\w-]+)\s*:\s*(.*)$/.exec(line);
    if (m) out.set(m[1].toLowerCase(), m[2].trim());
  }
  return out;
}

const param = (value: string | undefined, name: string) =>
  value ? (new RegExp(`${name}\\s*=\\s*"?([^";]+)"?`, 'i').exec(value)?.[1] ?? null) : null;

/** Quoted-printable to bytes (soft line breaks dropped). */
function unQuote(s: string): Uint8Array {
  const t = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
      out.push(parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(t.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

function body(raw: string, encoding: string | undefined): Uint8Array {
  const e = (encoding ?? '').toLowerCase();
  if (e === 'base64') {
    try {
      return Uint8Array.from(atob(raw.replace(/[^A-Za-z0-9+/=]/g, '')), (c) => c.charCodeAt(0));
    } catch {
      return new Uint8Array();
    }
  }
  if (e === 'quoted-printable') return unQuote(raw);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff);
}

/** Whether the bytes are a MIME multipart/related document (an .mht), from its first bytes. */
export function isMhtml(bytes: Uint8Array): boolean {
  const head = binary(bytes.subarray(0, 4096));
  const top = head.split(/\r?\n\r?\n/)[0];
  return /^content-type\s*:\s*multipart\/related/im.test(top.replace(/\r?\n[ \t]+/g, ' '));
}

/** The page and its parts, or null when it is not a multipart/related document with an HTML part. */
export function readMhtml(bytes: Uint8Array): Mhtml | null {
  const text = binary(bytes); // one char per byte: each part's body is decoded from its own bytes
  const split = /\r?\n\r?\n/.exec(text);
  if (!split) return null;
  const top = headers(text.slice(0, split.index));
  const boundary = param(top.get('content-type'), 'boundary');
  if (!boundary || !/multipart\/related/i.test(top.get('content-type') ?? '')) return null;
  let html: string | null = null;
  let location: string | null = null;
  const parts = new Map<string, Uint8Array>();
  for (const chunk of text.slice(split.index).split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break; // the closing delimiter
    const at = /\r?\n\r?\n/.exec(chunk);
    if (!at) continue;
    const h = headers(chunk.slice(0, at.index));
    const data = body(chunk.slice(at.index + at[0].length).replace(/\r?\n$/, ''), h.get('content-transfer-encoding'));
    const type = h.get('content-type') ?? 'text/plain';
    if (html === null && /^text\/html/i.test(type)) {
      const charset = (param(type, 'charset') ?? 'utf-8').toLowerCase();
      try {
        html = new TextDecoder(/^(?:gb2312|gbk|x-gbk)$/.test(charset) ? 'gb18030' : charset).decode(data);
      } catch {
        html = new TextDecoder().decode(data);
      }
      location = h.get('content-location') ?? null;
      continue;
    }
    const named = h.get('content-location');
    if (named) parts.set(named, data);
    const id = h.get('content-id')?.replace(/^<|>$/g, '');
    if (id) parts.set(`cid:${id}`, data);
  }
  return html === null ? null : { html, location, parts };
}

/**
 * The .mht's own parts as the page's resources: a src as written (a URL, `cid:…`), or made absolute against the
 * page's URL by computation alone (`new URL`, no request); other srcs as `also` finds them.
 */
export function mhtmlResources(m: Mhtml, also?: PageResources): PageResources {
  return {
    part(src) {
      const s = src.trim();
      if (m.parts.has(s)) return m.parts.get(s)!;
      try {
        return m.location ? (m.parts.get(new URL(s, m.location).href) ?? null) : null;
      } catch {
        return null;
      }
    },
    get: (path) => also?.get(path) ?? null,
  };
}
