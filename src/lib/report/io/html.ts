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
import { Parser } from 'htmlparser2';
import { DomHandler, type ChildNode, type Element } from 'domhandler';
import { HTML_MAX_DEPTH, LimitError } from '../../limits/files';

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
  /**
   * The page's pictures outside data tables, in document order: each `src` and where it stands in the text
   * (after this many lines) — where the tables OCR'd from it are put (read.ts).
   */
  pictures: { src: string; at: number }[];
}

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'table',
  'tr',
  'center',
  'form',
  'body',
  'title',
  'caption',
  'figure',
  'figcaption',
  'hr',
]);
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'iframe',
  'svg',
  'object',
  'button',
  'select',
  'option',
]);

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

/*
 * Every walk below is a loop over an explicit stack, never a recursion: a
 * crafted page nested 100,000 elements deep (htmlparser2 builds it without
 * complaint) would overflow the call stack of a recursive walk.
 */

/** Elements that hold a table somewhere inside them (layout tables, and their ancestors). */
function tableHolders(root: readonly ChildNode[]): Set<Element> {
  const holders = new Set<Element>();
  // Post-order without recursion: an element is finished when the stack comes back to it.
  const stack: { el: Element; done: boolean }[] = [];
  for (let i = root.length - 1; i >= 0; i--) {
    const n = root[i];
    if (isElement(n)) stack.push({ el: n, done: false });
  }
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (!top.done) {
      top.done = true;
      for (let i = top.el.children.length - 1; i >= 0; i--) {
        const c = top.el.children[i];
        if (isElement(c)) stack.push({ el: c, done: false });
      }
      continue;
    }
    stack.pop();
    if (top.el.children.some((c) => isElement(c) && (c.name === 'table' || holders.has(c)))) holders.add(top.el);
  }
  return holders;
}

/** Rows of a table, not those of tables nested inside it, in document order. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const stack: ChildNode[] = [...table.children].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (!isElement(c)) continue;
    if (c.name === 'tr') rows.push(c);
    else if (c.name !== 'table') for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]);
  }
  return rows;
}

/** A step of a walk: a node to enter, or the end of an element (for what follows its children). */
type Step = { node: ChildNode; end: false } | { node: Element; end: true };
const pushChildren = (stack: Step[], el: { children: ChildNode[] }) => {
  for (let i = el.children.length - 1; i >= 0; i--) stack.push({ node: el.children[i], end: false });
};

/** Visible text of a cell: whitespace (including &nbsp;) folded, line breaks inside the cell joined. */
function cellText(el: Element): string {
  const parts: string[] = [];
  const stack: Step[] = [];
  pushChildren(stack, el);
  while (stack.length) {
    const step = stack.pop()!;
    const n = step.node;
    if (step.end) {
      parts.push(' ');
      continue;
    }
    if (n.type === 'text') parts.push(n.data);
    else if (isElement(n)) {
      if (SKIP.has(n.name)) continue;
      if (n.name === 'br' || BLOCK.has(n.name)) parts.push(' ');
      if (BLOCK.has(n.name)) stack.push({ node: n, end: true });
      pushChildren(stack, n);
    }
  }
  return parts
    .join('')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}

/** htmlparser2's DOM builder, stopped with a LimitError once elements nest deeper than HTML_MAX_DEPTH. */
class DepthLimitedHandler extends DomHandler {
  override onopentag(name: string, attribs: Record<string, string>): void {
    // tagStack holds the document itself and every element still open.
    if (this.tagStack.length > HTML_MAX_DEPTH) {
      throw new LimitError(`元素嵌套超过 ${HTML_MAX_DEPTH} 层（正常网页不到 100 层），不像是正常的网页，未读取`);
    }
    super.onopentag(name, attribs);
  }
}

/** The DOM of a page, as htmlparser2's parseDocument makes it; a LimitError past HTML_MAX_DEPTH (its reason says what, the caller whose). */
function parseLimited(html: string) {
  const options = { decodeEntities: true, lowerCaseTags: true };
  const handler = new DepthLimitedHandler(undefined, {});
  new Parser(handler, options).end(html);
  return handler.root;
}

export function htmlToText(html: string): HtmlText {
  const doc = parseLimited(html);
  const holders = tableHolders(doc.children);
  const lines: string[] = [];
  const origins = new Map<number, HtmlOrigin>();
  let current = '';
  let tableNo = 0;
  const pictures: HtmlText['pictures'] = [];
  const flush = () => {
    const t = current.replace(/[ \t\u00a0\u3000]+/g, ' ').trim();
    if (t) lines.push(t);
    current = '';
  };

  const stack: Step[] = [];
  pushChildren(stack, doc);
  while (stack.length) {
    const step = stack.pop()!;
    const n = step.node;
    if (step.end) {
      flush();
      continue;
    } // the end of a block
    if (n.type === 'text') {
      current += n.data;
      continue;
    }
    if (!isElement(n) || SKIP.has(n.name)) continue;
    if (n.name === 'br') {
      flush();
      continue;
    }
    if (n.name === 'img') {
      // Lazy-loading sites put a placeholder in src and the picture in data-src / data-original.
      const a = n.attribs;
      const src = a['data-original'] || a['data-src'] || a.src;
      if (src) pictures.push({ src, at: lines.length });
      continue;
    }
    if (n.name === 'table' && !holders.has(n)) {
      flush();
      tableNo++;
      rowsOf(n).forEach((tr, i) => {
        const cells = tr.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
        if (cells.length === 0) return;
        lines.push(cells.map(cellText).join('\t'));
        origins.set(lines.length, { table: tableNo, row: i + 1 });
      });
      lines.push('');
      continue;
    }
    const block = BLOCK.has(n.name) || n.name === 'td' || n.name === 'th';
    if (block) {
      flush();
      stack.push({ node: n, end: true });
    }
    pushChildren(stack, n);
  }
  flush();
  return { text: lines.join('\n'), origins, pictures };
}

export { declaredCharset } from './sniff';
