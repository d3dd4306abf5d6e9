/**
 * Plain scalars as YAML 1.2's core schema reads them (and the `yaml` library
 * with its defaults): null, booleans, integers (decimal, 0o octal, 0x hex),
 * floats (with exponent, .inf, .nan), otherwise a string.
 */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

export function resolvePlain(text: string): unknown {
  const first = text.charCodeAt(0);
  // Fast exit: most scalars start with a letter that no special form starts with.
  const maybeSpecial =
    text.length === 0 ||
    first < 65 ||
    text[0] === '~' ||
    text[0] === 'n' ||
    text[0] === 'N' ||
    text[0] === 't' ||
    text[0] === 'T' ||
    text[0] === 'f' ||
    text[0] === 'F';
  if (!maybeSpecial) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT_OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT_SPECIAL.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}
