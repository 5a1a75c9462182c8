/**
 * HTML (web pages, saved pages, and DOCX through mammoth) → report text.
 *
 * Data tables keep their real structure: one line per <tr>, one TAB-separated
 * field per <td>/<th>, an empty cell stays an empty field (blank ≠ 0). A
 * rowspan label appears once, on the first row it covers, which is how the
 * parser already reads tab-separated tables. Layout tables (a table whose
 * cells hold tables) are walked through, not read as data. Everything else
 * becomes lines of text. Each generated line remembers where it came from,
 * so provenance can say "table 3, row 5, column 2".
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

export interface HtmlOrigin {
  /** 1-based index of the data table in document order. */
  table: number;
  /** 1-based row within that table. */
  row: number;
}

export interface HtmlText {
  text: string;
  /** Generated line number (1-based) → table row it was made from. */
  origins: Map<number, HtmlOrigin>;
}

const BLOCK = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'tr', 'center', 'form', 'body', 'title', 'caption', 'figure', 'figcaption', 'hr']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'svg', 'object', 'button', 'select', 'option']);

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

function hasDescendantTable(el: Element): boolean {
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (c.name === 'table' || hasDescendantTable(c)) return true;
  }
  return false;
}

/** Rows of a table, not those of tables nested inside it. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const walk = (el: Element) => {
    for (const c of el.children) {
      if (!isElement(c)) continue;
      if (c.name === 'tr') rows.push(c);
      else if (c.name !== 'table') walk(c);
    }
  };
  walk(table);
  return rows;
}

/** Visible text of a cell: whitespace (including &nbsp;) folded, line breaks inside the cell joined. */
function cellText(el: Element): string {
  const parts: string[] = [];
  const walk = (n: ChildNode) => {
    if (n.type === 'text') parts.push(n.data);
    else if (isElement(n)) {
      if (SKIP.has(n.name)) return;
      if (n.name === 'br' || BLOCK.has(n.name)) parts.push(' ');
      n.children.forEach(walk);
      if (BLOCK.has(n.name)) parts.push(' ');
    }
  };
  el.children.forEach(walk);
  return parts.join('').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

export function htmlToText(html: string): HtmlText {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const lines: string[] = [];
  const origins = new Map<number, HtmlOrigin>();
  let current = '';
  let tableNo = 0;
  const flush = () => {
    const t = current.replace(/[ \t\u00a0\u3000]+/g, ' ').trim();
    if (t) lines.push(t);
    current = '';
  };

  const walk = (n: ChildNode) => {
    if (n.type === 'text') { current += n.data; return; }
    if (!isElement(n) || SKIP.has(n.name)) return;
    if (n.name === 'br') { flush(); return; }
    if (n.name === 'table' && !hasDescendantTable(n)) {
      flush();
      tableNo++;
      rowsOf(n).forEach((tr, i) => {
        const cells = tr.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
        if (cells.length === 0) return;
        lines.push(cells.map(cellText).join('\t'));
        origins.set(lines.length, { table: tableNo, row: i + 1 });
      });
      lines.push('');
      return;
    }
    const block = BLOCK.has(n.name) || n.name === 'td' || n.name === 'th';
    if (block) flush();
    n.children.forEach(walk);
    if (block) flush();
  };
  doc.children.forEach(walk);
  flush();
  return { text: lines.join('\n'), origins };
}

/** The charset an HTML file declares, from its first bytes (meta charset or http-equiv). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}
