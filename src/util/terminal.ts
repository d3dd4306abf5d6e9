/**
 * Text that came from documents or a catalog, made safe to print on a terminal. A publisher
 * controls ids, names, descriptions, field names and publisher strings; printed raw, an escape
 * sequence among them could clear the screen, move the cursor, rewrite earlier lines or set the
 * window title, and a line break or a bidirectional override could forge output. Every C0 and
 * C1 control character, DEL and the bidirectional controls are shown as visible escapes instead.
 * Escaping is idempotent: escaped text holds no control character.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One piece of untrusted text, with its control characters escaped. */
export function terminalText(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text;
}

/** Text of several lines (a message listing problems): each line escaped, the line breaks kept. */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalText).join('\n');
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of a value (a record read from a catalog, a list of outcomes...) with every string in it
 * escaped; terminal formatters call it on what they are given before writing anything.
 */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => terminalSafe(v)) as T;
  if (!isPlainObject(value)) return value;
  // fromEntries defines own properties, so a `__proto__` key of a document stays a key.
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [terminalText(key), terminalSafe(v)])) as T;
}
