/**
 * The first line of defence for a contract's `sql` rules: one statement that
 * only reads. Comments, string literals and quoted identifiers are blanked
 * first, so their contents never decide; then a second statement, a first word
 * other than a query's, or a word that writes or changes the session refuses
 * the rule before it reaches the engine. Each engine adds its own backstop (a
 * DuckDB statement-type check and locked configuration, a PostgreSQL READ ONLY
 * transaction), and every rule runs wrapped as a subquery.
 */
const FIRST_WORDS = new Set(['select', 'with', 'values', 'table', 'from']);
const FORBIDDEN = [
  'insert',
  'update',
  'delete',
  'merge',
  'upsert',
  'truncate',
  'drop',
  'alter',
  'create',
  'grant',
  'revoke',
  'copy',
  'attach',
  'detach',
  'install',
  'load',
  'call',
  'vacuum',
  'checkpoint',
  'export',
  'import',
  'pragma',
  'lock',
  'reindex',
  'cluster',
  'refresh',
  'execute',
  'prepare',
  'deallocate',
  'listen',
  'notify',
  'set',
  'reset',
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'do',
  'into',
  'explain',
];
const FORBIDDEN_RE = new RegExp(`\\b(${FORBIDDEN.join('|')})\\b`, 'i');

/** The text with comments, strings and quoted identifiers replaced by spaces; undefined when one is left open. */
export function blankLiterals(sql: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    let end: number;
    if (two === '--') end = sql.indexOf('\n', i) === -1 ? sql.length : sql.indexOf('\n', i);
    else if (two === '/*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) return undefined;
      end = close + 2;
    } else if (sql[i] === "'" || sql[i] === '"') {
      const quote = sql[i];
      let j = i + 1;
      for (;;) {
        j = sql.indexOf(quote, j);
        if (j === -1) return undefined;
        if (sql[j + 1] === quote) j += 2;
        else break;
      }
      end = j + 1;
    } else if (sql[i] === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      if (close === -1) return undefined;
      end = close + tag.length;
    } else {
      out += sql[i];
      i += 1;
      continue;
    }
    out += ' '.repeat(end - i);
    i = end;
  }
  return out;
}

/** A reason to refuse the query, or undefined when it may run. */
export function refuseSql(query: string): string | undefined {
  const blank = blankLiterals(query);
  if (blank === undefined) return 'the query has an unclosed comment, string or quoted name';
  const body = blank.trim().replace(/;\s*$/, '');
  if (body.includes(';')) return 'the query holds more than one statement; a rule is one SELECT';
  const first = /^\(*\s*([A-Za-z]+)/.exec(body)?.[1]?.toLowerCase();
  if (!first || !FIRST_WORDS.has(first)) return `a rule must be a query (SELECT or WITH), not \`${first ?? body.slice(0, 20)}\``;
  const word = FORBIDDEN_RE.exec(body)?.[1];
  if (word) return `the query uses \`${word.toUpperCase()}\`, which could change data or the session; rules only read (quote an identifier of that name)`;
  return undefined;
}

/** The rule's query with its placeholders replaced, as a subquery that yields at most two rows. */
export function wrapRuleQuery(query: string, replacements: { object?: string; property?: string }): string {
  let text = query.trim().replace(/;\s*$/, '');
  const put = (names: string[], value: string | undefined): void => {
    if (value === undefined) return;
    for (const name of names) text = text.split(`\${${name}}`).join(value).split(`{${name}}`).join(value);
  };
  put(['object', 'table', 'model'], replacements.object);
  put(['property', 'column', 'field'], replacements.property);
  return `SELECT * FROM (\n${text}\n) AS dp_rule LIMIT 2`;
}

/** Placeholders left in a query after replacement (a {property} in an object-level rule...). */
export function leftPlaceholders(query: string): string[] {
  return [...new Set([...query.matchAll(/\$?\{(object|table|model|property|column|field)\}/g)].map((m) => m[0]))];
}
