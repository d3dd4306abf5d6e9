/** DuckDB's SQL: RE2 regular expressions, lists, epoch(). */
import { numberLiteral, standardIdent, standardString, type Dialect } from './dialect.js';

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  ident: standardIdent,
  string: standardString,
  matches: (text, pattern) => `regexp_matches(${text}, ${standardString(pattern)})`,
  asText: (column) => `CAST(${column} AS VARCHAR)`,
  length: (text) => `length(${text})`,
  items: (column) => `len(${column})`,
  itemsRepeated: (column) => `(len(list_distinct(${column})) + list_count(list_filter(${column}, x -> x IS NULL)) < len(${column}))`,
  epoch: (expr) => `epoch(${expr})`,
  fromEpoch: (seconds) => `to_timestamp(${numberLiteral(seconds)})`,
  temporalType: (family) => (family === 'date' ? 'DATE' : family === 'time' ? 'TIME' : 'TIMESTAMPTZ'),
};
