/**
 * An upper bound of the nesting of the text, checked before parsing: the parser
 * recurses once per level and V8 can crash (not throw) when a stack overflow
 * meets a regular expression compilation. Each block level adds at least one
 * column of indentation; flow levels are counted by their brackets.
 */
export const MAX_STRUCTURAL_DEPTH = 256;

export function nestingExceeds(text: string, limit: number): boolean {
  let flow = 0;
  let quote = '';
  let lineStart = true;
  let column = 0;
  let previous = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = true;
      column = 0;
      previous = '';
      continue;
    }
    if (quote) {
      if (ch === '\\' && quote === '"') i += 1;
      else if (ch === quote) quote = '';
      continue;
    }
    if (lineStart && (ch === ' ' || ch === '-' || ch === '?' || ch === ':')) {
      column += 1;
      if (column + flow > limit) return true;
      continue;
    }
    lineStart = false;
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    // A quote opens a scalar only where a scalar can start; an apostrophe inside plain text does not.
    if ((ch === '"' || ch === "'") && (previous === '' || ':-[{,?'.includes(previous))) quote = ch;
    else if (ch === '#' && (previous === '' || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
      continue;
    } else if (ch === '[' || ch === '{') {
      flow += 1;
      if (column + flow > limit) return true;
    } else if ((ch === ']' || ch === '}') && flow > 0) flow -= 1;
    previous = ch;
  }
  return false;
}
