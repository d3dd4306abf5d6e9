/** How schema findings name places, values, types and formats in messages. */
export type Path = ReadonlyArray<string | number>;

/** `outputPorts[0].contractId`, the way a reader finds it in the YAML. */
export function displayPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** ` in \`servers[0]\`` or ` at the top level`. */
export function where(path: Path): string {
  return path.length === 0 ? ' at the top level' : ` in \`${displayPath(path)}\``;
}

/** The name of the value at a path: its key, or `list[3]` for an item. */
export function nameOf(path: Path): string {
  if (path.length === 0) return 'the document';
  const last = path[path.length - 1];
  if (typeof last === 'number') return `\`${displayPath(path.slice(-2))}\``;
  return `\`${last}\``;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'empty (null)',
};

export function expectedType(type: unknown): string {
  const types = (Array.isArray(type) ? type : String(type).split(',')).map(String);
  if (types.length === 1) return TYPE_WORDS[types[0]] ?? types[0];
  const words = types.map((t) => (t === 'boolean' ? 'a boolean' : t === 'null' ? 'null' : (TYPE_WORDS[t] ?? t).replace(/ \(.*\)$/, '')));
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export function actualType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return `${value}`;
  return 'a string';
}

/** A short, quoted rendering of a value for messages. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `\`${value.length > 60 ? `${value.slice(0, 57)}...` : value}\``;
  const json = JSON.stringify(value) ?? String(value);
  return `\`${json.length > 60 ? `${json.slice(0, 57)}...` : json}\``;
}

export function listOf(values: readonly unknown[], limit = 40): string {
  const shown = values.slice(0, limit).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > limit ? `${shown.join(', ')}, ... (${values.length} in all)` : shown.join(', ');
}

const FORMAT_WORDS: Record<string, string> = {
  date: 'a date in the form YYYY-MM-DD',
  'date-time': 'a date-time with a time zone (RFC 3339)',
  uri: 'an absolute URI with a scheme',
};

const FORMAT_EXAMPLES: Record<string, string> = {
  date: 'for example `2024-05-01`',
  'date-time': 'for example `2024-05-01T09:30:00Z` (UTC) or `2024-05-01T11:30:00+02:00`',
  uri: 'for example `https://example.com/docs` or `mailto:team@example.com`',
};

function formatWords(format: string): string {
  return FORMAT_WORDS[format] ?? `a valid \`${format}\``;
}

/** Characters RFC 3986 does not allow anywhere in a URI (unless percent-encoded). */
const NOT_IN_URI = /[\s{}|\\^`<>"]/g;

/** Why a value is not a URI, when it can be said better than "not a URI". */
function uriProblem(value: unknown): { why: string; hint: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const bad = [...new Set(value.match(NOT_IN_URI) ?? [])];
  if (bad.length > 0) {
    const shown = bad.map((c) => (/\s/.test(c) ? 'spaces' : `\`${c}\``)).join(' and ');
    const encoded = bad.map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join(', ');
    return {
      why: `${shown} ${bad.length > 1 || /\s/.test(bad[0]) ? 'are' : 'is'} not allowed in a URI`,
      hint: `percent-encode ${bad.length > 1 ? 'them' : 'it'} (${encoded}), or leave placeholders out of the URI`,
    };
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return { why: 'it has no scheme', hint: 'start it with a scheme, for example `https://`, `s3://` or `mailto:`' };
  return undefined;
}

/** The message of a value that does not match its format: what was expected, and why it is not, when that can be told. */
export function formatMessage(format: string, name: string, value: unknown): { message: string; hint?: string } {
  const problem = format === 'uri' ? uriProblem(value) : undefined;
  if (problem) return { message: `${name} must be a URI, got ${showValue(value)}: ${problem.why}`, hint: problem.hint };
  return { message: `${name} must be ${formatWords(format)}, got ${showValue(value)}`, hint: FORMAT_EXAMPLES[format] };
}

/** Hint for a scalar written without quotes that YAML read as a number or boolean. */
export function quoteHint(expected: unknown, value: unknown, source: string | undefined): string | undefined {
  const wantsString = expectedType(expected) === TYPE_WORDS.string;
  if (!wantsString || (typeof value !== 'number' && typeof value !== 'boolean')) return undefined;
  const raw = source && !/^["']/.test(source) ? source : String(value);
  return `quote it so YAML reads it as text: "${raw}"`;
}
