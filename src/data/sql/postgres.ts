/** PostgreSQL's SQL: POSIX regular expressions, arrays, extract(epoch). */
import { numberLiteral, standardIdent, standardString, type Dialect } from './dialect.js';

export const postgresDialect: Dialect = {
  name: 'postgres',
  ident: standardIdent,
  // E'' is never produced: standard_conforming_strings is on in every supported version.
  string: standardString,
  matches: (text, pattern) => `(${text} ~ ${standardString(pattern)})`,
  asText: (column) => `CAST(${column} AS text)`,
  length: (text) => `char_length(${text})`,
  items: (column) => `cardinality(${column})`,
  itemsRepeated: (column) => `(cardinality(${column}) > (SELECT count(DISTINCT x) + count(*) FILTER (WHERE x IS NULL) FROM unnest(${column}) AS u(x)))`,
  epoch: (expr) => `extract(epoch FROM ${expr})::float8`,
  fromEpoch: (seconds) => `to_timestamp(${numberLiteral(seconds)})`,
  temporalType: (family) => (family === 'date' ? 'date' : family === 'time' ? 'time' : 'timestamptz'),
};
