/** Quoted scalars on one line: single quotes (`''` for a quote) and double quotes with YAML's escapes. */
import { StepAside } from './reader.js';

/** The value and end of a quoted scalar starting at `pos`; steps aside when it goes on to the next line. */
export function scanQuoted(text: string, pos: number, end: number): { value: string; end: number } | undefined {
  const quote = text[pos];
  let out = '';
  let i = pos + 1;
  while (i < end) {
    const c = text[i];
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return { value: out, end: i + 1 };
    }
    if (c === '\\' && quote === '"') {
      const escaped = unescape(text, i, end);
      out += escaped.text;
      i = escaped.next;
      continue;
    }
    out += c;
    i += 1;
  }
  throw new StepAside(); // continues on the next line
}

function unescape(text: string, i: number, end: number): { text: string; next: number } {
  const c = text[i + 1];
  const simple: Record<string, string> = {
    '0': '\0',
    a: '\x07',
    b: '\b',
    t: '\t',
    '\t': '\t',
    n: '\n',
    v: '\v',
    f: '\f',
    r: '\r',
    e: '\x1b',
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    N: '\u0085',
    _: '\u00a0',
    L: '\u2028',
    P: '\u2029',
  };
  if (c !== undefined && c in simple && i + 1 < end) return { text: simple[c], next: i + 2 };
  const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  const hex = text.slice(i + 2, i + 2 + width);
  if (width === 0 || i + 2 + width > end || !/^[0-9a-fA-F]+$/.test(hex)) throw new StepAside();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) throw new StepAside();
  return { text: String.fromCodePoint(code), next: i + 2 + width };
}
