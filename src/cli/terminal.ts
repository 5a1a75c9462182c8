/**
 * What the CLI prints comes from the reports (titles, labels, file names), and
 * a report is anyone's text: an ESC sequence in it could set the terminal's
 * title, clear the screen, hide text (ESC[8m) and print a fake “全部检查通过”.
 * So no control character from a report reaches a terminal: in human output
 * each is shown as an escape (`\x1b`, `\u202e`), and JSON output, which
 * escapes C0 itself, escapes the rest too (still valid JSON of the same value).
 */

/**
 * C0 controls (TAB and LF included: inside a field they would fake a column or
 * a line), DEL, C1 controls (U+009B is a CSI on many terminals), and the
 * invisible marks that reorder or hide text (bidi embeddings, overrides and
 * isolates; line and paragraph separators).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, minus C0 (which JSON.stringify has escaped already). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** A UTF-16 half without its other half: not a character; terminals show it as �. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** A string from a report (or a file name) made safe to print: every control shown as its escape. */
export function visible(s: string): string {
  return s
    .replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`))
    .replace(LONE_SURROGATE, '\ufffd');
}

/** JSON text made safe to print: C1, bidi and separator characters escaped as \uXXXX (JSON.stringify leaves them raw). */
export function safeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
